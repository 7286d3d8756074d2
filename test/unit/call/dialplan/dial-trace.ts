/**
 * Test helper: plays keys and timeouts into a DialPlanMatcher and writes each step as a
 * short line ("wait long 10000 +tone", "dial 14085551234", "refuse barred"), so tables
 * read as what a person dialling would hear and what goes on the wire.
 */
import { DialPlanMatcher, parseDialPlan, type DialPlanMatcherOptions, type DialStep } from "../../../../src/call/dialplan/index.js";

export function describeStep(step: DialStep): string {
  switch (step.kind) {
    case "collect":
      return `wait ${step.timer}${step.timeoutMs === null ? "" : ` ${step.timeoutMs}`}${step.secondDialTone ? " +tone" : ""}`;
    case "dial":
      return `dial ${step.number}${step.emergency ? " (emergency)" : ""}`;
    case "refuse":
      return `refuse ${step.reason}`;
  }
}

/**
 * Every step, the first (before any key) included, for `script`: keys, with `~` for
 * "the timeout the last step named ran out". Throws if the script goes on after the
 * matcher has finished, so a table cannot hide keys that were never played.
 */
export function dialTrace(map: string, script: string, options: DialPlanMatcherOptions = {}): string[] {
  const plan = parseDialPlan(map);
  if (!plan.ok) throw new Error(plan.error.message);
  const matcher = new DialPlanMatcher(plan.value, options);
  const steps = [describeStep(matcher.current)];
  for (const [i, key] of [...script].entries()) {
    if (matcher.current.kind !== "collect") throw new Error(`script ${script} goes on after ${steps.at(-1)} at ${i}`);
    steps.push(describeStep(key === "~" ? matcher.timeout() : matcher.press(key)));
  }
  return steps;
}

/** The step after the whole script. */
export function dialOutcome(map: string, script: string, options: DialPlanMatcherOptions = {}): string {
  return dialTrace(map, script, options).at(-1)!;
}
