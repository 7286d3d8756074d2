/**
 * Reads a dial plan in the syntax ATA owners already write, and refuses anything else
 * with the offset and what was expected there (`dial plan: unclosed [ at 7`).
 *
 * Cisco/Sipura (SPA112/SPA122 admin guide, "Dial Plan"): `L:n,` `S:n,` master timers,
 * then `( seq | seq … )`. Elements: keys `0-9 * #`; `x` any digit; `[…]` a list with
 * ranges (`[2-9*]`); `.` the previous element zero or more times; `<dialed:sent>`
 * substitution (`<:1408>` inserts, `<9:>` removes, `<9,:>` removes with second dial
 * tone); `,` second dial tone; `!` at the end bars the sequence; `S n` / `L n` local
 * timer overrides (seconds; the number ends at the first non-digit, a space by
 * convention); `P n` at the start for hot line (`P0`) and warm line; `T` at the end waits
 * for the timer. Spaces are ignored elsewhere.
 *
 * Grandstream (HT80x/GXP "Dial Plan Rules"): `{ seq | seq … }`. Elements: keys, `x`,
 * `[…]`, `+` and `.` the previous element one or more times, `?` zero or one time,
 * `<dialed=sent>` substitution (`<=1617>`, `<1=>`), `^` at the start bars the sequence,
 * `\+` `\*` `\#` escaped keys, `T` at the end. Not taken: `X` (letters), `\p\a\r\k`-style
 * letter strings and `@` routing: an analog phone cannot dial letters.
 */
import { err, ok, type Result } from "../../util/result.js";
import {
  DEFAULT_LONG_TIMER_MS,
  DEFAULT_SHORT_TIMER_MS,
  type DialElement,
  type DialPlan,
  type DialPlanError,
  type DialSequence,
} from "./dial-plan.js";

export interface ParseDialPlanOptions {
  /** Plan-wide timers unless the plan sets its own (`S:n,` / `L:n,`). */
  readonly shortTimerMs?: number;
  readonly longTimerMs?: number;
}

const DIGITS = "0123456789";
const KEYS = "0123456789*#";
/** Characters allowed in the text a substitution sends (`<…:text>`). */
const SENT_CHARS = "0123456789*#+";
const MAX_TIMER_S = 600;
/** Ignored between elements, so a map may be pasted over several lines. */
const SPACE = " \t\r\n";

class Fail {
  constructor(readonly error: DialPlanError) {}
}

function fail(offset: number, what: string): never {
  throw new Fail({ offset, message: `dial plan: ${what} at ${offset}` });
}

export function parseDialPlan(text: string, options: ParseDialPlanOptions = {}): Result<DialPlan, DialPlanError> {
  try {
    return ok(new Parser(text, options).plan());
  } catch (e) {
    if (e instanceof Fail) return err(e.error);
    throw e;
  }
}

class Parser {
  private i = 0;
  private grandstream = false;

  constructor(
    private readonly text: string,
    private readonly options: ParseDialPlanOptions,
  ) {}

  plan(): DialPlan {
    let shortTimerMs = this.options.shortTimerMs ?? DEFAULT_SHORT_TIMER_MS;
    let longTimerMs = this.options.longTimerMs ?? DEFAULT_LONG_TIMER_MS;
    let masters = false;
    this.skipSpaces();
    // SPA admin guide, "Interdigit Timer Master Override": `L:8,S:4,( … )`.
    while ((this.peek() === "L" || this.peek() === "S") && this.text[this.i + 1] === ":") {
      const which = this.peek();
      this.i += 2;
      const ms = this.seconds(which);
      masters = true;
      if (which === "L") longTimerMs = ms;
      else shortTimerMs = ms;
      this.skipSpaces();
      if (this.peek() !== ",") fail(this.i, `expected , after ${which}:${ms / 1000}`);
      this.i++;
      this.skipSpaces();
    }
    const open = this.i;
    if (this.peek() === "{" && !masters) this.grandstream = true;
    else if (this.peek() !== "(") fail(this.i, masters ? "expected (" : "expected ( or {");
    const close = this.grandstream ? "}" : ")";
    this.i++;
    const sequences: DialSequence[] = [];
    for (;;) {
      sequences.push(this.sequence(sequences.length, close));
      if (this.i >= this.text.length) fail(open, `unclosed ${this.text[open]}`);
      if (this.peek() === close) break;
      this.i++; // the "|"
    }
    this.i++;
    this.skipSpaces();
    if (this.i < this.text.length) fail(this.i, `unexpected ${quote(this.peek())} after ${close}`);
    return { source: this.text, syntax: this.grandstream ? "grandstream" : "cisco", shortTimerMs, longTimerMs, sequences };
  }

