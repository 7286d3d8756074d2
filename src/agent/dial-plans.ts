/**
 * Every line's dial plan must read (src/call/dialplan): the configuration layer cannot
 * check it, since it may not know call code, so the agent does before it starts, and an
 * unusable one stops the start with the field named, like any other bad field.
 */
import { dialPlanMatchers } from "../call/dialplan/index.js";
import type { Config } from "../config/index.js";
import { err, ok, type Result } from "../util/result.js";

export function checkDialPlans(config: Config): Result<void> {
  const problems = config.lines.flatMap((line, i) => {
    const made = dialPlanMatchers(line.region, line.dialPlan);
    return made.ok ? [] : [`lines[${i}].dialPlan: ${made.error.message}`];
  });
  return problems.length === 0 ? ok(undefined) : err(problems.join("\n"));
}
