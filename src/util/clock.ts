/**
 * Time is passed in: every protocol timer in dialtone goes through a Clock, so
 * tests drive timers with FakeClock.advance() instead of waiting.
 */
export interface Timer {
  /** Stops the timer; calling it after the timer fired or was cancelled does nothing. */
  cancel(): void;
}

export interface Clock {
  /** Milliseconds on a monotonic scale (not wall-clock time). */
  now(): number;
  /** Wall-clock time, for Date headers and logs. */
  wallTime(): Date;
  setTimer(delayMs: number, fire: () => void): Timer;
}

export class RealClock implements Clock {
  now(): number {
    return performance.now();
  }

  wallTime(): Date {
    return new Date();
  }

  setTimer(delayMs: number, fire: () => void): Timer {
    const handle = setTimeout(fire, Math.max(0, delayMs));
    return { cancel: () => clearTimeout(handle) };
  }
}

interface Pending {
  at: number;
  seq: number;
  fire: () => void;
  cancelled: boolean;
}

/** A clock that only moves when a test calls advance(); timers fire in time order. */
export class FakeClock implements Clock {
  private current = 0;
  private seq = 0;
  private pending: Pending[] = [];

  constructor(private readonly epochMs = Date.UTC(2026, 0, 1)) {}

  now(): number {
    return this.current;
  }

  wallTime(): Date {
    return new Date(this.epochMs + this.current);
  }

  setTimer(delayMs: number, fire: () => void): Timer {
    const entry: Pending = { at: this.current + Math.max(0, delayMs), seq: this.seq++, fire, cancelled: false };
    this.pending.push(entry);
    return { cancel: () => { entry.cancelled = true; } };
  }

  /** Number of timers that have neither fired nor been cancelled. */
  get activeTimers(): number {
    return this.pending.filter((p) => !p.cancelled).length;
  }

  /** Moves time forward, firing every timer that falls due, including ones set while advancing. */
  advance(ms: number): void {
    const end = this.current + ms;
    for (;;) {
      const next = this.nextDue(end);
      if (!next) break;
      this.current = next.at;
      next.cancelled = true;
      next.fire();
    }
    this.current = end;
    this.pending = this.pending.filter((p) => !p.cancelled);
  }

  private nextDue(end: number): Pending | undefined {
    let best: Pending | undefined;
    for (const p of this.pending) {
      if (p.cancelled || p.at > end) continue;
      if (!best || p.at < best.at || (p.at === best.at && p.seq < best.seq)) best = p;
    }
    return best;
  }
}
