/**
 * A feature toggled from the handset (a star code, features-spec.md: "Codes toggled from the
 * handset are saved to the configuration file"): one line's `features` changed in part,
 * the whole document validated again. Saving is the store's job:
 *   await store.update((current) => applyFeatureChange(current, lineIndex, { dnd: true }));
 */
import { err, type Result } from "../util/result.js";
import { childPath, type ConfigIssue } from "./reader.js";
import type { Config, FeatureConfig } from "./schema.js";
import { validateConfig } from "./validate.js";

/** The keys to change (`starCodes` may be given in part); anything absent or undefined stays as it is. */
export type FeatureChange = Partial<Omit<FeatureConfig, "starCodes">> & { starCodes?: Partial<FeatureConfig["starCodes"]> };

/**
 * `config` with `change` applied to `lines[lineIndex].features`, validated: the new Config,
 * or the issues (paths like `lines[0].features.forwardAll`). `config` itself is not touched.
 */
export function applyFeatureChange(config: Config, lineIndex: number, change: FeatureChange): Result<Config, ConfigIssue[]> {
  const line = config.lines[lineIndex];
  if (line === undefined) {
    return err([{ path: childPath("lines", lineIndex), message: `there is no line ${lineIndex} (the configuration has ${config.lines.length})` }]);
  }
  const next = structuredClone(config);
  next.lines[lineIndex]!.features = {
    ...line.features,
    ...defined(change),
    starCodes: { ...line.features.starCodes, ...defined(change.starCodes ?? {}) },
  } as FeatureConfig;
  return validateConfig(next);
}

/** The entries of `record` whose value is not undefined (an undefined would reset the key to its default). */
function defined(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
