/**
 * A region's call-progress tones as data: each tone is a cadence of segments (a set of
 * frequency components at their levels, or silence) that repeats from `repeatFrom`.
 * Amplitude-modulated tones (Australia's 425 Hz × 25 Hz, Japan's 400 Hz × 16 Hz) are
 * written as their carrier and two sidebands, which is the same signal.
 */
import type { ToneComponent } from "../../dsp/index.js";

export type ToneName =
  | "dial" | "stutterDial" | "recallDial" | "confirmation"
  | "ringback" | "busy" | "reorder" | "callWaiting" | "howler" | "sit";
export const TONE_NAMES: readonly ToneName[] = [
  "dial", "stutterDial", "recallDial", "confirmation", "ringback", "busy", "reorder", "callWaiting", "howler", "sit",
];

export interface ToneSegment {
  /** What sounds; empty for silence. */
  readonly components: readonly ToneComponent[];
  /** Length in ms; Infinity for a steady tone. */
  readonly ms: number;
}

export interface TonePattern {
  readonly segments: readonly ToneSegment[];
  /** Index the cadence goes back to after the last segment (default 0). */
  readonly repeatFrom?: number;
  /** Played through once, then silence; the player reports the end (TonePlayer.start's onEnded). */
  readonly once?: boolean;
}

/** Ring cadence as alternating on/off times in ms, starting with on, repeating. */
export type RingCadence = readonly number[];

export interface TonePlan {
  /** ISO 3166 code. */
  readonly region: string;
  readonly name: string;
  /** Where the figures come from (ITU-T E.180 Supplement 2 and the national specification). */
  readonly source: string;
  readonly tones: Readonly<Record<ToneName, TonePattern>>;
  readonly ring: RingCadence;
}

/** Components of `frequenciesHz` each at `levelDbm0`. */
export function tone(levelDbm0: number, ...frequenciesHz: number[]): ToneComponent[] {
  return frequenciesHz.map((frequencyHz) => ({ frequencyHz, levelDbm0 }));
}

/**
 * A carrier amplitude-modulated by `modulationHz` at depth `depth` (E.180 names the
 * frequencies, not the depth; 0.9 keeps the envelope from reaching zero, so a cadence
 * still has clear on and off parts): the carrier at `levelDbm0` and two sidebands at
 * ±modulationHz, each depth/2 of the carrier's amplitude.
 */
export function modulated(carrierHz: number, modulationHz: number, levelDbm0: number, depth = 0.9): ToneComponent[] {
  const sidebandDbm0 = levelDbm0 + 20 * Math.log10(depth / 2);
  return [
    { frequencyHz: carrierHz - modulationHz, levelDbm0: sidebandDbm0 },
    { frequencyHz: carrierHz, levelDbm0 },
    { frequencyHz: carrierHz + modulationHz, levelDbm0: sidebandDbm0 },
  ];
}

export function steady(components: readonly ToneComponent[]): TonePattern {
  return { segments: [{ components, ms: Infinity }] };
}

/** `components` on and off by the alternating times (on, off, on, off, ...), repeating. */
export function cadence(components: readonly ToneComponent[], ...onOffMs: number[]): TonePattern {
  return { segments: onOffMs.map((ms, i) => ({ components: i % 2 === 0 ? components : [], ms })) };
}

/** `count` short on/off interruptions, then steady (stutter dial tone for message waiting, recall dial tone). */
export function stutter(components: readonly ToneComponent[], onMs: number, offMs: number, count: number): TonePattern {
  const { segments } = bursts(components, onMs, offMs, count);
  return { segments: [...segments, { components, ms: Infinity }], repeatFrom: segments.length };
}

/** `count` short bursts, each followed by its gap, played once and then silence (confirmation tone). */
export function bursts(components: readonly ToneComponent[], onMs: number, offMs: number, count: number): TonePattern {
  const onOff = Array.from({ length: count }, () => [onMs, offMs]).flat();
  return { ...cadence(components, ...onOff), once: true };
}

/** One burst of each tone in turn, then silence (special information tone, ITU-T E.180 §7). */
export function sequence(parts: ReadonlyArray<readonly [readonly ToneComponent[], number]>, silenceMs: number): TonePattern {
  return { segments: [...parts.map(([components, ms]) => ({ components, ms })), { components: [], ms: silenceMs }] };
}
