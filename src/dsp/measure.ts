/**
 * Level and frequency measurement on 16-bit PCM, for tests and audio checks.
 *
 * Reference levels (one scale for every codec):
 * - dBov (RFC 3389 §3.1): relative to the overload point of the system. Here 0 dBov
 *   is the RMS of a full-scale 16-bit square wave, 32768; a full-scale sine is −3.01 dBov.
 * - dBm0 (ITU-T G.711): a full-scale 16-bit sine (peak 32768) is +3.14 dBm0, the
 *   maximum load of A-law (whose overload point, 4096 in 13 bits, is 32768 in 16 bits).
 *   So dBm0 = dBov + 3.01 + 3.14 = dBov + 6.15. The same scale is used for μ-law:
 *   RFC 3389 §3.1's μ-law example (0 dBov = 6.18 dBm0) is 0.03 dB away, far below
 *   anything a level check here resolves.
 * Silence (all zeros) measures −Infinity dB.
 */

/** 16-bit full scale: the peak of a full-scale sine and the RMS of 0 dBov. */
export const FULL_SCALE = 32768;
/** dBm0 − dBov on the scale above (3.14 dBm0 full-scale sine, −3.01 dBov). */
export const DBM0_MINUS_DBOV = 3.14 + 10 * Math.log10(2);

/** Root mean square of the samples; 0 for an empty frame. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** RMS level in dBov. */
export function rmsDbov(samples: ArrayLike<number>): number {
  return 20 * Math.log10(rms(samples) / FULL_SCALE);
}

/** RMS level in dBm0 (see the reference above). */
export function rmsDbm0(samples: ArrayLike<number>): number {
  return rmsDbov(samples) + DBM0_MINUS_DBOV;
}

export function dbovToDbm0(dbov: number): number {
  return dbov + DBM0_MINUS_DBOV;
}

export function dbm0ToDbov(dbm0: number): number {
  return dbm0 - DBM0_MINUS_DBOV;
}

/** Peak amplitude of a sine at `dbm0` (e.g. −10 dBm0 → 7218.5). */
export function sineAmplitudeForDbm0(dbm0: number): number {
  return FULL_SCALE * 10 ** ((dbm0 - 3.14) / 20);
}

/**
 * Mean-square power of the component at `frequencyHz`: A²/2 for a sine of amplitude A,
 * so 10·log10 of it relative to FULL_SCALE² is the tone's dBov. Goertzel's recurrence
 * at the exact frequency (not rounded to a DFT bin) over a Hann-windowed block, which
 * keeps leakage from other tones and from the mirror frequency low; resolution is about
 * 2·sampleRate/length (±100 Hz for 160 samples at 8 kHz, ±16 Hz for 1000).
 */
export function goertzelPower(samples: ArrayLike<number>, frequencyHz: number, sampleRateHz = 8000): number {
  const n = samples.length;
  if (n === 0) return 0;
  const omega = (2 * Math.PI * frequencyHz) / sampleRateHz;
  const coefficient = 2 * Math.cos(omega);
  let s1 = 0;
  let s2 = 0;
  let windowSum = 0;
  for (let i = 0; i < n; i++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
    windowSum += w;
    const s0 = samples[i]! * w + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  // |X(ω)|² from the last two states; a sine of amplitude A gives |X| ≈ A·Σw/2.
  const magnitudeSquared = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  const amplitude = (2 * Math.sqrt(Math.max(0, magnitudeSquared))) / windowSum;
  return (amplitude * amplitude) / 2;
}

/** Level of the tone at `frequencyHz` in dBov (a full-scale sine there: −3.01). */
export function toneDbov(samples: ArrayLike<number>, frequencyHz: number, sampleRateHz = 8000): number {
  return 10 * Math.log10(goertzelPower(samples, frequencyHz, sampleRateHz) / (FULL_SCALE * FULL_SCALE));
}

export interface FrequencySearch {
  /** Default 50. */
  fromHz?: number;
  /** Default just under half the sample rate. */
  toHz?: number;
  sampleRateHz?: number;
}

/**
 * The frequency with the most power in [fromHz, toHz]: a scan in 10 Hz steps, refined
 * in 0.5 Hz steps around the best one. Meant for single tones (1 kHz from a peer);
 * accurate to about 1 Hz given a block of a few hundred samples or more.
 */
export function dominantFrequency(samples: ArrayLike<number>, search: FrequencySearch = {}): number {
  const sampleRateHz = search.sampleRateHz ?? 8000;
  const fromHz = search.fromHz ?? 50;
  const toHz = search.toHz ?? sampleRateHz / 2 - 50;
  const best = (lo: number, hi: number, step: number): number => {
    let bestHz = lo;
    let bestPower = -1;
    for (let f = lo; f <= hi; f += step) {
      const power = goertzelPower(samples, f, sampleRateHz);
      if (power > bestPower) {
        bestPower = power;
        bestHz = f;
      }
    }
    return bestHz;
  };
  const coarse = best(fromHz, toHz, 10);
  return best(Math.max(fromHz, coarse - 10), Math.min(toHz, coarse + 10), 0.5);
}
