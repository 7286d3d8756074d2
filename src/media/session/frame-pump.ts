/**
 * Paces a media session where no sound card does (tests, the simulated board): every
 * frame period it takes a frame from the source and sends it, then pulls a frame for
 * the sink, on a drift-free FrameTicker (src/util) that catches up at most a second's
 * worth of overdue ticks before restarting its grid.
 */
import type { Clock } from "../../util/clock.js";
import { FrameTicker } from "../../util/frame-ticker.js";

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
  private readonly ticker: FrameTicker;

  constructor(private readonly options: FramePumpOptions) {
    this.ticker = new FrameTicker({
      clock: options.clock,
      periodMs: options.frameMs ?? 20,
      maxCatchUpTicks: options.maxCatchUpTicks ?? 50,
      tick: () => this.tick(),
    });
  }

  get running(): boolean {
    return this.ticker.running;
  }

  /** Ticks run so far. */
  get ticks(): number {
    return this.ticker.ticks;
  }

  /** Ticks dropped when the pump fell more than maxCatchUpTicks behind. */
  get skippedTicks(): number {
    return this.ticker.skippedTicks;
  }

  /** The first tick runs one period from now. */
  start(): void {
    this.ticker.start();
  }

  stop(): void {
    this.ticker.stop();
  }

  private tick(): void {
    const frame = this.options.source?.();
    if (frame) this.options.session.send(frame);
    const heard = this.options.session.pull();
    this.options.sink?.(heard);
  }
}
