/**
 * Rotary (decadic) dialing: groups the dial-pulse breaks the hook filter reports into
 * digits. A digit ends when the loop stays closed longer than the interdigit threshold,
 * adapted to the dial: twice the longest make seen in this digit (or, after the first
 * pulse, its break, since a dial at ≥ 50 % break makes for no longer than it breaks)
 * plus 20 ms, within [60, 250] ms. That covers 8–22 pulses per second at 50–72 % break
 * (makes of 12.6–62.5 ms) while real dials pause 200 ms or more between digits.
 *
 * `onPulsing(true)` comes at the first break of a digit, so the DTMF receiver can be
 * muted at once (dial clicks leak into the audio), and `onPulsing(false)` when the digit
 * is complete or was cut by a flash or on-hook (then the pulses so far form the digit).
 */
import type { Clock, Timer } from "../../util/clock.js";
import { pulsesToDigit, type PulseDigitMapName } from "./digit-maps.js";

export interface PulseDigit {
  /** The digit under the map, or undefined when the count means nothing (over 10). */
  readonly digit: string | undefined;
  readonly pulses: number;
  /** Start of the first break and end (make) of the last one. */
  readonly startMs: number;
  readonly endMs: number;
  /** Measured rate and break ratio (undefined for a single pulse). */
  readonly pulsesPerSecond: number | undefined;
  readonly breakRatio: number | undefined;
}

export interface PulseDecoderUser {
  onPulsing(active: boolean, atMs: number): void;
  onPulseDigit(digit: PulseDigit): void;
}

const MIN_INTERDIGIT_MS = 60;
const MAX_INTERDIGIT_MS = 250;

interface Train {
  breaks: Array<{ atMs: number; ms: number }>;
  longestMakeMs: number;
  lastMakeAtMs: number;
}

export class PulseDecoder {
  private train: Train | undefined;
  private pulsing = false;
  private timer: Timer | undefined;

  constructor(private readonly clock: Clock, private readonly user: PulseDecoderUser, private map: PulseDigitMapName = "standard") {}

  setMap(map: PulseDigitMapName): void {
    this.map = map;
  }

  /** The loop opened (maybe the first pulse of a digit). */
  loopOpen(atMs: number): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.train) this.train.longestMakeMs = Math.max(this.train.longestMakeMs, atMs - this.train.lastMakeAtMs);
    if (!this.pulsing) {
      this.pulsing = true;
      this.user.onPulsing(true, atMs);
    }
  }

  /** A dial-pulse break ended (hook-filter.ts `onPulse`). */
  pulse(breakAtMs: number, breakMs: number, makeAtMs: number): void {
    const train = this.train ?? (this.train = { breaks: [], longestMakeMs: 0, lastMakeAtMs: makeAtMs });
    train.breaks.push({ atMs: breakAtMs, ms: breakMs });
    train.lastMakeAtMs = makeAtMs;
    this.arm(train);
  }

  /** The open loop closed without a pulse (a glitch, a ring trip): the make goes on. */
  loopRestored(atMs: number): void {
    if (this.train) this.arm(this.train);
    else this.complete(atMs);
  }

  /** A flash or on-hook: the pulses so far, if any, form the digit; pulsing ends. */
  interrupt(atMs: number): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.complete(atMs);
  }

  close(): void {
    this.timer?.cancel();
  }

  /** Interdigit timer from the start of the current make. */
  private arm(train: Train): void {
    const first = train.breaks[0]!;
    const expectedMakeMs = train.longestMakeMs > 0 ? train.longestMakeMs : first.ms;
    const endMs = train.lastMakeAtMs + Math.min(MAX_INTERDIGIT_MS, Math.max(MIN_INTERDIGIT_MS, 2 * expectedMakeMs + 20));
    this.timer = this.clock.setTimer(endMs - this.clock.now(), () => this.complete(endMs));
  }

  private complete(atMs: number): void {
    this.timer = undefined;
    const train = this.train;
    this.train = undefined;
    if (train) this.user.onPulseDigit(describe(train, this.map));
    if (this.pulsing) {
      this.pulsing = false;
      this.user.onPulsing(false, atMs);
    }
  }
}

function describe(train: Train, map: PulseDigitMapName): PulseDigit {
  const n = train.breaks.length;
  const first = train.breaks[0]!;
  const base = { digit: pulsesToDigit(map, n), pulses: n, startMs: first.atMs, endMs: train.lastMakeAtMs };
  if (n < 2) return { ...base, pulsesPerSecond: undefined, breakRatio: undefined };
  const periodMs = (train.breaks[n - 1]!.atMs - first.atMs) / (n - 1);
  const meanBreakMs = train.breaks.slice(0, -1).reduce((sum, b) => sum + b.ms, 0) / (n - 1);
  return { ...base, pulsesPerSecond: 1000 / periodMs, breakRatio: meanBreakMs / periodMs };
}
