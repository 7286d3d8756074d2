/**
 * One port's loop, as the call controller hears it: the raw hook edges of a Line go
 * through the hook filter (debounce, flash window, ring-trip guard) and the pulse
 * decoder (rotary digits), and come out as off-hook, on-hook, flash, "pulsing now" and
 * dialed digits, in the order they happened.
 */
import type { Line, Unsubscribe } from "../../../hal/line.js";
import type { Clock } from "../../util/clock.js";
import type { PulseDigitMapName } from "../pulse/digit-maps.js";
import { PulseDecoder, type PulseDigit } from "../pulse/pulse-decoder.js";
import { HookFilter, type HookFilterOptions } from "./hook-filter.js";

export interface LoopMonitorUser {
  onOffHook(atMs: number): void;
  onOnHook(atMs: number): void;
  onFlash(atMs: number, durationMs: number): void;
  /** True from the first break of a rotary digit (mute DTMF detection) until it ends. */
  onPulsing(active: boolean, atMs: number): void;
  onPulseDigit(digit: PulseDigit): void;
}

export interface LoopMonitorOptions extends HookFilterOptions {
  /** Default "standard" (pulse/digit-maps.ts). */
  digitMap?: PulseDigitMapName;
}

export class LoopMonitor {
  private readonly filter: HookFilter;
  private readonly pulses: PulseDecoder;
  private readonly unsubscribe: Unsubscribe;

  constructor(line: Pick<Line, "hook" | "onHookEdge">, clock: Clock, user: LoopMonitorUser, options: LoopMonitorOptions = {}) {
    this.pulses = new PulseDecoder(clock, user, options.digitMap);
    this.filter = new HookFilter(line.hook, clock, {
      onOffHook: (atMs) => user.onOffHook(atMs),
      onOnHook: (atMs) => {
        this.pulses.interrupt(atMs);
        user.onOnHook(atMs);
      },
      onFlash: (atMs, durationMs) => {
        this.pulses.interrupt(atMs);
        user.onFlash(atMs, durationMs);
      },
      onLoopOpen: (atMs) => this.pulses.loopOpen(atMs),
      onPulse: (breakAtMs, breakMs, makeAtMs) => this.pulses.pulse(breakAtMs, breakMs, makeAtMs),
      onLoopRestored: (atMs) => this.pulses.loopRestored(atMs),
    }, options);
    this.unsubscribe = line.onHookEdge((edge) => this.filter.edge(edge));
  }

  /** The filtered hook state ("open" while a break is not yet classified). */
  get state(): "onHook" | "offHook" | "open" {
    return this.filter.state;
  }

  /** From the ring player: ring voltage on or off (arms the ring-trip guard). */
  ringing(active: boolean): void {
    this.filter.ringing(active);
  }

  setDigitMap(map: PulseDigitMapName): void {
    this.pulses.setMap(map);
  }

  close(): void {
    this.unsubscribe();
    this.filter.close();
    this.pulses.close();
  }
}
