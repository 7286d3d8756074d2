/**
 * The caller ID data link message, shared by the sender (src/line/callerid) and the
 * receiver (callerid-reader.ts): message type, message length, body, checksum.
 * - Telcordia GR-30-CORE §2.3 (Bell): SDMF 0x04 (MMDDHHMM + number, or 'O'/'P'), SDMF 0x06
 *   message waiting, MDMF 0x80 call setup and 0x82 message waiting, with parameters
 *   (type, length, value).
 * - ETSI EN 300 659-3: the same MDMF layout, 0x80 call set-up, 0x82 message waiting.
 * Checksum (GR-30-CORE §2.4, ETSI EN 300 659-1 data link layer): two's complement of the modulo-256 sum
 * of every byte before it, so the sum of the whole message is 0 mod 256.
 */
import { err, ok, type Result } from "../util/result.js";

export const MESSAGE_TYPE = {
  sdmfCallerId: 0x04,
  sdmfMessageWaiting: 0x06,
  mdmfCallSetup: 0x80,
  mdmfMessageWaiting: 0x82,
} as const;

/** MDMF parameter types (GR-30-CORE §2.3; EN 300 659-3). */
export const PARAMETER = {
  dateTime: 0x01,
  number: 0x02,
  dialedNumber: 0x03,
  numberAbsent: 0x04,
  name: 0x07,
  nameAbsent: 0x08,
  visualIndicator: 0x0b,
  callType: 0x11,
} as const;

export interface CallerIdParameter {
  readonly type: number;
  readonly value: Uint8Array;
}

/** A decoded message: MDMF carries parameters; SDMF a body whose layout its type defines. */
export interface CallerIdMessage {
  readonly type: number;
  readonly parameters: readonly CallerIdParameter[];
  readonly body: Uint8Array;
}

/** Two's complement of the modulo-256 sum of `bytes`. */
export function checksum(bytes: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum += bytes[i]!;
  return -sum & 0xff;
}

/** type, length, body, checksum. The body may hold 255 bytes at most. */
export function encodeMessage(type: number, body: Uint8Array): Uint8Array {
  if (body.length > 255) throw new RangeError(`message body of ${body.length} bytes (at most 255)`);
  const out = new Uint8Array(body.length + 3);
  out[0] = type;
  out[1] = body.length;
  out.set(body, 2);
  out[out.length - 1] = checksum(out.subarray(0, out.length - 1));
  return out;
}

/** An MDMF message: each parameter as type, length, value (each value 1–255 bytes). */
export function encodeMdmf(type: number, parameters: readonly CallerIdParameter[]): Uint8Array {
  const body: number[] = [];
  for (const p of parameters) {
    if (p.value.length === 0 || p.value.length > 255) throw new RangeError(`parameter 0x${p.type.toString(16)} of ${p.value.length} bytes`);
    body.push(p.type, p.value.length, ...p.value);
  }
  return encodeMessage(type, Uint8Array.from(body));
}

/** True for the types whose body is a parameter list (the most significant bit set). */
export function isMdmf(type: number): boolean {
  return (type & 0x80) !== 0;
}

/** Checks length and checksum of one whole message and splits MDMF parameters. */
export function parseMessage(bytes: Uint8Array): Result<CallerIdMessage> {
  if (bytes.length < 3) return err(`message of ${bytes.length} bytes is too short`);
  const length = bytes[1]!;
  if (bytes.length !== length + 3) return err(`length byte says ${length}, message carries ${bytes.length - 3}`);
  if (checksum(bytes) !== 0) return err("checksum mismatch");
  const type = bytes[0]!;
  const body = bytes.slice(2, 2 + length);
  const parameters: CallerIdParameter[] = [];
  if (isMdmf(type)) {
    for (let at = 0; at < body.length; ) {
      if (at + 2 > body.length) return err(`parameter header cut at byte ${at}`);
      const size = body[at + 1]!;
      if (at + 2 + size > body.length) return err(`parameter 0x${body[at]!.toString(16)} runs past the message`);
      parameters.push({ type: body[at]!, value: body.slice(at + 2, at + 2 + size) });
      at += 2 + size;
    }
  }
  return ok({ type, parameters, body });
}

export function ascii(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code > 0x7e) throw new RangeError(`caller ID text carries printable ASCII only, not ${JSON.stringify(c)}`);
    return code;
  });
}

export function text(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes);
}
