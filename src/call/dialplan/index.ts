/** Public surface of the dial plan: parse a map (Cisco/Sipura or Grandstream syntax), region defaults and emergency numbers, and the key-by-key matcher. */
export { DEFAULT_LONG_TIMER_MS, DEFAULT_SHORT_TIMER_MS } from "./dial-plan.js";
export type { DialElement, DialPlan, DialPlanError, DialSequence, KeyCount } from "./dial-plan.js";
export { parseDialPlan, type ParseDialPlanOptions } from "./parse-dial-plan.js";
export { DialPlanMatcher, type DialPlanMatcherOptions, type DialStep } from "./dial-plan-matcher.js";
export { dialPlanFor, dialPlanMatchers, emergencyNumbers, regionDialPlanText } from "./region-dial-plans.js";
