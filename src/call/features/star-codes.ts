/**
 * Star codes dialled from dial tone (features-spec.md, "Star codes"): which feature a code
 * names, which codes take a number after them, and the matcher the controller asks after
 * each key. Pure: no timers; the controller's interdigit timer or a "#" ends a number.
 */
import { starCodeProblems, type FeatureCode, type StarCodeTable } from "../../config/star-code-table.js";

export type { FeatureCode, StarCodeTable } from "../../config/star-code-table.js";

/**
 * Codes followed by a number: the forward target (*72, *90, *92), or the number to call
 * with a one-call setting (*70 no call waiting, *67 hide / *82 show caller ID).
 */
const TAKES_NUMBER: ReadonlySet<FeatureCode> = new Set<FeatureCode>([
  "forwardAllOn", "forwardBusyOn", "forwardNoAnswerOn", "cwOffNextCall", "hideIdNextCall", "showIdNextCall",
]);

export function takesNumber(code: FeatureCode): boolean {
  return TAKES_NUMBER.has(code);
}

export type StarCodeMatch =
  /** Not a star code: the digits go to the dial plan. */
  | { kind: "none" }
  /** The start of a code: wait for more keys. */
  | { kind: "prefix" }
  /**
   * A code. `rest` is what was dialled after it, as dialled (a closing "#" included):
   * always "" for a code that takes no number; for one that does, the number so far.
   */
  | { kind: "code"; code: FeatureCode; rest: string };

export class StarCodes {
  private readonly entries: readonly (readonly [FeatureCode, string])[];

  /** Throws RangeError for a table validation would refuse (config/star-code-table.ts). */
  constructor(table: Readonly<StarCodeTable>) {
    const problems = starCodeProblems(table);
    if (problems.length > 0) {
      throw new RangeError(`unusable star-code table: ${problems.map((p) => `starCodes.${p.code} ${p.message}`).join("; ")}`);
    }
    this.entries = Object.entries(table) as [FeatureCode, string][];
  }

  /** The code dialled for `feature`. */
  codeFor(feature: FeatureCode): string {
    return this.entries.find(([code]) => code === feature)![1];
  }

  /** What the keys dialled so far are (no code is a prefix of another, so at most one matches). */
  match(dialled: string): StarCodeMatch {
    let prefix = false;
    for (const [code, digits] of this.entries) {
      if (dialled === digits) return { kind: "code", code, rest: "" };
      if (digits.startsWith(dialled)) prefix = true;
      else if (dialled.startsWith(digits) && takesNumber(code)) return { kind: "code", code, rest: dialled.slice(digits.length) };
    }
    return prefix ? { kind: "prefix" } : { kind: "none" };
  }
}
