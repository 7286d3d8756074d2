/**
 * The subscription client's timers, each in one named slot so that setting one
 * replaces what was there and stop() can cancel them all: the next attempt
 * (refresh or retry), the expiry of the subscription, and the wait for the first
 * NOTIFY. StopGuard bounds how long stop() may take.
 */
import type { Clock, Timer } from "../../util/clock.js";

export class TimerSlot {
  private timer: Timer | undefined;

  constructor(private readonly clock: Clock) {}

  /** Replaces whatever this slot held with a timer firing after `delayMs`. */
  set(delayMs: number, fire: () => void): void {
    this.cancel();
    this.timer = this.clock.setTimer(delayMs, () => {
      this.timer = undefined;
      fire();
    });
  }

  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}

export class SubscriptionTimers {
  /** Refresh while subscribed, retry while waiting. */
  readonly next: TimerSlot;
  /** The end of the granted duration. */
  readonly expiry: TimerSlot;
  /** RFC 6665 §4.1.2.4: 64·T1 after the 2xx without a NOTIFY. */
  readonly noNotify: TimerSlot;

  constructor(clock: Clock) {
    this.next = new TimerSlot(clock);
    this.expiry = new TimerSlot(clock);
    this.noNotify = new TimerSlot(clock);
  }

  cancelAll(): void {
    this.next.cancel();
    this.expiry.cancel();
    this.noNotify.cancel();
  }
}

/** A promise for the end of stop(), settled by finish() or, at the deadline, by `onTimeout` (which must call finish()). */
export class StopGuard {
  readonly done: Promise<void>;
  private resolve: () => void = () => undefined;
  private readonly guard: TimerSlot;
  private deadlineMs: number;

  constructor(private readonly clock: Clock, timeoutMs: number, private readonly onTimeout: () => void) {
    this.done = new Promise<void>((r) => {
      this.resolve = r;
    });
    this.guard = new TimerSlot(clock);
    this.deadlineMs = clock.now() + timeoutMs;
    this.guard.set(timeoutMs, onTimeout);
  }

  /** Brings the deadline forward to at most `ms` from now. */
  shorten(ms: number): void {
    const deadline = Math.min(this.deadlineMs, this.clock.now() + ms);
    if (deadline === this.deadlineMs) return;
    this.deadlineMs = deadline;
    this.guard.set(deadline - this.clock.now(), this.onTimeout);
  }

  finish(): void {
    this.guard.cancel();
    this.resolve();
  }
}
