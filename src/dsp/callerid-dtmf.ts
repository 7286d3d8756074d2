/**
 * DTMF caller ID as a display reads it: keys from the DTMF detector gathered into one
 * string from a start key to an end key, then read by the variants' rules:
 * - 'A' + number, optionally 'D' + redirecting number and 'B' + information code, then
 *   'C' or '#' (ETSI EN 300 659-1 DTMF-based transmission; Swedish/Finnish; Danish '#').
 * - 'B' or 'D' + two-digit code + 'C': "10" private, "00" (or other) unavailable.
 * - 'D' + one digit + '#' (Danish): '1' private, '2' and '3' unavailable.
 * A string breaks off when no key follows within `gapLimitSamples` (default 1 s).
 */
import type { CallerIdInfo } from "./callerid-info.js";

/** What a display shows for a whole DTMF caller ID string, or undefined if it is none. */
export function parseDtmfCallerId(keys: string): CallerIdInfo | undefined {
  const withNumber = /^A(\d+)(?:D\d*)?(?:B\d\d)?[C#]$/.exec(keys);
  if (withNumber) return { number: withNumber[1]! };
  const code = /^[BD](\d\d)C$/.exec(keys);
  if (code) return { numberAbsent: code[1] === "10" ? "private" : "unavailable" };
  const danish = /^D([123])#$/.exec(keys);
  if (danish) return { numberAbsent: danish[1] === "1" ? "private" : "unavailable" };
  return undefined;
}

/** Gathers keys (each press once, with its start sample) into caller ID strings. */
export class DtmfCallerIdCollector {
  private keys = "";
  private lastSample = 0;
  /** The last whole string, start to end key. */
  lastKeys = "";

  constructor(private readonly gapLimitSamples = 8000) {}

  /** Returns the caller ID once `key` ends a readable string. */
  add(key: string, startSample: number): CallerIdInfo | undefined {
    if (this.keys && startSample - this.lastSample > this.gapLimitSamples) this.keys = "";
    this.lastSample = startSample;
    if (!this.keys && !"ABD".includes(key)) return undefined;
    this.keys += key;
    if (key !== "C" && key !== "#") {
      if (this.keys.length > 40) this.keys = "";
      return undefined;
    }
    const info = parseDtmfCallerId(this.keys);
    this.lastKeys = this.keys;
    this.keys = "";
    return info;
  }
}
