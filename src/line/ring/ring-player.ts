/**
 * Rings the phone: applies and removes ring voltage (Line.setRing) by a cadence, on the
 * injected clock, until stopped. The first raw off-hook edge while alerting (ring trip)
 * stops it at once, before any debounce, and tells `onTrip`; `onAlerting` tells the
 * loop monitor when alerting starts and ends, so the hook filter takes the lift as one
 * off-hook and not the SLIC's ring-to-talk loop drop after it as a flash or a pulse.
 *
 *   Idle ─start→ Alerting (bell on ⇄ bell off by cadence) ─stop / trip / splash done→ Idle
 */
import type { Line, Unsubscribe } from "../../../hal/line.js";
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { err, ok, type Result } from "../../util/result.js";
import type { RingCadence } from "../tones/tone-plan.js";
import { DISTINCTIVE_RINGS, type RingPattern } from "./ring-cadences.js";

export interface RingPlayerOptions {
  /** The region’s normal ring (TonePlan.ring), played for the name "default". */
  regionCadence: RingCadence;
  log: Logger;
  /** The phone was lifted while alerting (raw edge time). */
  onTrip?(atMs: number): void;
  /** Alerting started (true) or ended (false): LoopMonitor.ringing. */
  onAlerting?(active: boolean): void;
}

export class RingPlayer {
  private pattern: RingPattern | undefined;
  private index = 0;
  private dueMs = 0;
  private timer: Timer | undefined;
  private bellOn = false;
  private readonly unsubscribe: Unsubscribe;

  constructor(private readonly line: Pick<Line, "hook" | "onHookEdge" | "setRing">, private readonly clock: Clock, private readonly options: RingPlayerOptions) {
    this.unsubscribe = line.onHookEdge((edge) => {
      if (edge.state === "off" && this.pattern) {
        this.stop();
        options.onTrip?.(edge.atMs);
      }
    });
  }

  /** True for the whole alerting period, silent gaps included. */
  get alerting(): boolean {
    return this.pattern !== undefined;
  }

  /** True while ring voltage is applied. */
  get bell(): boolean {
    return this.bellOn;
  }

  /**
   * Starts ringing with `name` ("default" for the region's ring, or a distinctive ring
   * such as "bellcore-dr2"). Fails, leaving things as they were, on an unknown name or
   * when the phone is off-hook.
   */
  start(name = "default"): Result<void> {
    const key = name.toLowerCase();
    // Own keys only: a name such as "constructor" must be unknown, not the object's prototype.
    const pattern = key === "default" ? { onOffMs: this.options.regionCadence, repeat: true } : Object.hasOwn(DISTINCTIVE_RINGS, key) ? DISTINCTIVE_RINGS[key] : undefined;
    if (!pattern) return err(`unknown ring "${name}" (known: default, ${Object.keys(DISTINCTIVE_RINGS).join(", ")})`);
    if (this.line.hook === "off") return err("the phone is off-hook");
    this.cancelTimer();
    const starting = !this.pattern;
    this.pattern = pattern;
    if (starting) this.options.onAlerting?.(true);
    this.index = 0;
    this.dueMs = this.clock.now();
    this.step();
    return ok(undefined);
  }

  /** Stops at once (ring voltage off); nothing happens when not alerting. */
  stop(): void {
    if (!this.pattern) return;
    this.cancelTimer();
    this.pattern = undefined;
    this.applyBell(false);
    this.options.onAlerting?.(false);
  }

  close(): void {
    this.stop();
    this.unsubscribe();
  }

  /** Enters segment `index` (even: bell on, odd: off) and schedules the next. */
  private step(): void {
    const pattern = this.pattern!;
    if (this.index >= pattern.onOffMs.length) {
      if (!pattern.repeat) {
        this.stop();
        return;
      }
      this.index = 0;
    }
    this.applyBell(this.index % 2 === 0);
    this.dueMs += pattern.onOffMs[this.index]!;
    this.index++;
    this.timer = this.clock.setTimer(this.dueMs - this.clock.now(), () => this.step());
  }

  private applyBell(on: boolean): void {
    if (this.bellOn === on) return;
    this.bellOn = on;
    this.line.setRing(on).catch((error: unknown) => this.options.log.error(`setRing(${on}) failed: ${String(error)}`));
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }
}
