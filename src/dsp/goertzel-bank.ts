/**
 * Complex spectrum values at a few fixed frequencies over one block, by Goertzel's
 * recurrence on a Hann-windowed block. Unlike measure.ts's goertzelPower it keeps the
 * phase, so a caller can compare two blocks a known number of samples apart and read
 * the true frequency of a tone from the phase advance (used by the DTMF detector to
 * tell a tone 1.5 % off from one 3.5 % off, finer than the block's bin width).
 *
 * Scale: a sine of amplitude A at exactly f gives |X| = A·Σw/2, so `power()` returns
 * A²/2 (the tone's mean square) and `windowedPower()` returns the mean square of the
 * whole block under the same window: their ratio is the share of the block in that tone.
 */
export interface GoertzelValue {
  re: number;
  im: number;
}

export class GoertzelBank {
  readonly blockSamples: number;
  private readonly window: Float64Array;
  private readonly coefficients: Float64Array;
  private readonly omegas: Float64Array;
  private readonly windowSum: number;
  private readonly windowSquareSum: number;
  private readonly weighted: Float64Array;

  constructor(readonly frequenciesHz: readonly number[], blockSamples: number, sampleRateHz = 8000) {
    if (!Number.isInteger(blockSamples) || blockSamples < 8) throw new RangeError(`block of ${blockSamples} samples is too short`);
    this.blockSamples = blockSamples;
    this.window = Float64Array.from({ length: blockSamples }, (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / blockSamples));
    this.omegas = Float64Array.from(frequenciesHz, (f) => (2 * Math.PI * f) / sampleRateHz);
    this.coefficients = this.omegas.map((w) => 2 * Math.cos(w));
    this.windowSum = this.window.reduce((a, b) => a + b, 0);
    this.windowSquareSum = this.window.reduce((a, b) => a + b * b, 0);
    this.weighted = new Float64Array(blockSamples);
  }

  /**
   * Analyses the `blockSamples` samples of `samples` from `start`, writing one value
   * per frequency into `out`, phase referred to the block's first sample. Returns the
   * block's windowed mean square.
   */
  analyse(samples: ArrayLike<number>, start: number, out: GoertzelValue[]): number {
    const n = this.blockSamples;
    let energy = 0;
    for (let i = 0; i < n; i++) {
      const x = samples[start + i]! * this.window[i]!;
      this.weighted[i] = x;
      energy += x * x;
    }
    for (let k = 0; k < this.omegas.length; k++) {
      const c = this.coefficients[k]!;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const s0 = this.weighted[i]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      // y = s1 − e^{−jω}·s2 = e^{jω(N−1)}·X, so X = y·e^{−jω(N−1)}.
      const w = this.omegas[k]!;
      const yRe = s1 - Math.cos(w) * s2;
      const yIm = Math.sin(w) * s2;
      const turn = -w * (n - 1);
      const value = out[k]!;
      value.re = yRe * Math.cos(turn) - yIm * Math.sin(turn);
      value.im = yRe * Math.sin(turn) + yIm * Math.cos(turn);
    }
    return energy / this.windowSquareSum;
  }

  /** Windowed mean square of the block of `samples` from `start` (the scale `analyse` returns). */
  windowedPower(samples: ArrayLike<number>, start: number): number {
    let energy = 0;
    for (let i = 0; i < this.blockSamples; i++) {
      const x = samples[start + i]! * this.window[i]!;
      energy += x * x;
    }
    return energy / this.windowSquareSum;
  }

  /**
   * Power (as `power` gives it) at any `frequencyHz` in the block last analysed, for a
   * frequency outside the bank (a harmonic); one more Goertzel pass over that block.
   */
  powerInLastBlock(frequencyHz: number, sampleRateHz = 8000): number {
    const w = (2 * Math.PI * frequencyHz) / sampleRateHz;
    const c = 2 * Math.cos(w);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < this.blockSamples; i++) {
      const s0 = this.weighted[i]! + c * s1 - s2;
      s2 = s1;
      s1 = s0;
    }
    const magnitudeSquared = Math.max(0, s1 * s1 + s2 * s2 - c * s1 * s2);
    const amplitude = (2 * Math.sqrt(magnitudeSquared)) / this.windowSum;
    return (amplitude * amplitude) / 2;
  }

  /**
   * Power gain of a bin for a tone `offsetHz` away from its frequency (1 on frequency,
   * less off it: the window's response), to correct `power` once the offset is known.
   */
  offsetGain(offsetHz: number, sampleRateHz = 8000): number {
    const step = (2 * Math.PI * offsetHz) / sampleRateHz;
    let re = 0;
    let im = 0;
    for (let i = 0; i < this.blockSamples; i++) {
      re += this.window[i]! * Math.cos(step * i);
      im += this.window[i]! * Math.sin(step * i);
    }
    return (re * re + im * im) / (this.windowSum * this.windowSum);
  }

  /** Mean square of the tone behind `value` (A²/2 for a sine of amplitude A on frequency). */
  power(value: GoertzelValue): number {
    const amplitude = (2 * Math.hypot(value.re, value.im)) / this.windowSum;
    return (amplitude * amplitude) / 2;
  }
}

/**
 * Frequency offset (Hz) of a tone from the analysed frequency, from the phase advance
 * between two values of the same bin taken `hopSamples` apart: X(t+H)/X(t) = e^{jωH}.
 * Unambiguous within ±sampleRate/(2·hop).
 */
export function phaseOffsetHz(earlier: GoertzelValue, later: GoertzelValue, frequencyHz: number, hopSamples: number, sampleRateHz = 8000): number {
  const re = later.re * earlier.re + later.im * earlier.im;
  const im = later.im * earlier.re - later.re * earlier.im;
  const expected = (2 * Math.PI * frequencyHz * hopSamples) / sampleRateHz;
  let delta = Math.atan2(im, re) - expected;
  delta -= 2 * Math.PI * Math.round(delta / (2 * Math.PI));
  return (delta * sampleRateHz) / (2 * Math.PI * hopSamples);
}
