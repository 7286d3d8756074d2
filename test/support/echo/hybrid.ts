/**
 * A simulated 2-wire hybrid for the echo canceller's tests and bench: echo path impulse
 * responses in the manner of ITU-T G.168 Annex D's hybrid models (a pure delay, then a
 * few milliseconds of band-limited, decaying dispersion), scaled to a return loss, and
 * the capture a phone on such a line would send: echo of what it is played, plus its
 * own speech and line noise. Everything is seeded, so runs repeat exactly.
 */
import { DBM0_MINUS_DBOV, FULL_SCALE } from "../../../src/dsp/measure.js";
import { xorshift32 } from "../../../src/line/echo/xorshift.js";

export interface EchoPath {
  name: string;
  /** Echo return loss for a white signal: 10·log10(1/‖h‖²). */
  erlDb: number;
  /** Pure delay before the first tap. */
  delayMs: number;
  /** Length of the dispersive part. */
  dispersionMs: number;
  seed: number;
}

/** Return losses 6–20 dB, delays 5–40 ms; the longest ends at 54 ms, inside a 64 ms tail. */
export const ECHO_PATHS: readonly EchoPath[] = [
  { name: "A  6 dB  5 ms", erlDb: 6, delayMs: 5, dispersionMs: 6, seed: 11 },
  { name: "B  8 dB 12 ms", erlDb: 8, delayMs: 12, dispersionMs: 10, seed: 12 },
  { name: "C 11 dB 20 ms", erlDb: 11, delayMs: 20, dispersionMs: 8, seed: 13 },
  { name: "D 14 dB 28 ms", erlDb: 14, delayMs: 28, dispersionMs: 12, seed: 14 },
  { name: "E 17 dB 35 ms", erlDb: 17, delayMs: 35, dispersionMs: 6, seed: 15 },
  { name: "F 20 dB 40 ms", erlDb: 20, delayMs: 40, dispersionMs: 14, seed: 16 },
];

/** A Gaussian source (Box–Muller over xorshift32). */
export function gaussian(seed: number): () => number {
  const uniform = xorshift32(seed);
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * Taps at 8 kHz: zeros for the pure delay, then Gaussian taps under an exponential
 * envelope (about 40 dB down by the end), high-passed (the hybrid's transformer passes
 * no DC) and smoothed (the codec's band edge), scaled so that ‖h‖² = 10^(−ERL/10).
 */
export function impulseResponse(path: EchoPath): Float64Array {
  const delay = Math.round(path.delayMs * 8);
  const span = Math.round(path.dispersionMs * 8);
  const next = gaussian(path.seed);
  const h = new Float64Array(delay + span);
  let previousRaw = 0;
  let highPassed = 0;
  let previousHigh = 0;
  for (let n = 0; n < span; n++) {
    const raw = next() * Math.exp((-4.6 * n) / span) * (n === 0 ? 3 : 1);
    highPassed = raw - previousRaw + 0.9 * highPassed;
    h[delay + n] = 0.5 * (highPassed + previousHigh);
    previousRaw = raw;
    previousHigh = highPassed;
  }
  const energy = h.reduce((sum, tap) => sum + tap * tap, 0);
  const scale = Math.sqrt(10 ** (-path.erlDb / 10) / energy);
  return h.map((tap) => tap * scale);
}

/** The echo of `reference` through `h` (exact, unrounded). */
export function echoOf(reference: Int16Array, h: Float64Array): Float64Array {
  let first = 0;
  while (first < h.length && h[first] === 0) first++;
  const echo = new Float64Array(reference.length);
  for (let n = 0; n < reference.length; n++) {
    let sum = 0;
    for (let k = first; k < h.length && k <= n; k++) sum += h[k]! * reference[n - k]!;
    echo[n] = sum;
  }
  return echo;
}

/** White Gaussian noise with its RMS at `dbm0` (the scale of src/dsp/measure.ts). */
export function lineNoise(length: number, dbm0: number, seed: number): Float64Array {
  const next = gaussian(seed);
  const sigma = FULL_SCALE * 10 ** ((dbm0 - DBM0_MINUS_DBOV) / 20);
  return Float64Array.from({ length }, () => sigma * next());
}
