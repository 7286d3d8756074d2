/**
 * A drift-free periodic tick on the injected Clock: the clock a sound card would give
 * (DESIGN.md §2) where there is none (the simulated board, a media session in a test).
 * Tick n is due at start + n·periodMs, each timer set from that target rather than from
 * the previous firing, so timer latency never accumulates into drift. A timer that fires
 * late makes up the missed ticks at once, each with its own nominal time; past
 * `maxCatchUpTicks` overdue ticks the grid restarts from now instead (a process stopped
 * for a long time should not burst seconds of audio).
 */
import type { Clock, Timer } from "./clock.js";

export interface FrameTickerOptions {
  clock: Clock;
  periodMs: number;
  tick: (atMs: number) => void;
  /** Overdue ticks made up at once before the grid restarts; default: all of them. */
  maxCatchUpTicks?: number;
}

export class FrameTicker {
  private timer: Timer | undefined;
  private startMs = 0;
  private next = 0;
  private ticked = 0;
  private skipped = 0;

  constructor(private readonly options: FrameTickerOptions) {
    if (!(options.periodMs > 0)) throw new RangeError(`tick period ${options.periodMs} ms`);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Ticks run so far. */
  get ticks(): number {
    return this.ticked;
  }

  /** Ticks dropped when the ticker fell more than maxCatchUpTicks behind. */
  get skippedTicks(): number {
    return this.skipped;
  }

  /** Starts ticking: the first tick one period from now. No effect while running. */
  start(): void {
    if (this.timer !== undefined) return;
    this.startMs = this.options.clock.now();
    this.next = 1;
    this.arm();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private arm(): void {
    const due = this.startMs + this.next * this.options.periodMs;
    this.timer = this.options.clock.setTimer(due - this.options.clock.now(), () => this.fire());
  }

  private fire(): void {
    const { clock, periodMs, maxCatchUpTicks = Infinity } = this.options;
    const now = clock.now();
    const overdue = Math.floor((now - this.startMs) / periodMs) - this.next + 1;
    if (overdue > maxCatchUpTicks) {
      this.skipped += overdue - 1;
      this.startMs = now;
      this.next = 0;
    }
    while (this.timer !== undefined && this.startMs + this.next * periodMs <= now) {
      const atMs = this.startMs + this.next * periodMs;
      this.next++;
      this.ticked++;
      this.options.tick(atMs);
    }
    if (this.timer !== undefined) this.arm();
  }
}
