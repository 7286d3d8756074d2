/**
 * The DTMF keypad (ITU-T Q.23 §2): each key is one frequency of the low group (rows)
 * plus one of the high group (columns).
 */
import type { ToneComponent } from "./tone-generator.js";

export const DTMF_LOW_HZ: readonly number[] = [697, 770, 852, 941];
export const DTMF_HIGH_HZ: readonly number[] = [1209, 1336, 1477, 1633];
const KEYS = ["123A", "456B", "789C", "*0#D"];

/** The key at a row (low-group index) and column (high-group index). */
export function dtmfKey(row: number, column: number): string {
  return KEYS[row]![column]!;
}

/** Row and column of a key (0–9 * # A–D, case-insensitive), or undefined for anything else. */
export function dtmfPosition(key: string): { row: number; column: number } | undefined {
  const upper = key.toUpperCase();
  if (upper.length !== 1) return undefined;
  for (let row = 0; row < KEYS.length; row++) {
    const column = KEYS[row]!.indexOf(upper);
    if (column >= 0) return { row, column };
  }
  return undefined;
}

export interface DtmfToneOptions {
  /** Level of the low-group tone, dBm0 (default −10). */
  lowLevelDbm0?: number;
  /** High-group level minus low-group level, dB (default +2, the usual pre-emphasis). */
  twistDb?: number;
  /** Relative frequency error applied to both tones, e.g. 0.015 for +1.5 % (default 0). */
  frequencyOffset?: number;
}

/** The two components of a key for ToneGenerator. Throws on a character that is not a key. */
export function dtmfComponents(key: string, options: DtmfToneOptions = {}): ToneComponent[] {
  const position = dtmfPosition(key);
  if (!position) throw new RangeError(`"${key}" is not a DTMF key`);
  const low = options.lowLevelDbm0 ?? -10;
  const scale = 1 + (options.frequencyOffset ?? 0);
  return [
    { frequencyHz: DTMF_LOW_HZ[position.row]! * scale, levelDbm0: low },
    { frequencyHz: DTMF_HIGH_HZ[position.column]! * scale, levelDbm0: low + (options.twistDb ?? 2) },
  ];
}
