/**
 * The adaptive target delay: fast up, slow down, always within bounds.
 *
 * - Up at once: a packet whose delay variation exceeds the target raises it
 *   to that variation (a packet later than the target would be late).
 * - Down slowly: the target drifts towards the window's quantile at most
 *   `shrinkMsPerSecond`, so a calm second does not undo what a spike taught.
 *
 * The buffer turns the target into actual playout delay only at talkspurt
 * starts or by one-frame steps; this class only decides the number.
 */
export interface TargetDelayOptions {
  minDelayMs: number;
  maxDelayMs: number;
  initialDelayMs: number;
  shrinkMsPerSecond: number;
}

export class TargetDelay {
  private value: number;
  private lastUpdateMs: number | undefined;

  constructor(private readonly options: TargetDelayOptions) {
    this.value = this.clamp(options.initialDelayMs);
  }

  get ms(): number {
    return this.value;
  }

  /** A packet arriving at `nowMs` came `variationMs` later than the fastest recent one. */
  observe(variationMs: number, nowMs: number): void {
    if (!(variationMs > this.value)) return;
    this.value = this.clamp(variationMs);
    this.lastUpdateMs = nowMs; // the decay starts from the rise, not from the previous tick
  }

  /** Moves towards the quantile the estimator suggests: up at once, down at the shrink rate. */
  settle(suggestedMs: number, nowMs: number): void {
    const elapsedMs = this.lastUpdateMs === undefined ? 0 : Math.max(0, nowMs - this.lastUpdateMs);
    this.lastUpdateMs = nowMs;
    const wanted = this.clamp(suggestedMs);
    if (wanted >= this.value) this.value = wanted;
    else this.value = Math.max(wanted, this.value - (this.options.shrinkMsPerSecond * elapsedMs) / 1000);
  }

  private clamp(ms: number): number {
    return Math.min(this.options.maxDelayMs, Math.max(this.options.minDelayMs, ms));
  }
}
