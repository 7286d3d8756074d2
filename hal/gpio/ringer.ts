/**
 * Ring generation on an AG1171/KS0835F: RM high puts the SLIC in ringing mode, and each
 * toggle of F/R swings the line; two toggles make one ring cycle, so F/R changes every
 * 25 ms for 20 Hz and every 20 ms for 25 Hz. RM goes low again when the burst ends (the
 * datasheet asks RM high only while ringing; rotary phones misdial otherwise). Toggles are
 * scheduled against the burst's start, so timer lateness does not accumulate.
 */
import type { Clock, Timer } from "../../src/util/clock.js";
import type { LogicalLine } from "./gpio-lines.js";

export interface RingerPins {
  readonly ringMode: LogicalLine;
  readonly forwardReverse: LogicalLine;
}

export class Ringer {
  private timer: Timer | undefined;
  private toggles = 0;
  private startedAtMs = 0;
  private level = true;
  readonly halfPeriodMs: number;

  constructor(private readonly clock: Clock, private readonly pins: RingerPins, frequencyHz: 20 | 25) {
    this.halfPeriodMs = 1000 / (2 * frequencyHz);
  }

  get ringing(): boolean {
    return this.timer !== undefined;
  }

  /** RM high, then F/R toggling from `fromLevel` until stop(). */
  start(fromLevel: boolean): void {
    if (this.timer) return;
    this.pins.ringMode.write(true);
    this.level = fromLevel;
    this.toggles = 0;
    this.startedAtMs = this.clock.now();
    this.schedule();
  }

  /** Stops toggling, leaves F/R at `restLevel` (the polarity), then RM low. */
  stop(restLevel: boolean): void {
    if (!this.timer) return;
    this.timer.cancel();
    this.timer = undefined;
    this.pins.forwardReverse.write(restLevel);
    this.pins.ringMode.write(false);
  }

  private schedule(): void {
    const dueAtMs = this.startedAtMs + (this.toggles + 1) * this.halfPeriodMs;
    this.timer = this.clock.setTimer(dueAtMs - this.clock.now(), () => {
      this.level = !this.level;
      this.pins.forwardReverse.write(this.level);
      this.toggles++;
      this.schedule();
    });
  }
}
