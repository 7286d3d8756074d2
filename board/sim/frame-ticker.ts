/**
 * FrameTicker: the simulated sound card's clock (DESIGN.md §2). Tick n falls at
 * start + n·periodMs on the Clock's monotonic scale, each timer set from that target
 * rather than from the previous firing, so lateness never accumulates into drift. A timer
 * that fires late (a busy event loop) makes up the missed ticks at once, each with its
 * own nominal time, so no frame is lost.
 */
import type { Clock, Timer } from "../../src/util/clock.js";

export class FrameTicker {
  private timer: Timer | undefined;
  private startMs = 0;
  private next = 0;

  constructor(
    private readonly clock: Clock,
    private readonly periodMs: number,
    private readonly tick: (atMs: number) => void,
  ) {}

  /** Starts ticking: the first tick one period from now. */
  start(): void {
    if (this.timer !== undefined) return;
    this.startMs = this.clock.now();
    this.next = 1;
    this.arm();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private arm(): void {
    const due = this.startMs + this.next * this.periodMs;
    this.timer = this.clock.setTimer(due - this.clock.now(), () => this.fire());
  }

  private fire(): void {
    const now = this.clock.now();
    while (this.timer !== undefined && this.startMs + this.next * this.periodMs <= now) {
      const atMs = this.startMs + this.next * this.periodMs;
      this.next++;
      this.tick(atMs);
    }
    if (this.timer !== undefined) this.arm();
  }
}
