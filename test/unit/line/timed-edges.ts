/**
 * Test support for the loop: a minimal Line (hook state and edge listeners) whose raw
 * edges are played on a FakeClock at their own times, and edge tables for real dials
 * (pulse rate, break ratio, interdigit pause) with contact bounce on every transition.
 */
import type { HookEdge, HookState, Line, Unsubscribe } from "../../../hal/line.js";
import { FakeClock } from "../../../src/util/clock.js";

export class EdgeLine implements Pick<Line, "hook" | "onHookEdge"> {
  hook: HookState;
  private listeners: Array<(edge: HookEdge) => void> = [];

  constructor(readonly clock: FakeClock, initial: HookState) {
    this.hook = initial;
  }

  onHookEdge(listener: (edge: HookEdge) => void): Unsubscribe {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Advances the clock to each edge's time and reports it, then on to `untilMs`. */
  play(edges: readonly HookEdge[], untilMs?: number): void {
    for (const edge of edges) {
      if (edge.atMs < this.clock.now()) throw new Error(`edge at ${edge.atMs} ms is in the past (${this.clock.now()})`);
      this.clock.advance(edge.atMs - this.clock.now());
      this.hook = edge.state;
      for (const l of this.listeners) l(edge);
    }
    if (untilMs !== undefined) this.clock.advance(Math.max(0, untilMs - this.clock.now()));
  }
}

/** A transition at `atMs` to `state`, preceded by chatter for `bounceMs` (edges 0.7 ms apart). */
export function bouncy(state: HookState, atMs: number, bounceMs: number): HookEdge[] {
  const other: HookState = state === "off" ? "on" : "off";
  const edges: HookEdge[] = [{ state, atMs }];
  for (let t = 0.7, flip = true; t < bounceMs; t += 0.7, flip = !flip) edges.push({ state: flip ? other : state, atMs: atMs + t });
  if (edges[edges.length - 1]!.state !== state) edges.push({ state, atMs: atMs + bounceMs });
  return edges;
}

export interface Dial {
  pulsesPerSecond: number;
  /** Share of each pulse period the loop is open, e.g. 0.6 for a "60/40" dial. */
  breakRatio: number;
  /** Loop closed between digits, ms. */
  interdigitMs: number;
  /** Contact chatter after each transition, ms (0 for clean edges). */
  bounceMs: number;
}

/** Raw edges for pulse trains of the given lengths, starting with a break at `startMs`. */
export function dialEdges(trains: readonly number[], dial: Dial, startMs: number): { edges: HookEdge[]; endMs: number } {
  const periodMs = 1000 / dial.pulsesPerSecond;
  const breakMs = periodMs * dial.breakRatio;
  const edges: HookEdge[] = [];
  let t = startMs;
  for (const pulses of trains) {
    for (let p = 0; p < pulses; p++) {
      edges.push(...bouncy("on", t, dial.bounceMs), ...bouncy("off", t + breakMs, dial.bounceMs));
      t += p === pulses - 1 ? breakMs : periodMs;
    }
    t += dial.interdigitMs;
  }
  return { edges, endMs: t };
}