  private sequence(index: number, close: string): DialSequence {
    this.skipSpaces();
    const start = this.i;
    const elements: DialElement[] = [];
    let barred = false;
    let waitForTimer = false;
    let pauseMs: number | null = null;
    let pauseAt = -1;
    if (this.grandstream && this.peek() === "^") {
      barred = true;
      this.i++;
    }
    for (;;) {
      this.skipSpaces();
      const at = this.i;
      const c = this.peek();
      if (c === "" || c === "|" || c === close) break;
      if (waitForTimer) fail(at, `expected | or ${close} after T`);
      if (!this.grandstream && c === "!") {
        barred = true;
        this.i++;
        this.skipSpaces();
        if (this.peek() !== "|" && this.peek() !== close && this.peek() !== "") fail(this.i, `expected | or ${close} after !`);
        break;
      }
      if (c === "T") {
        waitForTimer = true;
        this.i++;
      } else if (!this.grandstream && c === "P") {
        if (elements.length > 0 || pauseMs !== null) fail(at, "a pause (P) may only start a sequence");
        this.i++;
        pauseMs = this.seconds("P");
        pauseAt = at;
      } else if (!this.grandstream && (c === "S" || c === "L")) {
        this.i++;
        elements.push({ kind: "timer", which: c === "S" ? "short" : "long", ms: this.seconds(c) });
      } else if (c === "<") {
        this.substitution(elements);
      } else {
        this.element(elements, true);
      }
    }
    const source = this.text.slice(start, this.i).trim();
    if (!elements.some((e) => e.kind === "keys" || e.kind === "insert")) fail(start, "empty sequence");
    if (pauseMs !== null && elements.some((e) => e.kind === "keys")) fail(pauseAt, "a pause (P) sequence dials no keys, so keys may not follow it");
    return { source, index, elements, barred, waitForTimer, pauseMs };
  }

  /** One keys element, a repeat mark, or `,`; inside `<dialed:…>` when `sent` is false. */
  private element(into: DialElement[], sent: boolean): void {
    const at = this.i;
    const c = this.peek();
    this.i++;
    if (KEYS.includes(c)) into.push({ kind: "keys", keys: c, count: "one", sent });
    else if (c === "x" || (c === "X" && !this.grandstream)) into.push({ kind: "keys", keys: DIGITS, count: "one", sent });
    else if (c === "[") into.push({ kind: "keys", keys: this.set(at), count: "one", sent });
    else if (c === "," && !this.grandstream) into.push({ kind: "tone" });
    else if (c === "\\" && this.grandstream && "+*#".includes(this.peek()) && this.peek() !== "") {
      into.push({ kind: "keys", keys: this.peek(), count: "one", sent });
      this.i++;
    } else if (c === "." || (this.grandstream && (c === "+" || c === "?"))) this.repeat(into, c, at);
    else if (c === "X" || c === "\\") fail(at, `${quote(c)} (letters) cannot be dialled from an analog phone`);
    else fail(at, `unexpected ${quote(c)}`);
  }

  /** Cisco `.`: zero or more; Grandstream `+` and `.`: one or more, `?`: zero or one. */
  private repeat(into: DialElement[], mark: string, at: number): void {
    const last = into[into.length - 1];
    if (last === undefined || last.kind !== "keys" || last.count !== "one") fail(at, `${mark} must follow a key, x or [...]`);
    if (mark === "?") into[into.length - 1] = { ...last, count: "optional" };
    else if (this.grandstream) into.push({ ...last, count: "any" });
    else into[into.length - 1] = { ...last, count: "any" };
  }

  /** `[2-9*]` after its `[`: the keys it accepts, in key order. */
  private set(open: number): string {
    let keys = "";
    for (;;) {
      const at = this.i;
      const c = this.peek();
      if (c === "]") break;
      if (c === "" || c === "|" || c === ")" || c === "}") fail(open, "unclosed [");
      this.i++;
      if (SPACE.includes(c)) continue;
      if (!KEYS.includes(c)) fail(at, `unexpected ${quote(c)} in [...]`);
      if (this.peek() === "-") {
        const to = this.text[this.i + 1] ?? "";
        if (!DIGITS.includes(c) || to === "" || !DIGITS.includes(to) || to < c) fail(at, `bad range ${c}-${to} in [...]`);
        for (let d = Number(c); d <= Number(to); d++) keys += String(d);
        this.i += 2;
      } else {
        keys += c;
      }
    }
    this.i++;
    if (keys === "") fail(open, "empty [...]");
    return [...KEYS].filter((k) => keys.includes(k)).join("");
  }

  /** `<dialed:sent>` (Grandstream `<dialed=sent>`): dialed elements not sent, then the text. */
  private substitution(into: DialElement[]): void {
    const open = this.i;
    const separator = this.grandstream ? "=" : ":";
    this.i++;
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      if (c === separator) break;
      if (c === "" || c === ">" || c === "|") fail(open, `expected ${separator} in <...>`);
      this.element(into, false);
    }
    this.i++;
    let text = "";
    for (;;) {
      const c = this.peek();
      if (c === ">") break;
      if (c === "" || c === "|") fail(open, "unclosed <");
      if (!SPACE.includes(c)) {
        if (!SENT_CHARS.includes(c)) fail(this.i, `unexpected ${quote(c)} in the digits a substitution sends`);
        text += c;
      }
      this.i++;
    }
    this.i++;
    if (text !== "") into.push({ kind: "insert", text });
  }

  /** Whole seconds after S, L or P, as milliseconds. */
  private seconds(after: string): number {
    const start = this.i;
    while (DIGITS.includes(this.peek()) && this.peek() !== "") this.i++;
    if (this.i === start) fail(start, `expected seconds after ${after}`);
    const s = Number(this.text.slice(start, this.i));
    if (s > MAX_TIMER_S) fail(start, `timer over ${MAX_TIMER_S} s after ${after}`);
    return s * 1000;
  }

  private peek(): string {
    return this.text[this.i] ?? "";
  }

  private skipSpaces(): void {
    while (this.peek() !== "" && SPACE.includes(this.peek())) this.i++;
  }
}

function quote(c: string): string {
  return c === "" ? "end" : `'${c}'`;
}
