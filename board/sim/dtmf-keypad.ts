/**
 * How the simulated touch-tone set sends a key: the key's Q.23 dual tone (src/dsp) as a
 * burst, then a pause, at the levels of a typical telephone set.
 */
import { ToneGenerator } from "../../src/dsp/index.js";
import { dtmfComponents } from "../../src/dsp/dtmf-keys.js";

export const DTMF_KEYS = /^[0-9*#A-Da-d]+$/;

export interface DtmfTiming {
  /** Tone on per key; default 100 ms (Q.24 asks receivers to accept 40 ms and more). */
  onMs: number;
  /** Pause after each key; default 100 ms. */
  offMs: number;
  /** Level of the low-group tone in dBm0; default −8. */
  lowDbm0: number;
  /** High group minus low group in dB; default +2 (sets pre-emphasise the high group), so both sit near −7 dBm0. */
  twistDb: number;
}

export const DEFAULT_DTMF_TIMING: DtmfTiming = { onMs: 100, offMs: 100, lowDbm0: -8, twistDb: 2 };

/** A generator for one key's dual tone at the timing's levels. Throws on a character that is not a key. */
export function dtmfTone(key: string, timing: DtmfTiming): ToneGenerator {
  return new ToneGenerator(dtmfComponents(key, { lowLevelDbm0: timing.lowDbm0, twistDb: timing.twistDb }));
}
