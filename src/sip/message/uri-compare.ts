/**
 * URI equivalence: SIP and SIPS URIs by RFC 3261 §19.1.4, tel URIs by RFC 3966 §4.
 * Works on parsed URIs, whose %-escapes are already decoded, so "%61lice" and
 * "alice" are the same user. Limit of that model: an escaped reserved character
 * ("a%3Bb") is taken as equal to the character itself ("a;b"), which §19.1.4 would
 * tell apart.
 */
import { canonicalName } from "./headers.js";
import type { Params, SipUri } from "./types.js";

/** RFC 3261 §19.1.4: a parameter in only one of the URIs still makes them differ. */
const MUST_MATCH: ReadonlySet<string> = new Set(["user", "ttl", "method", "maddr", "transport"]);

/** True when `a` and `b` name the same resource; URIs of different schemes never do. */
export function uriEqual(a: SipUri, b: SipUri): boolean {
  if (a.scheme !== b.scheme) return false;
  return a.scheme === "tel" ? telEqual(a, b) : sipEqual(a, b);
}

function sipEqual(a: SipUri, b: SipUri): boolean {
  // §19.1.4: userinfo is case-sensitive; a missing port never equals an explicit one.
  if (a.user !== b.user || a.password !== b.password || a.port !== b.port) return false;
  return hostKey(a.host) === hostKey(b.host) && sipParamsEqual(a.params, b.params) && headersEqual(a.headers, b.headers);
}

function sipParamsEqual(a: Params, b: Params): boolean {
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const inA = Object.hasOwn(a, name);
    const inB = Object.hasOwn(b, name);
    if (inA && inB) {
      if (lower(a[name]) !== lower(b[name])) return false;
    } else if (MUST_MATCH.has(name.toLowerCase())) {
      return false;
    }
    // §19.1.4: any other parameter present in only one URI is ignored.
  }
  return true;
}

/** §19.1.4: every URI header must be in both; names compare like header names, values exactly. */
function headersEqual(a: Record<string, string>, b: Record<string, string>): boolean {
  const byName = (headers: Record<string, string>): Map<string, string> =>
    new Map(Object.keys(headers).map((name) => [canonicalName(name), headers[name]!]));
  const left = byName(a);
  const right = byName(b);
  if (left.size !== right.size) return false;
  for (const [name, value] of left) if (right.get(name) !== value) return false;
  return true;
}

/** Case-insensitive host; an IPv6 reference by its address, so "::1" equals "0:0:0:0:0:0:0:1". */
function hostKey(host: string): string {
  const lowered = host.toLowerCase();
  if (lowered.indexOf(":") < 0) return lowered;
  return ipv6Groups(lowered)?.join(":") ?? lowered;
}

/** The eight 16-bit groups of an IPv6 address ("::" and an IPv4 tail allowed), or undefined. */
function ipv6Groups(address: string): number[] | undefined {
  const halves = address.split("::");
  if (halves.length > 2) return undefined;
  const head = readGroups(halves[0]!);
  const tail = halves.length === 2 ? readGroups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Colon-separated hex groups, the last of which may be a dotted IPv4 address (two groups). */
function readGroups(text: string): number[] | undefined {
  if (text.length === 0) return [];
  const parts = text.split(":");
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (/^[0-9a-f]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else if (i === parts.length - 1 && /^\d{1,3}(\.\d{1,3}){3}$/.test(part)) {
      const octets = part.split(".").map(Number);
      if (octets.some((o) => o > 255)) return undefined;
      groups.push(octets[0]! * 256 + octets[1]!, octets[2]! * 256 + octets[3]!);
    } else {
      return undefined;
    }
  }
  return groups;
}

/**
 * RFC 3966 §4: both global ("+") or both local, the same digits once visual
 * separators are removed, the same parameter names, values compared without case
 * (phone-context and ext digit by digit), everything case-insensitive.
 */
function telEqual(a: SipUri, b: SipUri): boolean {
  // The leading "+" is kept, so a global number never equals a local one.
  if (phoneDigits(a.user ?? "") !== phoneDigits(b.user ?? "")) return false;
  const names = Object.keys(a.params);
  if (names.length !== Object.keys(b.params).length) return false;
  for (const name of names) {
    if (!Object.hasOwn(b.params, name)) return false;
    if (telParamValue(name, a.params[name]) !== telParamValue(name, b.params[name])) return false;
  }
  return true;
}

function telParamValue(name: string, value: string | null | undefined): string {
  const text = lower(value);
  if (name === "ext" || (name === "phone-context" && text.startsWith("+"))) return phoneDigits(text);
  return text;
}

/** RFC 3966 §5.1.1: visual separators carry no meaning. Lower-cased for hex digits. */
function phoneDigits(number: string): string {
  return number.replace(/[-.()]/g, "").toLowerCase();
}

/** A flag and an empty value compare alike. */
function lower(value: string | null | undefined): string {
  return (value ?? "").toLowerCase();
}
