/**
 * Contact bounce out of raw hook edges: a new state counts once the loop has stayed in
 * it for `debounceMs` with no edge; the transition is then dated at the first edge of
 * its bounce burst, so pulse and flash timing is measured from where it began. A burst
 * that settles back into the old state gives nothing. The SHK output of a SLIC read at
 * 3.3 V bounces for a few ms on each make (DESIGN.md §3); the shortest real state is the
 * make of a 22 pps dial at 72 % break, 12.6 ms, so the default (6 ms) sits between.
 */
import type { HookEdge, HookState } from "../../../hal/line.js";
import type { Clock, Timer } from "../../util/clock.js";

export class HookDebouncer {
  private stable: HookState;
  private raw: HookState;
  /** First edge of the current burst away from `stable`, if one is under way. */
  private burstStartMs: number | undefined;
  /** When the raw state last came back to `stable` within a burst. */
  private returnedAtMs = -Infinity;
  private timer: Timer | undefined;

  constructor(
    initial: HookState,
    private readonly clock: Clock,
    private readonly debounceMs: number,
    private readonly onStable: (edge: HookEdge) => void,
  ) {
    this.stable = initial;
    this.raw = initial;
  }

  get state(): HookState {
    return this.stable;
  }

  edge(edge: HookEdge): void {
    if (edge.state === this.raw) return;
    this.raw = edge.state;
    this.timer?.cancel();
    this.timer = undefined;
    if (this.raw === this.stable) {
      this.returnedAtMs = edge.atMs; // bounced back: the burst may still go on
      return;
    }
    if (this.burstStartMs === undefined || edge.atMs - this.returnedAtMs >= this.debounceMs) this.burstStartMs = edge.atMs;
    const waitMs = edge.atMs + this.debounceMs - this.clock.now();
    this.timer = this.clock.setTimer(waitMs, () => this.settle());
  }

  /** Stops the pending timer; later edges are still taken. */
  cancel(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private settle(): void {
    this.timer = undefined;
    const atMs = this.burstStartMs!;
    this.burstStartMs = undefined;
    this.stable = this.raw;
    this.onStable({ state: this.stable, atMs });
  }
}
