/**
 * Which configuration changes the running agent can take without restarting SIP: a line's
 * features are read by its port at each decision, so a change to them alone (a star code
 * from the handset) must not end the call in progress.
 */
import type { Config } from "../config/index.js";

export function onlyFeaturesDiffer(a: Config, b: Config): boolean {
  const withoutFeatures = (c: Config): string => JSON.stringify({ ...c, lines: c.lines.map(({ features: _features, ...rest }) => rest) });
  return withoutFeatures(a) === withoutFeatures(b);
}
