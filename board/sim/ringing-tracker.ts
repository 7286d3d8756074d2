/**
 * RingingTracker: what a person near the phone can tell. `bell` is on exactly while ring
 * voltage is applied. `ringing` is the alerting period: from the first burst until the
 * phone is answered, or until no burst has come for `quietMs` after the last one ended.
 * The default 6.5 s outlasts the longest silent gap of every region's cadence we ring
 * (Sweden 1 s on / 5 s off; US 2 s / 4 s; DE and NL 1 s / 4 s; FR 1.5 s / 3.5 s) with
 * 1.5 s to spare for a controller's timer slack, and is short enough that a caller who
 * gave up is seen as gone a few seconds after the last ring.
 */
import type { Clock, Timer } from "../../src/util/clock.js";

export const ALERTING_QUIET_MS = 6500;

export class RingingTracker {
  private bellOn = false;
  private alerting = false;
  private quietTimer: Timer | undefined;

  constructor(private readonly clock: Clock, private readonly quietMs = ALERTING_QUIET_MS) {}

  get bell(): boolean {
    return this.bellOn;
  }

  get ringing(): boolean {
    return this.alerting;
  }

  /** Ring voltage went on or off. */
  ringVoltage(on: boolean): void {
    if (on === this.bellOn) return;
    this.bellOn = on;
    this.quietTimer?.cancel();
    this.quietTimer = undefined;
    if (on) this.alerting = true;
    else if (this.alerting) this.quietTimer = this.clock.setTimer(this.quietMs, () => this.end());
  }

  /** The phone was answered (or the line closed): the alerting period is over at once. */
  stopAlerting(): void {
    this.bellOn = false;
    this.end();
  }

  private end(): void {
    this.quietTimer?.cancel();
    this.quietTimer = undefined;
    this.alerting = false;
  }
}
