/**
 * The NTT number display message (Japan), shared by the sender (src/line/callerid) and the
 * reader: DLE SOH header DLE STX, type 0x40, length, parameters (type, length, value),
 * DLE ETX, CRC-16 low byte then high byte. Bytes carry 7 data bits and even parity in bit 7;
 * a DLE inside length or parameters is doubled. The CRC (V.41 polynomial reflected, 0x8408,
 * initial 0, no final inversion) covers everything after DLE SOH, parity bits included.
 */
import type { CallerIdInfo } from "./callerid-info.js";
import { err, ok, type Result } from "../util/result.js";

export const NTT = {
  dle: 0x10,
  soh: 0x01,
  stx: 0x02,
  etx: 0x03,
  header: 0x07,
  messageType: 0x40,
  number: 0x02,
  numberAbsent: 0x04,
} as const;

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

/** True when `bytes` (as received) end with an unstuffed DLE ETX and two CRC bytes. */
export function isCompleteNttFrame(bytes: readonly number[]): boolean {
  const n = bytes.length;
  if (n < 11 || (bytes[n - 4]! & 0x7f) !== NTT.dle || (bytes[n - 3]! & 0x7f) !== NTT.etx) return false;
  let dles = 0;
  for (let i = n - 4; i >= 0 && (bytes[i]! & 0x7f) === NTT.dle; i--) dles++;
  return dles % 2 === 1;
}

/** Checks parity, framing and CRC of a whole frame and reads the number or its absence. */
export function parseNttFrame(bytes: readonly number[]): Result<CallerIdInfo> {
  if (!isCompleteNttFrame(bytes)) return err("not a whole NTT frame");
  if (bytes.slice(0, -2).some((b) => withParity(b) !== b)) return err("parity error");
  if (crc16(bytes.slice(2)) !== 0) return err("CRC mismatch");
  const plain = bytes.slice(0, -4).map((b) => b & 0x7f);
  const head = [NTT.dle, NTT.soh, NTT.header, NTT.dle, NTT.stx, NTT.messageType];
  if (head.some((b, i) => plain[i] !== b)) return err("not an NTT caller ID message");
  const body: number[] = [];
  for (let i = head.length; i < plain.length; i++) {
    body.push(plain[i]!);
    if (plain[i] === NTT.dle) i++;
  }
  const info: CallerIdInfo = {};
  for (let at = 1; at + 1 < body.length; at += 2 + body[at + 1]!) {
    const value = String.fromCharCode(...body.slice(at + 2, at + 2 + body[at + 1]!));
    if (body[at] === NTT.number) info.number = value;
    if (body[at] === NTT.numberAbsent) info.numberAbsent = value === "P" ? "private" : "unavailable";
  }
  return ok(info);
}
