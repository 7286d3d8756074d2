/**
 * The NTT "Number Display" caller ID message (Japan; NTT's technical reference on the
 * interfaces of telephone services, number display chapter), as the bytes to send:
 *   DLE SOH header(0x07) DLE STX  type(0x40) length parameters…  DLE ETX  CRC-16 (low, high)
 * Every byte is 7-bit data with even parity in bit 7. Parameters are type, length, value:
 * 0x02 number, 0x04 reason for its absence ('P' private, 'O' unavailable, 'C' public
 * telephone, 'S' service conflict). A DLE inside the length or the parameters is sent
 * twice. The CRC (ITU-T V.41 polynomial, reflected, initial value 0, no final inversion)
 * covers everything after DLE SOH, parity bits included, so the CRC of the whole block
 * from the header on, CRC bytes included, is 0.
 */
import type { AbsenceReason, CallerIdInfo } from "../../dsp/index.js";

const DLE = 0x10;
const SOH = 0x01;
const STX = 0x02;
const ETX = 0x03;
const HEADER = 0x07;
export const NTT_MESSAGE_TYPE = 0x40;
export const NTT_PARAMETER = { number: 0x02, numberAbsent: 0x04 } as const;

export type NttAbsenceReason = AbsenceReason | "public-telephone" | "service-conflict";
const ABSENCE: Readonly<Record<NttAbsenceReason, string>> = {
  private: "P",
  unavailable: "O",
  "public-telephone": "C",
  "service-conflict": "S",
};

/** Even parity in bit 7 of a 7-bit value. */
export function withParity(byte: number): number {
  let ones = 0;
  for (let v = byte & 0x7f; v; v >>= 1) ones += v & 1;
  return (byte & 0x7f) | ((ones & 1) << 7);
}

/** CRC-16 with the reflected V.41 polynomial 0x8408, initial value 0, no final inversion. */
export function crc16(bytes: ArrayLike<number>): number {
  let crc = 0;
  for (let i = 0; i < bytes.length; i++) {
    crc ^= bytes[i]!;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x8408 : crc >>> 1;
  }
  return crc;
}

/** The number (digits only, at most 20) or the reason it is absent. */
export function nttCallerIdMessage(info: CallerIdInfo & { numberReason?: NttAbsenceReason }): Uint8Array {
  const digits = info.number?.replace(/\D/g, "").slice(0, 20);
  const parameter = digits
    ? [NTT_PARAMETER.number, digits.length, ...Array.from(digits, (c) => c.charCodeAt(0))]
    : [NTT_PARAMETER.numberAbsent, 1, ABSENCE[info.numberReason ?? info.numberAbsent ?? "unavailable"].charCodeAt(0)];
  const stuffed = [parameter.length, ...parameter].flatMap((b) => (b === DLE ? [DLE, DLE] : [b]));
  const framed = [DLE, SOH, HEADER, DLE, STX, NTT_MESSAGE_TYPE, ...stuffed, DLE, ETX].map(withParity);
  const crc = crc16(framed.slice(2));
  return Uint8Array.from([...framed, crc & 0xff, crc >> 8]);
}
