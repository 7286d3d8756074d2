/**
 * Walks a DialPlan one key at a time and says what the port does next. Pure: it owns no
 * timer; the caller starts the timeout each step names and calls `timeout()` when it
 * runs out, and makes a new matcher for each off-hook.
 *
 * The sequences that can still match the keys so far are the candidates (SPA admin
 * guide, "Dial Plan Digit Sequences"). After each key, in this order:
 *  1. the keys equal an emergency number of the region: dial it at once, whatever the
 *     map says (barred or not, `#` or not);
 *  2. no candidate: refuse ("no-match"), unless the keys begin an emergency number;
 *  3. every candidate is barred: refuse ("barred") now, since no key can make it pass;
 *  4. no candidate can take another key and none ends in `T`, or a complete candidate
 *     without `T` has a short timer of 0 (`S0`): decide now (below);
 *  5. a candidate is complete (`T` ones too): collect with the short timer, the
 *     shortest any complete candidate asks for;
 *  6. otherwise collect with the long timer, the longest any candidate asks for, so no
 *     candidate is cut off mid-number.
 * While the keys begin an emergency number, 4 waits for the short timer instead.
 * `timeout()` and `#` (when no candidate takes `#` as a key) decide now, `T` sequences
 * included; incomplete keys are refused ("incomplete"), never sent as dialled.
 * Before any key, `current` is the first step: "dial" for a hot line (`S0 <:n>` or
 * `P0 <:n>`), "collect" with timer "pause" for a warm line (`P5 <:n>`: its timeout
 * dials n), otherwise "collect" with no timeout of its own.
 *
 * Deciding picks one complete candidate by precedence, the most specific match: compare
 * the keys position by position from the first, and the candidate whose element there
 * accepts fewer keys wins (a key beats `[2-9]` beats `x`; a repeated element loses to the
 * same element once). Equal all along: a barred sequence wins, then the one written
 * first. A barred winner is refused; any other is dialled with its substitutions.
 */
import type { DialElement, DialPlan, DialSequence } from "./dial-plan.js";

export type DialStep =
  /** Keep collecting. `timeoutMs` null: no interdigit timer yet (the caller's dial-tone timeout applies). */
  | {
      readonly kind: "collect";
      readonly timer: "none" | "long" | "short" | "pause";
      readonly timeoutMs: number | null;
      /** Play the second ("outside line") dial tone until the next key (`,` in the map). */
      readonly secondDialTone: boolean;
    }
  /** Send the INVITE to `number`. `rule` is the sequence (or emergency number) that matched. */
  | { readonly kind: "dial"; readonly number: string; readonly emergency: boolean; readonly rule: string }
  /** Play reorder. */
  | { readonly kind: "refuse"; readonly reason: "no-match" | "barred" | "incomplete" };

export interface DialPlanMatcherOptions {
  /** Numbers that always dial at once (the region's, from emergencyNumbers()). */
  readonly emergency?: readonly string[];
  /** `#` sends what is dialled when no candidate takes it as a key (default true). */
  readonly hashSends?: boolean;
}

/** One way a sequence can have matched the keys so far. */
interface Thread {
  /** Index of the next element to match; elements.length when complete. */
  readonly pos: number;
  readonly sent: string;
  readonly shortMs: number;
  readonly longMs: number;
  /** A `,` was passed since the last key. */
  readonly tone: boolean;
  /** Per key taken, how unspecific its element was (lower is more specific). */
  readonly weights: readonly number[];
}

interface Candidate {
  readonly sequence: DialSequence;
  readonly threads: readonly Thread[];
}

const PRESSABLE = "0123456789*#ABCD";

export class DialPlanMatcher {
  private dialled = "";
  private candidates: Candidate[];
  private step: DialStep;
  private readonly emergency: readonly string[];
  private readonly hashSends: boolean;

