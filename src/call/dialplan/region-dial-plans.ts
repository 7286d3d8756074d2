/**
 * The built-in dial plan and emergency numbers of each region, and what a port needs:
 * `dialPlanMatchers(region, line.dialPlan)` parses once (an empty map means the
 * region's) and gives a function that starts a fresh matcher at each off-hook.
 *
 * The maps follow each country's numbering plan for a fixed line: numbers of one fixed
 * length end in `S0` (dial on the last digit), open-ended ones (international, German
 * and Swedish national numbers) wait for the short timer. Emergency numbers are not in
 * the maps: the matcher dials them at once in every map, even one that bars them.
 */
import type { Region } from "../../config/schema.js";
import { ok, type Result } from "../../util/result.js";
import type { DialPlan, DialPlanError } from "./dial-plan.js";
import { DialPlanMatcher } from "./dial-plan-matcher.js";
import { parseDialPlan, type ParseDialPlanOptions } from "./parse-dial-plan.js";

/** Emergency numbers per region (national regulators; 112 where networks route it too). */
const EMERGENCY: Record<Region, readonly string[]> = {
  US: ["911"],
  CA: ["911"],
  UK: ["999", "112"],
  DE: ["110", "112"],
  FR: ["112", "15", "17", "18", "114"],
  NL: ["112"],
  SE: ["112"],
  AU: ["000", "112", "106"],
  NZ: ["111"],
  JP: ["110", "118", "119"],
};

/** North American Numbering Plan (US, CA): N11 services, 7/10/11-digit, 011 international, star codes. */
const NANP = "( *xx | [2-9]11S0 | 0 | 00 | [2-9]xxxxxx | [2-9]xx[2-9]xxxxxxS0 | 1[2-9]xx[2-9]xxxxxxS0 | 011xxxx. )";

const PLANS: Record<Region, string> = {
  US: NANP,
  CA: NANP,
  // Ofcom National Telephone Numbering Plan: 0 + 9 or 10 digits, 1xx/1xxx services, 118xxx directories, local 6 or 7 digits.
  UK: "( 0[1-9]xxxxxxxxxS0 | 0[1-9]xxxxxxxx | 00xxxx. | 1xx | 1xxx | 118xxxS0 | [2-9]xxxxx | [2-9]xxxxxx | *xx )",
  // Bundesnetzagentur: open numbering, 0 + area code + subscriber of varying length; 11x services.
  DE: "( 0[1-9]xxxx. | 00xxxx. | 11xx. | [2-9]xxx. )",
  // ARCEP: ten digits 0Z ABPQ MCDU; 3xxx and 1xx short numbers; 116xxx and 118xxx.
  FR: "( 0[1-9]xxxxxxxxS0 | 00xxxx. | 1xx | 116xxxS0 | 118xxxS0 | 3xxxS0 )",
  // ACM: ten digits, 0800/0900 with four or seven after; 1xxx short numbers, 14 + area code.
  NL: "( 0[1-7]xxxxxxxxS0 | 08[1-9]xxxxxxxS0 | 09[1-9]xxxxxxxS0 | 0[89]00xxxx | 0[89]00xxxxxxxS0 | 00xxxx. | 1xxx | 14xxx | 14xxxxS0 )",
  // PTS: 0 + area code + subscriber, 7 to 9 digits after the 0; 11xxx services.
  SE: "( 0[1-9]xxxxx. | 00xxxx. | 11xx. | [2-9]xxxx. )",
  // ACMA: ten digits (02/03/07/08 fixed, 04 mobile), 13 followed by 1-9 and three more, 1300/1800 xxxxxx, 0011 international, eight-digit local.
  AU: "( 0[23478]xxxxxxxxS0 | 13[1-9]xxxS0 | 1[38]00xxxxxxS0 | 0011xxxx. | [2-9]xxxxxxxS0 )",
  // NZ numbering plan: 0 + area + 7 digits, 02x mobiles of 9 to 11 digits, 0800/0508 freephone.
  NZ: "( 0[34679]xxxxxxxS0 | 02xxxxxxxx. | 0800xxxxxxS0 | 0508xxxxxxS0 | 00xxxx. | [2-9]xxxxxxS0 )",
  // MIC: ten-digit geographic and 0120, eleven-digit 050/070/080/090 (0800 too), 1xx services, 010 international.
  JP: "( 0[1-9][1-9]xxxxxxxS0 | 0[5789]0xxxxxxxxS0 | 010xxxx. | 1xx )",
};

export function emergencyNumbers(region: Region): readonly string[] {
  return EMERGENCY[region];
}

/** The region's built-in map, as text (what the configuration page can show). */
export function regionDialPlanText(region: Region): string {
  return PLANS[region];
}

/** The line's own map, or the region's when `userMap` is empty or blank. */
export function dialPlanFor(region: Region, userMap: string, options: ParseDialPlanOptions = {}): Result<DialPlan, DialPlanError> {
  return parseDialPlan(userMap.trim() === "" ? PLANS[region] : userMap, options);
}

/**
 * Parses the line's map (or the region's) once; each call of the function returned starts
 * a fresh DialPlanMatcher with the region's emergency numbers (the port's newCollector).
 */
export function dialPlanMatchers(
  region: Region,
  userMap: string,
  options: ParseDialPlanOptions & { readonly hashSends?: boolean } = {},
): Result<() => DialPlanMatcher, DialPlanError> {
  const plan = dialPlanFor(region, userMap, options);
  if (!plan.ok) return plan;
  const matcherOptions = { emergency: EMERGENCY[region], hashSends: options.hashSends ?? true };
  return ok(() => new DialPlanMatcher(plan.value, matcherOptions));
}
