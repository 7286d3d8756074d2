/**
 * Paces a media session where no sound card does (tests, the simulated board): every
 * frame period it takes a frame from the source and sends it, then pulls a frame for
 * the sink. Drift-free: tick n is due at start + n·period on the injected Clock, so
 * timer latency never accumulates; ticks that are overdue run at once to catch up,
 * up to a second's worth, beyond which the grid restarts from now (a process that
 * was stopped for a long time should not burst seconds of audio).
 */
import type { Clock, Timer } from "../../util/clock.js";

export interface FramePumpOptions {
  clock: Clock;
  session: { send(frame: Int16Array): void; pull(): Int16Array };
  /** The microphone: the next frame to send, or undefined to send nothing this tick. */
  source?: () => Int16Array | undefined;
  /** The earpiece: every pulled frame. */
  sink?: (frame: Int16Array) => void;
  /** Default 20. */
  frameMs?: number;
  /** Overdue ticks run at once before the grid restarts; default 50 (1 s of 20 ms frames). */
  maxCatchUpTicks?: number;
}

export class FramePump {
  private timer: Timer | undefined;
  private startMs = 0;
  private next = 0;
  private ticked = 0;
  private skipped = 0;
  private readonly frameMs: number;

  constructor(private readonly options: FramePumpOptions) {
    this.frameMs = options.frameMs ?? 20;
    if (!(this.frameMs > 0)) throw new RangeError(`frame period ${this.frameMs} ms`);
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Ticks run so far. */
  get ticks(): number {
    return this.ticked;
  }

  /** Ticks dropped when the pump fell more than maxCatchUpTicks behind. */
  get skippedTicks(): number {
    return this.skipped;
  }

  /** The first tick runs one period from now. */
  start(): void {
    if (this.timer) return;
    this.startMs = this.options.clock.now();
    this.next = 1;
    this.arm();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private onTimer(): void {
    const now = this.options.clock.now();
    const overdue = Math.floor((now - this.startMs) / this.frameMs) - this.next + 1;
    const limit = this.options.maxCatchUpTicks ?? 50;
    if (overdue > limit) {
      this.skipped += overdue - 1;
      this.startMs = now;
      this.next = 0;
    }
    while (this.timer && this.startMs + this.next * this.frameMs <= now) {
      this.tick();
      this.next++;
    }
    if (this.timer) this.arm();
  }

  private tick(): void {
    this.ticked++;
    const frame = this.options.source?.();
    if (frame) this.options.session.send(frame);
    const heard = this.options.session.pull();
    this.options.sink?.(heard);
  }

  private arm(): void {
    const dueMs = this.startMs + this.next * this.frameMs;
    this.timer = this.options.clock.setTimer(dueMs - this.options.clock.now(), () => this.onTimer());
  }
}