  constructor(
    private readonly plan: DialPlan,
    options: DialPlanMatcherOptions = {},
  ) {
    this.emergency = options.emergency ?? [];
    this.hashSends = options.hashSends ?? true;
    const start: Thread = { pos: 0, sent: "", shortMs: plan.shortTimerMs, longMs: plan.longTimerMs, tone: false, weights: [] };
    this.candidates = plan.sequences
      .filter((s) => s.pauseMs === null)
      .map((sequence) => ({ sequence, threads: closure(sequence.elements, start) }));
    this.step = this.atStart();
  }

  /** What to do now: the step the last event returned (or the first one, before any key). */
  get current(): DialStep {
    return this.step;
  }

  /** The keys pressed so far. */
  get keys(): string {
    return this.dialled;
  }

  press(key: string): DialStep {
    if (key.length !== 1 || !PRESSABLE.includes(key)) throw new Error(`dial plan matcher: not a key: ${JSON.stringify(key)}`);
    this.assertCollecting();
    if (key === "#" && this.hashSends && !this.candidates.some((c) => c.threads.some((t) => accepts(c.sequence.elements[t.pos], "#")))) {
      return (this.step = this.decide(true));
    }
    this.dialled += key;
    this.candidates = this.candidates
      .map((c) => ({ sequence: c.sequence, threads: advance(c.sequence.elements, c.threads, key) }))
      .filter((c) => c.threads.length > 0);
    return (this.step = this.afterKey());
  }

  /** The timeout named by the current step ran out. */
  timeout(): DialStep {
    this.assertCollecting();
    if (this.step.kind === "collect" && this.step.timer === "pause") {
      const warm = this.pauseSequences()[0]!;
      return (this.step = dialOf(warm.sequence, insertsOf(warm.sequence.elements)));
    }
    return (this.step = this.decide(true));
  }

  private atStart(): DialStep {
    const step = this.afterKey();
    const paused = this.pauseSequences()[0];
    if (paused !== undefined && (step.kind === "collect" || (step.kind === "refuse" && step.reason === "no-match"))) {
      // SPA admin guide, "Pause": P0 is a hot line, P n a warm line after n seconds of silence.
      if (paused.pauseMs === 0) return dialOf(paused.sequence, insertsOf(paused.sequence.elements));
      return { kind: "collect", timer: "pause", timeoutMs: paused.pauseMs, secondDialTone: false };
    }
    return step.kind === "collect" && step.timer === "long" ? { ...step, timer: "none", timeoutMs: null } : step;
  }

  private afterKey(): DialStep {
    if (this.emergency.includes(this.dialled)) return { kind: "dial", number: this.dialled, emergency: true, rule: this.dialled };
    const startsEmergency = this.emergency.some((n) => n.startsWith(this.dialled));
    const tone = this.candidates.some((c) => c.threads.some((t) => t.tone));
    if (this.candidates.length === 0) {
      if (startsEmergency) return { kind: "collect", timer: "long", timeoutMs: this.plan.longTimerMs, secondDialTone: false };
      return { kind: "refuse", reason: "no-match" };
    }
    if (!startsEmergency && this.candidates.every((c) => c.sequence.barred)) return { kind: "refuse", reason: "barred" };
    const complete = this.candidates.flatMap((c) => c.threads.filter((t) => t.pos === c.sequence.elements.length).map((t) => ({ c, t })));
    const extendable = this.candidates.some((c) => c.threads.some((t) => t.pos < c.sequence.elements.length));
    const instant = complete.some(({ c, t }) => t.shortMs === 0 && !c.sequence.waitForTimer);
    const waits = complete.some(({ c }) => c.sequence.waitForTimer);
    // A hot line (complete before any key) still dials at once; keys that begin an emergency number do not.
    const holdForEmergency = startsEmergency && this.dialled !== "";
    if ((instant || (!extendable && !waits)) && !holdForEmergency) return this.decide(false);
    if (complete.length > 0) {
      const ms = Math.min(...complete.map(({ t }) => t.shortMs));
      return { kind: "collect", timer: "short", timeoutMs: ms, secondDialTone: tone };
    }
    const ms = Math.max(...this.candidates.flatMap((c) => c.threads.map((t) => t.longMs)));
    return { kind: "collect", timer: "long", timeoutMs: ms, secondDialTone: tone };
  }

