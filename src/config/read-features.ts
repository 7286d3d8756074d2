/**
 * Validation of `lines[n].features` (features-spec.md): defaults for missing keys, one
 * issue per bad field at its own path, unknown keys refused (also inside starCodes).
 */
import { err, ok, type Result } from "../util/result.js";
import { childPath, type Reader } from "./reader.js";
import { defaultFeatures, FLASH_RELAYS, FLASH_STYLES, type FeatureConfig } from "./schema.js";
import { checkSipTarget } from "./sip-target.js";
import { FEATURE_CODES, starCodeProblems, type FeatureCode, type StarCodeTable } from "./star-code-table.js";

const FEATURE_KEYS = [
  "callWaiting", "callWaitingCallerId", "threeWay", "transfer", "flashStyle", "flashRelay",
  "dnd", "forwardAll", "forwardBusy", "forwardNoAnswer", "forwardNoAnswerDelaySec",
  "blockCallerId", "anonymousCallRejection", "hotline", "hotlineDelaySec", "visualMwi", "starCodes",
] as const satisfies readonly (keyof FeatureConfig)[];

type FeatureFlag = { [K in keyof FeatureConfig]: FeatureConfig[K] extends boolean ? K : never }[keyof FeatureConfig];

/** A number the handset could dial (a leading + for E.164 also taken). */
const DIALLED_NUMBER = /^\+?[0-9*#]{1,32}$/;

export function readFeatures(r: Reader, path: string, value: unknown): FeatureConfig {
  const o = r.object(path, value, FEATURE_KEYS);
  const d = defaultFeatures();
  const at = (key: (typeof FEATURE_KEYS)[number]): string => childPath(path, key);
  const flag = (key: FeatureFlag): boolean => r.boolean(at(key), o[key], d[key]);
  const target = (key: "forwardAll" | "forwardBusy" | "forwardNoAnswer" | "hotline"): string => readTarget(r, at(key), o[key]);
  return {
    callWaiting: flag("callWaiting"),
    callWaitingCallerId: flag("callWaitingCallerId"),
    threeWay: flag("threeWay"),
    transfer: flag("transfer"),
    flashStyle: r.oneOf(at("flashStyle"), o.flashStyle, FLASH_STYLES, d.flashStyle),
    flashRelay: r.oneOf(at("flashRelay"), o.flashRelay, FLASH_RELAYS, d.flashRelay),
    dnd: flag("dnd"),
    forwardAll: target("forwardAll"),
    forwardBusy: target("forwardBusy"),
    forwardNoAnswer: target("forwardNoAnswer"),
    forwardNoAnswerDelaySec: r.integer(at("forwardNoAnswerDelaySec"), o.forwardNoAnswerDelaySec, d.forwardNoAnswerDelaySec, 1, 300),
    blockCallerId: flag("blockCallerId"),
    anonymousCallRejection: flag("anonymousCallRejection"),
    hotline: target("hotline"),
    hotlineDelaySec: r.integer(at("hotlineDelaySec"), o.hotlineDelaySec, d.hotlineDelaySec, 0, 60),
    visualMwi: flag("visualMwi"),
    starCodes: readStarCodes(r, at("starCodes"), o.starCodes, d.starCodes),
  };
}

/** A number to dial or forward to: "" (off), digits with * and #, or a sip:/sips: URI. */
export function checkDialTarget(text: string): Result<void, string> {
  if (text === "" || DIALLED_NUMBER.test(text)) return ok(undefined);
  if (!/^sips?:/i.test(text)) {
    return err(`must be empty, a number of digits, * and # (up to 32), or a sip:/sips: URI (got ${JSON.stringify(text)})`);
  }
  const uri = checkSipTarget(text, { allowUser: true });
  return uri.ok ? ok(undefined) : err(uri.error);
}

function readTarget(r: Reader, path: string, value: unknown): string {
  const text = r.string(path, value, "", { maxLength: 256, printable: true }).trim();
  const checked = checkDialTarget(text);
  if (checked.ok) return text;
  r.report(path, checked.error);
  return "";
}

/**
 * Missing codes take their default; then the whole table must be unambiguous. Codes moved
 * from their default are checked last, so a clash is reported at the code the user
 * changed, not at a default it collides with.
 */
function readStarCodes(r: Reader, path: string, value: unknown, fallback: StarCodeTable): StarCodeTable {
  const o = r.object(path, value, FEATURE_CODES);
  const table = { ...fallback };
  for (const code of FEATURE_CODES) table[code] = r.string(childPath(path, code), o[code], fallback[code], { maxLength: 16, printable: true });
  const moved = (code: FeatureCode): boolean => table[code] !== fallback[code];
  const order = [...FEATURE_CODES.filter((c) => !moved(c)), ...FEATURE_CODES.filter(moved)];
  for (const problem of starCodeProblems(table, order)) r.report(childPath(path, problem.code), problem.message);
  return table;
}
