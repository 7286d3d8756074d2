/**
 * The feature codes a line answers to from dial tone (features-spec.md, "Star codes"), their
 * default codes (NANP vertical service codes where one exists, else the codes common on
 * Grandstream/Cisco ATAs), and the rule a table must keep to be matched without doubt:
 * each code is * or # and 1–4 digits, no two alike, none the start of another.
 */

/** Every feature code name, in the order of the spec's table. */
export const FEATURE_CODES = [
  "forwardAllOn", "forwardAllOff",
  "forwardBusyOn", "forwardBusyOff",
  "forwardNoAnswerOn", "forwardNoAnswerOff",
  "dndOn", "dndOff",
  "callWaitingOn", "callWaitingOff", "cwOffNextCall",
  "blockCallerIdOn", "blockCallerIdOff", "hideIdNextCall", "showIdNextCall",
  "anonymousCallRejectionOn", "anonymousCallRejectionOff",
  "callReturn", "redial",
] as const;
export type FeatureCode = (typeof FEATURE_CODES)[number];

/** The code dialled for each feature, e.g. `{ forwardAllOn: "*72", ... }`. */
export type StarCodeTable = Record<FeatureCode, string>;

export function defaultStarCodes(): StarCodeTable {
  return {
    forwardAllOn: "*72", forwardAllOff: "*73",
    forwardBusyOn: "*90", forwardBusyOff: "*91",
    forwardNoAnswerOn: "*92", forwardNoAnswerOff: "*93",
    dndOn: "*78", dndOff: "*79",
    callWaitingOn: "*56", callWaitingOff: "*57", cwOffNextCall: "*70",
    blockCallerIdOn: "*30", blockCallerIdOff: "*31", hideIdNextCall: "*67", showIdNextCall: "*82",
    anonymousCallRejectionOn: "*77", anonymousCallRejectionOff: "*87",
    callReturn: "*69", redial: "*66",
  };
}

/** * or # followed by 1 to 4 digits. */
export const STAR_CODE_FORM = /^[*#][0-9]{1,4}$/;

export interface StarCodeProblem {
  code: FeatureCode;
  message: string;
}

/**
 * What keeps `table` from being matched without doubt, one problem per offending entry.
 * Entries are checked in `order`; a clash is reported at the later one, naming the earlier.
 * Empty when the table is usable.
 */
export function starCodeProblems(table: Readonly<StarCodeTable>, order: readonly FeatureCode[] = FEATURE_CODES): StarCodeProblem[] {
  const problems: StarCodeProblem[] = [];
  const good: FeatureCode[] = [];
  for (const code of order) {
    const dialled = table[code];
    if (!STAR_CODE_FORM.test(dialled)) {
      problems.push({ code, message: `must be * or # followed by 1 to 4 digits (got ${JSON.stringify(dialled)})` });
      continue;
    }
    const clash = good.find((other) => table[other].startsWith(dialled) || dialled.startsWith(table[other]));
    if (clash === undefined) good.push(code);
    else if (table[clash] === dialled) problems.push({ code, message: `is ${JSON.stringify(dialled)}, the same as starCodes.${clash}` });
    else problems.push({ code, message: `${JSON.stringify(dialled)} and starCodes.${clash} (${JSON.stringify(table[clash])}) must not start one another` });
  }
  return problems;
}
