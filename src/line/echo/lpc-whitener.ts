/**
 * Decorrelation for the adaptation: a short linear-prediction error filter
 * A(z) = 1 + Σₖ aₖ·z⁻ᵏ, fitted to the latest 40 ms of far-end reference at each frame
 * (autocorrelation method, Levinson–Durbin, with a little memory of the frames before),
 * applied alike to the reference and to the capture. The echo path is linear, so
 * A(y) = h·A(x) + A(near end) and the taps learnt on the whitened pair are the echo path
 * itself; NLMS on a flat spectrum converges at one rate in every band, where on raw
 * speech it learns the strong low formants first and the rest slowly.
 *
 * The canceller whitens its whole tail of history again with each new A(z), so regressor
 * and whitened capture always went through the same filter (a history whitened by older
 * filters slowed the taps of long-delay paths by half).
 *
 * Two regularizers bound how far quiet bands are lifted (and line noise with them): a
 * white-noise correction of `NOISE_FLOOR` on r[0] (about 20 dB of lift at most) and a
 * Gaussian lag window of `BANDWIDTH_HZ`.
 */
export const LPC_ORDER = 8;
const NOISE_FLOOR = 0.01;
const BANDWIDTH_HZ = 60;
/** Time constant of the autocorrelation's memory across frames. */
const MEMORY_S = 0.04;

export class LpcWhitener {
  /** a[0] = 1, a[1..ORDER]: the current prediction error filter. */
  readonly coefficients = new Float64Array(LPC_ORDER + 1);
  private readonly analysis: Float64Array;
  private readonly lagWindow = Float64Array.from({ length: LPC_ORDER + 1 }, (_, k) => Math.exp(-0.5 * ((2 * Math.PI * BANDWIDTH_HZ * k) / 8000) ** 2));
  private readonly r = new Float64Array(LPC_ORDER + 1);
  private readonly average = new Float64Array(LPC_ORDER + 1);
  private readonly scratch = new Float64Array(LPC_ORDER + 1);

  /** `windowLength`: samples of reference analysed per update (the last ones seen). */
  constructor(windowLength: number) {
    this.analysis = new Float64Array(windowLength);
    this.coefficients[0] = 1;
  }

  /** Adds the next frame of reference and refits A(z). */
  update(frame: Int16Array): void {
    const keepShare = Math.exp(-frame.length / (MEMORY_S * 8000));
    const w = this.analysis;
    const keep = Math.max(0, w.length - frame.length);
    w.copyWithin(0, w.length - keep);
    w.set(frame.subarray(Math.max(0, frame.length - w.length)), keep);
    for (let k = 0; k <= LPC_ORDER; k++) {
      let sum = 0;
      for (let n = k; n < w.length; n++) sum += w[n]! * w[n - k]!;
      this.average[k] = keepShare * this.average[k]! + sum;
      this.r[k] = this.average[k]! * this.lagWindow[k]!;
    }
    this.r[0] = this.r[0]! * (1 + NOISE_FLOOR);
    this.levinson();
  }

  /** Applies A(z) to the window starting at `history[at]` (history[at + k] = s[n−k]). */
  filter(history: Float64Array, at: number): number {
    const a = this.coefficients;
    let sum = 0;
    for (let k = 0; k <= LPC_ORDER; k++) sum += a[k]! * history[at + k]!;
    return sum;
  }

  /** Levinson–Durbin recursion on r; keeps the previous filter when r[0] is zero. */
  private levinson(): void {
    const r = this.r;
    const a = this.coefficients;
    if (!(r[0]! > 1)) return;
    const next = this.scratch;
    a.fill(0);
    a[0] = 1;
    let error = r[0]!;
    for (let i = 1; i <= LPC_ORDER; i++) {
      let acc = r[i]!;
      for (let j = 1; j < i; j++) acc += a[j]! * r[i - j]!;
      const reflection = -acc / error;
      next.set(a);
      for (let j = 1; j < i; j++) next[j] = a[j]! + reflection * a[i - j]!;
      next[i] = reflection;
      a.set(next);
      error *= 1 - reflection * reflection;
      if (!(error > 0)) return;
    }
  }
}
