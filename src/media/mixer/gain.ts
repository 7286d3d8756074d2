/**
 * Gain in dB for 16-bit audio: conversion, saturation, and a GainControl that
 * moves to a new gain over one frame instead of in a step, so turning a party up
 * or down (or muting it) does not click.
 */

/** A gain this low or lower is silence (mute). */
export const MUTE_DB = -96;

export function dbToGain(db: number): number {
  return db <= MUTE_DB ? 0 : 10 ** (db / 20);
}

/** Rounds and clips to the 16-bit range. */
export function saturate16(value: number): number {
  const rounded = Math.round(value);
  return rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
}

export class GainControl {
  private current: number;
  private target: number;

  constructor(gainDb = 0) {
    this.current = dbToGain(gainDb);
    this.target = this.current;
  }

  get gainDb(): number {
    return this.target === 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(this.target);
  }

  /** True when processing would change nothing (0 dB, no ramp pending). */
  get isUnity(): boolean {
    return this.current === 1 && this.target === 1;
  }

  /** The new gain is reached by the end of the next frame processed. */
  setGainDb(db: number): void {
    if (Number.isNaN(db)) throw new RangeError("gain must be a number of dB");
    this.target = dbToGain(db);
  }

  mute(): void {
    this.target = 0;
  }

  /**
   * Adds `input` × gain into `sum` (a wide accumulator, saturated later by the
   * caller), ramping linearly from the previous gain to the target across the frame.
   */
  accumulate(input: Int16Array, sum: Float64Array): void {
    const n = Math.min(input.length, sum.length);
    const step = n > 0 ? (this.target - this.current) / n : 0;
    let gain = this.current;
    for (let i = 0; i < n; i++) {
      gain += step;
      sum[i]! += gain * input[i]!;
    }
    this.current = this.target;
  }

  /** `input` × gain written to `out`, saturated to 16 bits; returns `out`. */
  process(input: Int16Array, out: Int16Array = new Int16Array(input.length)): Int16Array {
    const sum = new Float64Array(input.length);
    this.accumulate(input, sum);
    for (let i = 0; i < out.length && i < sum.length; i++) out[i] = saturate16(sum[i]!);
    return out;
  }
}
