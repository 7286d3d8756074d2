/**
 * The reference's peak magnitude over (at least) the last tail: one maximum per frame,
 * kept for as many frames as cover the tail plus the current one. Geigel's double-talk
 * test compares the capture with it.
 */
export class FramePeaks {
  private readonly maxima: Float64Array;
  private next = 0;
  /** Frames in use: enough to cover the tail at the frame length seen. */
  private kept = 1;
  private readonly coverSamples: number;

  constructor(tailSamples: number) {
    this.coverSamples = tailSamples;
    this.maxima = new Float64Array(tailSamples + 1);
  }

  /** Records a frame's peak. Frames are at least one sample long. */
  frame(samples: Int16Array): void {
    let peak = 0;
    for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
    const kept = Math.min(this.maxima.length, Math.ceil(this.coverSamples / Math.max(1, samples.length)) + 1);
    this.maxima[this.next % kept] = peak;
    this.next = (this.next + 1) % kept;
    this.kept = kept;
  }

  /** The largest peak among the frames that cover the tail. */
  max(): number {
    let peak = 0;
    for (let i = 0; i < this.kept; i++) peak = Math.max(peak, this.maxima[i]!);
    return peak;
  }

  reset(): void {
    this.maxima.fill(0);
    this.next = 0;
    this.kept = 1;
  }
}
