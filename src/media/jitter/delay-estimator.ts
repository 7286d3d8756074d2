/**
 * Measures network delay variation for the adaptive target.
 *
 * Each packet's transit is its arrival time minus its media time
 * (timestamp / clock rate); the constant clock offset cancels out. Over a
 * sliding window of recent packets, the fastest transit is the base, and a
 * packet's delay variation is how much later than the base it came.
 *
 * Why a percentile and not RFC 3550 interarrival jitter: the RFC 3550 figure
 * (§6.4.1) is a smoothed mean of successive transit differences with gain
 * 1/16. It summarises the typical spread but says nothing about the tail, and
 * the tail is what decides late loss: a buffer that must play 99.5 % of the
 * packets in time needs the 99.5th percentile of the delay variation, whatever
 * the shape of the distribution (uniform, normal, heavy-tailed). The RFC 3550
 * value is still computed here, for statistics and RTCP comparison.
 */
export class DelayEstimator {
  private readonly transits: Float64Array;
  private readonly scratch: Float64Array;
  private count = 0;
  private next = 0;
  private base = Number.POSITIVE_INFINITY;
  private jitter = 0;
  private lastTransit: number | undefined;

  constructor(private readonly windowSize: number) {
    this.transits = new Float64Array(windowSize);
    this.scratch = new Float64Array(windowSize);
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  /** Fastest transit in the window, in ms (Infinity when empty). */
  get baseMs(): number {
    return this.base;
  }

  /** RFC 3550 §6.4.1: J += (|D(i−1,i)| − J) / 16, over packets in arrival order. */
  get interarrivalJitterMs(): number {
    return this.jitter;
  }

  /** Records one packet's transit (ms) and returns its delay variation above the base. */
  add(transitMs: number): number {
    if (this.lastTransit !== undefined) this.jitter += (Math.abs(transitMs - this.lastTransit) - this.jitter) / 16;
    this.lastTransit = transitMs;
    const evicted = this.count === this.windowSize ? this.transits[this.next] : undefined;
    this.transits[this.next] = transitMs;
    this.next = (this.next + 1) % this.windowSize;
    if (this.count < this.windowSize) this.count++;
    if (transitMs < this.base) this.base = transitMs;
    else if (evicted !== undefined && evicted <= this.base) this.base = this.minimum();
    return transitMs - this.base;
  }

  /** The q-quantile (0 < q ≤ 1) of delay variation over the window, in ms; 0 when empty. */
  variationQuantile(q: number): number {
    if (this.count === 0) return 0;
    const values = this.scratch.subarray(0, this.count);
    values.set(this.transits.subarray(0, this.count));
    values.sort();
    const index = Math.min(this.count - 1, Math.max(0, Math.ceil(q * this.count) - 1));
    return values[index] - this.base;
  }

  reset(): void {
    this.count = 0;
    this.next = 0;
    this.base = Number.POSITIVE_INFINITY;
    this.jitter = 0;
    this.lastTransit = undefined;
  }

  private minimum(): number {
    let min = Number.POSITIVE_INFINITY;
    for (let i = 0; i < this.count; i++) if (this.transits[i] < min) min = this.transits[i];
    return min;
  }
}
