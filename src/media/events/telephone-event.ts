/**
 * The RFC 4733 telephone-event payload (§2.3): event code, E(nd) bit, the
 * reserved R bit, volume in −dBm0 and duration in timestamp units, and the
 * DTMF event codes (§3.2): 0–9, * (10), # (11), A–D (12–15), flash (16).
 */
import { err, ok, type Result } from "../../util/result.js";

export interface TelephoneEventPayload {
  /** 0–255; see eventCode()/eventName() for the DTMF and flash codes. */
  readonly event: number;
  readonly end: boolean;
  /** The R bit: senders write 0, receivers ignore it (§2.3.3). */
  readonly reserved: boolean;
  /** Power level as a positive number of −dBm0, 0–63 (§2.3.4). */
  readonly volume: number;
  /** Duration so far in timestamp units, 0–0xFFFF (§2.3.5). */
  readonly duration: number;
}

export const PAYLOAD_BYTES = 4;
export const MAX_DURATION = 0xffff;
export const MAX_VOLUME = 63;
export const EVENT_FLASH = 16;

export type TelephoneEventName = "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "*" | "#" | "A" | "B" | "C" | "D" | "flash";

const NAMES: readonly TelephoneEventName[] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D", "flash"];

/** RFC 4733 §3.2: the code of a DTMF digit (case-insensitive A–D) or "flash"; undefined for anything else. */
export function eventCode(name: string): number | undefined {
  const normalised = name.length === 1 ? name.toUpperCase() : name.toLowerCase();
  const index = NAMES.indexOf(normalised as TelephoneEventName);
  return index < 0 ? undefined : index;
}

/** The digit or "flash" for codes 0–16; undefined for other events. */
export function eventName(code: number): TelephoneEventName | undefined {
  return NAMES[code];
}

export function encodeTelephoneEvent(p: TelephoneEventPayload): Uint8Array {
  if (!inRange(p.event, 255) || !inRange(p.volume, MAX_VOLUME) || !inRange(p.duration, MAX_DURATION)) {
    throw new RangeError(`telephone-event out of range: event ${p.event}, volume ${p.volume}, duration ${p.duration}`);
  }
  return Uint8Array.of(p.event, (p.end ? 0x80 : 0) | (p.reserved ? 0x40 : 0) | p.volume, p.duration >> 8, p.duration & 0xff);
}

/**
 * Reads the first event block of a payload. Further blocks (§2.5.1.5, several
 * events in one packet) are ignored; telephone-event senders of a single
 * digit stream do not use them.
 */
export function decodeTelephoneEvent(payload: Uint8Array): Result<TelephoneEventPayload> {
  if (payload.length < PAYLOAD_BYTES) return err(`telephone-event payload of ${payload.length} bytes`);
  const flags = payload[1]!;
  return ok({
    event: payload[0]!,
    end: (flags & 0x80) !== 0,
    reserved: (flags & 0x40) !== 0,
    volume: flags & 0x3f,
    duration: (payload[2]! << 8) | payload[3]!,
  });
}

function inRange(value: number, max: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= max;
}
