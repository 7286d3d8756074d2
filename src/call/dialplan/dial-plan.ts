/**
 * A parsed dial plan: the shape both syntaxes (Cisco/Sipura `( … | … )` and
 * Grandstream `{ … | … }`) compile to, and that DialPlanMatcher walks.
 *
 * A sequence is a list of elements matched left to right against the keys pressed.
 * Keys elements consume one key each (or none, or any number, by `count`); the other
 * elements consume nothing and only mark a position: text inserted into the number
 * sent, a second dial tone to play, or a timer override from that point on.
 */

/** Interdigit timer defaults of the Cisco SPA112/SPA122 ("Interdigit Long Timer" 10 s, "Short" 3 s). */
export const DEFAULT_LONG_TIMER_MS = 10_000;
export const DEFAULT_SHORT_TIMER_MS = 3_000;

/** How many keys one keys element takes: exactly one, zero or one, zero or more. */
export type KeyCount = "one" | "optional" | "any";

export type DialElement =
  /** `keys` lists every key this element accepts (e.g. "0123456789" for `x`); `sent` is false inside `<dialed:…>`. */
  | { readonly kind: "keys"; readonly keys: string; readonly count: KeyCount; readonly sent: boolean }
  /** Text added to the number sent (`<…:text>`). */
  | { readonly kind: "insert"; readonly text: string }
  /** `,`: play the second ("outside line") dial tone from here until the next key. */
  | { readonly kind: "tone" }
  /** `S n` / `L n` inside a sequence: the short or long interdigit timer from here on. */
  | { readonly kind: "timer"; readonly which: "short" | "long"; readonly ms: number };

export interface DialSequence {
  /** The sequence as written, trimmed: used in logs and in the DialStep that dials it. */
  readonly source: string;
  /** Its place in the map (0 first): the last tie-breaker of the precedence rule. */
  readonly index: number;
  readonly elements: readonly DialElement[];
  /** `!` at the end (Cisco) or `^` at the start (Grandstream): a match is refused. */
  readonly barred: boolean;
  /** `T` at the end: complete only when the interdigit timer runs out (or `#` sends). */
  readonly waitForTimer: boolean;
  /** `P n` at the start (hot line / warm line): matched by n ms of silence after off-hook; null otherwise. */
  readonly pauseMs: number | null;
}

export interface DialPlan {
  readonly source: string;
  readonly syntax: "cisco" | "grandstream";
  /** Interdigit timers for the whole plan (defaults, or `S:n,` / `L:n,` written before the `(`). */
  readonly shortTimerMs: number;
  readonly longTimerMs: number;
  readonly sequences: readonly DialSequence[];
}

/** Where a map went wrong: `offset` counts characters from 0; `message` is the whole sentence. */
export interface DialPlanError {
  readonly offset: number;
  readonly message: string;
}
