/**
 * Telephone meaning of the loop: off-hook, on-hook, hook flash and dial-pulse breaks,
 * from debounced hook edges (hook-debouncer.ts).
 *
 *   OnHook ─make→ OffHook ─break→ Open ─make before flashMin→ OffHook (a dial pulse)
 *                    ↑              ├─make within [flashMin, flashMax]→ OffHook (flash)
 *                    └──────────────┘─still open at flashMax→ OnHook (hung up)
 *
 * On-hook is confirmed only when the loop has stayed open past the flash window, and is
 * dated at the break. Defaults follow the Cisco SPA112/SPA122 ATAs ("Hook Flash Tmr Min"
 * 0.1 s, "Max" 0.9 s). A break shorter than `minBreakMs` is a glitch and is dropped.
 *
 * Ring trip: a SLIC switching from ringing to talk may open the loop briefly right after
 * the phone is lifted. `ringing(true)` arms a guard: an off-hook while ringing (or just
 * after) ignores breaks that close within the flash window for `ringTripGuardMs`, so the
 * lift is one off-hook and never a flash or a pulse.
 */
import type { HookEdge, HookState } from "../../../hal/line.js";
import type { Clock, Timer } from "../../util/clock.js";
import { HookDebouncer } from "./hook-debouncer.js";

export interface HookFilterOptions {
  /** Default 6 ms (hook-debouncer.ts). */
  debounceMs?: number;
  /** Shortest break that is a flash, ms (default 100). */
  flashMinMs?: number;
  /** Longest break that is a flash; longer is on-hook, ms (default 900). */
  flashMaxMs?: number;
  /** Shorter breaks are glitches, ms (default 15; a 22 pps dial at 50 % breaks for 22.7 ms). */
  minBreakMs?: number;
  /** Breaks shorter than flashMin are dial pulses when true (default), else ignored. */
  pulseDialing?: boolean;
  /** How long after a ring-trip off-hook short breaks are ignored, ms (default 500). */
  ringTripGuardMs?: number;
}

export interface HookFilterUser {
  onOffHook(atMs: number): void;
  /** Dated at the break that began it, reported once the flash window has passed. */
  onOnHook(atMs: number): void;
  onFlash(atMs: number, durationMs: number): void;
  /** The loop opened while off-hook: a pulse, a flash or hanging up, not yet known. */
  onLoopOpen?(atMs: number): void;
  /** A break shorter than the flash window closed again at `makeAtMs`: a dial pulse. */
  onPulse?(breakAtMs: number, breakMs: number, makeAtMs: number): void;
  /** An open loop closed again without being a pulse or a flash (glitch, ring trip). */
  onLoopRestored?(atMs: number): void;
}

export type HookFilterState = "onHook" | "offHook" | "open";

export class HookFilter {
  private readonly debouncer: HookDebouncer;
  private readonly flashMinMs: number;
  private readonly flashMaxMs: number;
  private readonly minBreakMs: number;
  private readonly pulseDialing: boolean;
  private readonly ringTripGuardMs: number;
  private readonly debounceMs: number;
  private current: HookFilterState;
  private openedAtMs = 0;
  private onHookTimer: Timer | undefined;
  private ringingNow = false;
  private ringStoppedAtMs = -Infinity;
  private guardUntilMs = -Infinity;

  constructor(initial: HookState, private readonly clock: Clock, private readonly user: HookFilterUser, options: HookFilterOptions = {}) {
    this.flashMinMs = options.flashMinMs ?? 100;
    this.flashMaxMs = options.flashMaxMs ?? 900;
    this.minBreakMs = options.minBreakMs ?? 15;
    this.pulseDialing = options.pulseDialing ?? true;
    this.ringTripGuardMs = options.ringTripGuardMs ?? 500;
    this.debounceMs = options.debounceMs ?? 6;
    if (!(this.debounceMs >= 0 && this.debounceMs < this.minBreakMs && this.minBreakMs < this.flashMinMs && this.flashMinMs < this.flashMaxMs)) {
      throw new RangeError(`hook timing needs 0 ≤ debounce < minBreak < flashMin < flashMax (got ${this.debounceMs}, ${this.minBreakMs}, ${this.flashMinMs}, ${this.flashMaxMs})`);
    }
    this.current = initial === "off" ? "offHook" : "onHook";
    this.debouncer = new HookDebouncer(initial, clock, this.debounceMs, (edge) => this.stableEdge(edge));
  }

  get state(): HookFilterState {
    return this.current;
  }

  /** A raw edge from Line.onHookEdge. */
  edge(edge: HookEdge): void {
    this.debouncer.edge(edge);
  }

  /** Told by the ring player when ring voltage starts and stops (ring-trip guard). */
  ringing(active: boolean): void {
    if (this.ringingNow && !active) this.ringStoppedAtMs = this.clock.now();
    this.ringingNow = active;
  }

  /** Stops the timers (the line is closing). */
  close(): void {
    this.debouncer.cancel();
    this.onHookTimer?.cancel();
  }

  private stableEdge(edge: HookEdge): void {
    if (edge.state === "off") this.make(edge.atMs);
    else this.break(edge.atMs);
  }

  private make(atMs: number): void {
    if (this.current === "onHook") {
      // A lift while ringing, or just after the ring player stopped on it, is a ring trip.
      if (this.ringingNow || atMs - this.ringStoppedAtMs < this.ringTripGuardMs) this.guardUntilMs = atMs + this.ringTripGuardMs;
      this.current = "offHook";
      this.user.onOffHook(atMs);
      return;
    }
    if (this.current !== "open") return;
    this.onHookTimer?.cancel();
    this.current = "offHook";
    const breakMs = atMs - this.openedAtMs;
    if (breakMs > this.flashMaxMs) {
      // Closed just past the window, seen before the on-hook timer (it waits out bounce and debounce).
      this.user.onOnHook(this.openedAtMs);
      this.user.onOffHook(atMs);
      return;
    }
    if (this.openedAtMs < this.guardUntilMs || breakMs < this.minBreakMs) this.user.onLoopRestored?.(atMs);
    else if (breakMs >= this.flashMinMs) this.user.onFlash(this.openedAtMs, breakMs); // within the window: the timer has not fired
    else if (this.pulseDialing) this.user.onPulse?.(this.openedAtMs, breakMs, atMs);
    else this.user.onLoopRestored?.(atMs);
  }

  private break(atMs: number): void {
    if (this.current !== "offHook") return;
    this.current = "open";
    this.openedAtMs = atMs;
    this.user.onLoopOpen?.(atMs);
    // The make that would end a flash is known only after its bounce and the debounce:
    // allow three debounce times.
    this.onHookTimer = this.clock.setTimer(atMs + this.flashMaxMs + 3 * this.debounceMs - this.clock.now(), () => {
      this.current = "onHook";
      this.user.onOnHook(this.openedAtMs);
    });
  }
}
