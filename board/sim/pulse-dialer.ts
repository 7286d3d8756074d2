/**
 * PulseDialer: a rotary dial as the line sees it, real loop breaks. Digit d is d breaks
 * (0 is ten), each break followed by a make, at `pulsesPerSecond`, with `breakPercent` of
 * each period open; digits are separated by `interdigitMs` of closed loop. Every edge is
 * timed from the start of the train (not from the previous timer), and stamped with its
 * nominal time, so the train neither drifts nor depends on event-loop latency.
 */
import type { HookState } from "../../hal/line.js";
import type { Clock, Timer } from "../../src/util/clock.js";

export interface PulseTiming {
  /** Default 10 (Bell System dials were adjusted to 9.5–10.5 pps, AT&T spec 4566). */
  pulsesPerSecond: number;
  /** Share of each period the loop is open. Default 61 (Bell System 61 % break; GPO 66 %). */
  breakPercent: number;
  /** Closed loop between the last make of a digit and the next break. Default 800 ms. */
  interdigitMs: number;
}

export const DEFAULT_PULSE_TIMING: PulseTiming = { pulsesPerSecond: 10, breakPercent: 61, interdigitMs: 800 };

export const PULSE_KEYS = /^[0-9]+$/;

interface PlannedEdge {
  state: HookState;
  offsetMs: number;
}

/** The edges of `digits` from the first break (offset 0), in order. */
export function pulseTrain(digits: string, timing: PulseTiming): PlannedEdge[] {
  if (!PULSE_KEYS.test(digits)) throw new RangeError(`pulse dialing sends only 0–9 (got ${JSON.stringify(digits)})`);
  const periodMs = 1000 / timing.pulsesPerSecond;
  const breakMs = (periodMs * timing.breakPercent) / 100;
  const edges: PlannedEdge[] = [];
  let t = 0;
  for (const digit of digits) {
    const pulses = digit === "0" ? 10 : Number(digit);
    for (let p = 0; p < pulses; p++) {
      edges.push({ state: "on", offsetMs: t }, { state: "off", offsetMs: t + breakMs });
      t += periodMs;
    }
    // The next break comes interdigitMs after this digit's last make.
    t = edges[edges.length - 1]!.offsetMs + timing.interdigitMs;
  }
  return edges;
}

export class PulseDialer {
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly edge: (state: HookState, atMs: number) => void,
    private readonly done: () => void,
  ) {}

  get active(): boolean {
    return this.timer !== undefined;
  }

  /** Starts the train now; returns its length in ms (first break to last make). */
  dial(digits: string, timing: PulseTiming): number {
    const edges = pulseTrain(digits, timing);
    const startMs = this.clock.now();
    const step = (i: number): void => {
      const planned = edges[i]!;
      this.timer = this.clock.setTimer(startMs + planned.offsetMs - this.clock.now(), () => {
        this.edge(planned.state, startMs + planned.offsetMs);
        if (i + 1 < edges.length) step(i + 1);
        else this.finish();
      });
    };
    step(0);
    return edges[edges.length - 1]!.offsetMs;
  }

  /** Stops the train where it is (the loop stays as the last edge left it). */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private finish(): void {
    this.timer = undefined;
    this.done();
  }
}
