/**
 * The NTT "Number Display" caller ID message (Japan; NTT's technical reference on the
 * interfaces of telephone services, number display chapter), as the bytes to send:
 *   DLE SOH header(0x07) DLE STX  type(0x40) length parameters…  DLE ETX  CRC-16 (low, high)
 * Framing, parity and CRC are in src/dsp/callerid-ntt.ts (shared with the reader).
 * Parameters: 0x02 number, or 0x04 reason for its absence ('P' private, 'O' unavailable,
 * 'C' public telephone, 'S' service conflict).
 */
import { crc16, NTT, withParity, type AbsenceReason, type CallerIdInfo } from "../../dsp/index.js";

export type NttAbsenceReason = AbsenceReason | "public-telephone" | "service-conflict";
const ABSENCE: Readonly<Record<NttAbsenceReason, string>> = {
  private: "P",
  unavailable: "O",
  "public-telephone": "C",
  "service-conflict": "S",
};

/** The number (digits only, at most 20) or the reason it is absent. */
export function nttCallerIdMessage(info: CallerIdInfo & { numberReason?: NttAbsenceReason }): Uint8Array {
  const digits = info.number?.replace(/\D/g, "").slice(0, 20);
  const parameter = digits
    ? [NTT.number, digits.length, ...Array.from(digits, (c) => c.charCodeAt(0))]
    : [NTT.numberAbsent, 1, ABSENCE[info.numberReason ?? info.numberAbsent ?? "unavailable"].charCodeAt(0)];
  const stuffed = [parameter.length, ...parameter].flatMap((b) => (b === NTT.dle ? [NTT.dle, NTT.dle] : [b]));
  const framed = [NTT.dle, NTT.soh, NTT.header, NTT.dle, NTT.stx, NTT.messageType, ...stuffed, NTT.dle, NTT.etx].map(withParity);
  const crc = crc16(framed.slice(2));
  return Uint8Array.from([...framed, crc & 0xff, crc >> 8]);
}
