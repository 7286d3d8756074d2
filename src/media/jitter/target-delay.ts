/**
 * The adaptive target delay: fast up, slow down, always within bounds.
 *
 * - Up at once to the window's quantile: the buffer recomputes the quantile as
 *   soon as a packet comes later than the target, so a rising network is
 *   followed within a tick. A single stray packet (a scheduling hiccup) moves
 *   the quantile only while the window is short; it does not hold the whole
 *   call at its delay.
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
