/**
 * Caller ID and message waiting messages to send, built from what the display should show.
 * Byte layout and checksum are in src/dsp/callerid-message.ts (shared with the receiver).
 * - Bell SDMF 0x04 (GR-30-CORE §2.3): MMDDHHMM then the number (at most 10 digits), or 'O'/'P'.
 * - MDMF 0x80 call set-up (GR-30-CORE §2.3, ETSI EN 300 659-3): 0x01 date/time, 0x02
 *   number or 0x04 reason for its absence, 0x07 name or 0x08 reason for its absence.
 * - MDMF 0x82 message waiting with 0x0B visual indicator 0xFF on / 0x00 off (GR-30-CORE
 *   §2.3, EN 300 659-3); SDMF 0x06 message waiting for older Bell displays.
 * Names longer than the profile carries are cut (Bell CNAM is 15 characters, EN 300 659-3
 * allows 50); a number that cannot be sent becomes "unavailable"; text outside printable
 * ASCII is replaced by '?', so the message always builds.
 */
import {
  ABSENCE_CODE,
  ascii,
  encodeMdmf,
  encodeMessage,
  formatTime,
  MESSAGE_TYPE,
  PARAMETER,
  type CallerIdInfo,
  type CallerIdParameter,
} from "../../dsp/index.js";

export type MessageProfile = "bell" | "etsi";

const LIMITS: Readonly<Record<MessageProfile, { number: number; name: number }>> = {
  bell: { number: 15, name: 15 },
  etsi: { number: 20, name: 50 },
};

/** Printable ASCII only, cut to `max` characters. */
function printable(value: string, max: number): string {
  return value.replace(/[^\x20-\x7e]/g, "?").slice(0, max);
}

/** Digits, '+', '*' and '#' only; undefined when nothing sendable is left or it is too long. */
function dialable(number: string | undefined, max: number): string | undefined {
  if (number === undefined) return undefined;
  const kept = number.replace(/[\s\-().]/g, "");
  return /^[0-9+*#]+$/.test(kept) && kept.length <= max ? kept : undefined;
}

/** MDMF 0x80: date/time, number (or reason), name (or reason), in that order. */
export function mdmfCallSetup(info: CallerIdInfo, profile: MessageProfile = "bell"): Uint8Array {
  const limits = LIMITS[profile];
  const parameters: CallerIdParameter[] = [];
  if (info.time) parameters.push({ type: PARAMETER.dateTime, value: ascii(formatTime(info.time)) });
  const number = dialable(info.number, limits.number);
  if (number) parameters.push({ type: PARAMETER.number, value: ascii(number) });
  else parameters.push({ type: PARAMETER.numberAbsent, value: ascii(ABSENCE_CODE[info.numberAbsent ?? "unavailable"]) });
  const name = info.name === undefined ? "" : printable(info.name, limits.name);
  if (name) parameters.push({ type: PARAMETER.name, value: ascii(name) });
  else if (info.nameAbsent) parameters.push({ type: PARAMETER.nameAbsent, value: ascii(ABSENCE_CODE[info.nameAbsent]) });
  return encodeMdmf(MESSAGE_TYPE.mdmfCallSetup, parameters);
}

/** SDMF 0x04: MMDDHHMM then the number (10 digits at most) or 'O'/'P'. Needs a time. */
export function sdmfCallerId(info: CallerIdInfo & { time: NonNullable<CallerIdInfo["time"]> }): Uint8Array {
  const number = dialable(info.number, 10);
  const tail = number && /^\d+$/.test(number) ? number : ABSENCE_CODE[info.numberAbsent ?? "unavailable"];
  return encodeMessage(MESSAGE_TYPE.sdmfCallerId, ascii(formatTime(info.time) + tail));
}

/** MDMF 0x82 with the visual indicator (Bell and ETSI alike). */
export function mdmfMessageWaiting(on: boolean): Uint8Array {
  return encodeMdmf(MESSAGE_TYPE.mdmfMessageWaiting, [{ type: PARAMETER.visualIndicator, value: Uint8Array.of(on ? 0xff : 0x00) }]);
}

/** SDMF 0x06: three 0x42 bytes for on, three 0x6F for off (GR-30-CORE §2.3). */
export function sdmfMessageWaiting(on: boolean): Uint8Array {
  return encodeMessage(MESSAGE_TYPE.sdmfMessageWaiting, new Uint8Array(3).fill(on ? 0x42 : 0x6f));
}