  /** Picks the complete candidate by precedence; `timerDone` lets `T` sequences count. */
  private decide(timerDone: boolean): DialStep {
    let best: { sequence: DialSequence; thread: Thread } | undefined;
    for (const c of this.candidates) {
      if (c.sequence.waitForTimer && !timerDone) continue;
      const thread = c.threads.find((t) => t.pos === c.sequence.elements.length);
      if (thread === undefined) continue;
      if (best === undefined || precedes(c.sequence, thread, best.sequence, best.thread)) best = { sequence: c.sequence, thread };
    }
    if (best === undefined) return { kind: "refuse", reason: "incomplete" };
    return dialOf(best.sequence, best.thread.sent);
  }

  /** Warm/hot line sequences, shortest pause first; only while nothing is dialled. */
  private pauseSequences(): { sequence: DialSequence; pauseMs: number }[] {
    if (this.dialled !== "") return [];
    return this.plan.sequences
      .flatMap((sequence) => (sequence.pauseMs === null ? [] : [{ sequence, pauseMs: sequence.pauseMs }]))
      .sort((a, b) => a.pauseMs - b.pauseMs || a.sequence.index - b.sequence.index);
  }

  private assertCollecting(): void {
    if (this.step.kind !== "collect") throw new Error(`dial plan matcher: already finished (${this.step.kind})`);
  }
}

/** A barred winner is refused; any other dials `number`. */
function dialOf(sequence: DialSequence, number: string): DialStep {
  if (sequence.barred) return { kind: "refuse", reason: "barred" };
  return { kind: "dial", number, emergency: false, rule: sequence.source };
}

function insertsOf(elements: readonly DialElement[]): string {
  return elements.map((e) => (e.kind === "insert" ? e.text : "")).join("");
}

function accepts(element: DialElement | undefined, key: string): boolean {
  return element !== undefined && element.kind === "keys" && element.keys.includes(key);
}

/** a before b: more specific key by key, then barred, then written first. */
function precedes(a: DialSequence, at: Thread, b: DialSequence, bt: Thread): boolean {
  for (let i = 0; i < at.weights.length; i++) {
    const d = at.weights[i]! - bt.weights[i]!;
    if (d !== 0) return d < 0;
  }
  if (a.barred !== b.barred) return a.barred;
  return a.index < b.index;
}

/** Every thread that takes `key`, then the positions reachable without another key. */
function advance(elements: readonly DialElement[], threads: readonly Thread[], key: string): Thread[] {
  const out: Thread[] = [];
  for (const t of threads) {
    const e = elements[t.pos];
    if (e === undefined || e.kind !== "keys" || !e.keys.includes(key)) continue;
    const weight = e.keys.length * 2 + (e.count === "one" ? 0 : 1);
    const taken: Thread = {
      ...t,
      pos: e.count === "any" ? t.pos : t.pos + 1,
      sent: e.sent ? t.sent + key : t.sent,
      tone: false,
      weights: [...t.weights, weight],
    };
    for (const next of closure(elements, taken)) if (!out.some((o) => o.pos === next.pos)) out.push(next);
  }
  return out;
}

/** From `t`, the threads waiting at a keys element or at the end, passing marks on the way. */
function closure(elements: readonly DialElement[], t: Thread): Thread[] {
  const out: Thread[] = [];
  let cur = t;
  for (;;) {
    const e = elements[cur.pos];
    if (e === undefined) return [...out, cur];
    if (e.kind === "keys") {
      out.push(cur);
      if (e.count === "one") return out;
      cur = { ...cur, pos: cur.pos + 1 };
    } else if (e.kind === "insert") cur = { ...cur, pos: cur.pos + 1, sent: cur.sent + e.text };
    else if (e.kind === "tone") cur = { ...cur, pos: cur.pos + 1, tone: true };
    else if (e.which === "short") cur = { ...cur, pos: cur.pos + 1, shortMs: e.ms };
    else cur = { ...cur, pos: cur.pos + 1, longMs: e.ms };
  }
}
