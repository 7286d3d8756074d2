/**
 * The adaptive FIR that models the hybrid's echo path, ŷ[n] = Σₖ h[k]·x[n−k] over the
 * tail, adapted by IPNLMS (improved proportionate NLMS, Benesty and Gay, ICASSP 2002).
 *
 * Why proportionate: a line echo path seen through a 64 ms window is sparse (a pure
 * delay, then a few milliseconds of dispersion, then nothing), and IPNLMS gives each
 * tap a step in proportion to its size, so the few taps that matter converge several
 * times faster than with plain NLMS, while the uniform part of the gain keeps it close
 * to NLMS on a dispersive path.
 *
 * The history is shared by the canceller's filters: `history[at + k]` is x[n−k] for
 * k in [0, length), so a filter reads one contiguous window and never wraps.
 */

/**
 * IPNLMS's α: −1 is plain NLMS, towards +1 more proportionate. The usual −0.5 was slower
 * on the simulated hybrids with a long pure delay (bench/echo.bench.ts); 0.5 leans on the
 * taps that matter.
 */
const ALPHA = 0.5;

export class EchoPathFilter {
  readonly taps: Float64Array;
  /** ‖h‖₁, kept by `adapt` for the next step's proportionate gains. */
  private l1Norm = 0;

  constructor(readonly length: number) {
    this.taps = new Float64Array(length);
  }

  /** The echo estimate ŷ[n] for the window starting at `history[at]`. */
  estimate(history: Float64Array, at: number): number {
    const h = this.taps;
    let sum = 0;
    for (let k = 0; k < h.length; k++) sum += h[k]! * history[at + k]!;
    return sum;
  }

  /**
   * One IPNLMS step towards `desired` = the (whitened) capture sample, with `regressor`
   * the (whitened) history: e = d − Σ h[k]·x[n−k], then
   * h[k] += μ·e·g[k]·x[n−k] / (Σⱼ g[j]·x[n−j]² + δ), where
   * g[k] = (1−α)/(2L) + (1+α)·|h[k]|/(2‖h‖₁ + ε). The error is measured here, on the
   * same regressor the step uses, so the step is a plain IPNLMS step (stable for any
   * input) even when the whitening changes from frame to frame. `floorPower` (δ) keeps
   * quiet input from blowing the step up.
   */
  adapt(regressor: Float64Array, at: number, desired: number, stepSize: number, floorPower: number): void {
    const h = this.taps;
    const uniform = (1 - ALPHA) / (2 * h.length);
    const proportional = (1 + ALPHA) / (2 * this.l1Norm + 1e-6);
    let estimate = 0;
    let norm = 0;
    for (let k = 0; k < h.length; k++) {
      const x = regressor[at + k]!;
      const tap = h[k]!;
      estimate += tap * x;
      norm += (uniform + proportional * Math.abs(tap)) * x * x;
    }
    const step = (stepSize * (desired - estimate)) / (norm + floorPower);
    let l1 = 0;
    for (let k = 0; k < h.length; k++) {
      const tap = h[k]! + step * (uniform + proportional * Math.abs(h[k]!)) * regressor[at + k]!;
      h[k] = tap;
      l1 += Math.abs(tap);
    }
    this.l1Norm = l1;
  }

  copyFrom(other: EchoPathFilter): void {
    this.taps.set(other.taps);
    this.l1Norm = other.l1Norm;
  }

  reset(): void {
    this.taps.fill(0);
    this.l1Norm = 0;
  }
}
