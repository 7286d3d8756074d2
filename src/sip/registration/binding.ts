/**
 * Reading a registrar's answer: which Contact in a 2xx is ours and what expiry
 * it was granted (RFC 3261 §10.2.4), and the delta-seconds headers that steer
 * retries (Min-Expires §10.2.8, Retry-After §20.33). Hostile values yield undefined.
 */
import { parseNameAddr } from "../message/index.js";
import type { Params, SipResponse, SipUri } from "../message/index.js";

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

/** Parameters that make two URIs differ when only one of them has it (§19.1.4). */
const MUST_BOTH = ["user", "ttl", "method", "maddr"];

/** RFC 3261 §19.1.4 URI equality. */
export function uriEqual(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  if (a.user !== b.user || a.password !== b.password) return false;
  if (a.host.toLowerCase() !== b.host.toLowerCase() || a.port !== b.port) return false;
  return paramsEqual(a.params, b.params) && headersEqual(a.headers, b.headers);
}

function paramsEqual(a: Params, b: Params): boolean {
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const inA = Object.hasOwn(a, name);
    const inB = Object.hasOwn(b, name);
    if (inA && inB) {
      if ((a[name] ?? "").toLowerCase() !== (b[name] ?? "").toLowerCase()) return false;
    } else if (MUST_BOTH.includes(name)) {
      return false;
    }
  }
  return true;
}

function headersEqual(a: Record<string, string>, b: Record<string, string>): boolean {
  const lower = (h: Record<string, string>): Map<string, string> =>
    new Map(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
  const la = lower(a);
  const lb = lower(b);
  if (la.size !== lb.size) return false;
  for (const [k, v] of la) if (lb.get(k) !== v) return false;
  return true;
}
