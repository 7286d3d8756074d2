/**
 * Reading a registrar's answer: which Contact in a 2xx is ours and what expiry
 * it was granted (RFC 3261 §10.2.4), and the delta-seconds headers that steer
 * retries (Min-Expires §10.2.8, Retry-After §20.33). Hostile values yield undefined.
 */
import { parseNameAddr, uriEqual } from "../message/index.js";
import type { SipResponse, SipUri } from "../message/index.js";

/** URI equality lives in the message layer; re-exported for the registration client and index. */

/** RFC 3261 §20.19: a delta-seconds value above 2^32−1 is taken as 2^32−1. */
const MAX_DELTA_SEC = 4_294_967_295;

/** Parses delta-seconds; undefined when absent or not a plain decimal number. */
export function parseDeltaSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const match = /^\s*(\d+)\s*$/.exec(text);
  if (!match) return undefined;
  return Math.min(Number(match[1]), MAX_DELTA_SEC);
}

/**
 * RFC 3261 §10.2.4: the expiry for our binding is the `expires` parameter of the
 * Contact in the 2xx that matches our URI, else the Expires header, else what we asked.
 */
export function grantedExpiresSec(response: SipResponse, ours: SipUri, requestedSec: number): number {
  for (const element of response.headers.list("Contact")) {
    const parsed = parseNameAddr(element);
    if (!parsed.ok || !uriEqual(parsed.value.uri, ours)) continue;
    const fromParam = parseDeltaSeconds(parsed.value.params["expires"] ?? undefined);
    if (fromParam !== undefined) return fromParam;
    break;
  }
  return parseDeltaSeconds(response.headers.get("Expires")) ?? requestedSec;
}

/** Retry-After (§20.33) in milliseconds: its leading delta-seconds, comment and params ignored. */
export function retryAfterMs(response: SipResponse): number | undefined {
  const match = /^\s*(\d+)/.exec(response.headers.get("Retry-After") ?? "");
  return match ? Math.min(Number(match[1]), MAX_DELTA_SEC) * 1000 : undefined;
}
