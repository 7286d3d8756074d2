/**
 * An ordered list of header fields with case-insensitive names (RFC 3261 §7.3.1).
 * Compact forms (§7.3.3) are expanded to their long names when stored, so
 * `get("f")` and `get("From")` are the same field. Values are raw strings.
 */
import type { Via } from "./types.js";

const COMPACT: Record<string, string> = {
  a: "Accept-Contact", b: "Referred-By", c: "Content-Type", d: "Request-Disposition",
  e: "Content-Encoding", f: "From", i: "Call-ID", j: "Reject-Contact", k: "Supported",
  l: "Content-Length", m: "Contact", n: "Identity-Info", o: "Event", r: "Refer-To",
  s: "Subject", t: "To", u: "Allow-Events", v: "Via", x: "Session-Expires", y: "Identity",
};

const CANONICAL: Record<string, string> = {};
for (const name of [
  "Accept", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
  "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact", "Content-Disposition",
  "Content-Encoding", "Content-Language", "Content-Length", "Content-Type", "CSeq", "Date",
  "Error-Info", "Event", "Expires", "From", "In-Reply-To", "Max-Forwards", "Min-Expires",
  "MIME-Version", "Organization", "P-Asserted-Identity", "Priority", "Privacy",
  "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck", "Record-Route",
  "Refer-To", "Referred-By", "Remote-Party-ID", "Replaces", "Reply-To", "Require",
  "Retry-After", "Route", "RSeq", "Server", "Session-Expires", "Subject", "Subscription-State",
  "Supported", "Timestamp", "To", "Unsupported", "User-Agent", "Via", "Warning",
  "WWW-Authenticate", "Accept-Contact", "Reject-Contact", "Request-Disposition", "Path",
  "Service-Route", "Reason", "Min-SE", "Diversion", "History-Info", "P-Preferred-Identity",
  "Identity", "Identity-Info", "Content-ID", "Content-Transfer-Encoding", "Flow-Timer",
  "SIP-ETag", "SIP-If-Match", "Target-Dialog", "Join", "Security-Client", "Security-Server",
  "Security-Verify",
]) {
  CANONICAL[name.toLowerCase()] = name;
}

/** The spellings seen in almost every message, already canonical. */
const USUAL = ["Via", "From", "To", "Call-ID", "CSeq", "Contact", "Max-Forwards", "Content-Type", "Content-Length"];

/** Names seen before, as written → canonical; bounded so hostile traffic cannot grow it. */
const seen = new Map<string, string>();
const SEEN_LIMIT = 512;

/** The long, conventionally capitalised name for a header name in any case or compact form. */
export function canonicalName(name: string): string {
  // Most fields arrive with their usual spelling; comparing is cheaper than hashing.
  for (let i = 0; i < USUAL.length; i++) if (USUAL[i] === name) return USUAL[i]!;
  const known = seen.get(name);
  if (known !== undefined) return known;
  const lower = name.toLowerCase();
  const canonical = (lower.length === 1 ? COMPACT[lower] : undefined) ?? CANONICAL[lower] ?? titleCase(lower);
  if (seen.size < SEEN_LIMIT) seen.set(name, canonical);
  return canonical;
}

/** Extension names compare case-insensitively by storing them as "Word-Word". */
function titleCase(lower: string): string {
  let out = "";
  let upper = true;
  for (const ch of lower) {
    out += upper ? ch.toUpperCase() : ch;
    upper = ch === "-";
  }
  return out;
}

export interface HeaderField {
  /** Canonical name (see canonicalName). */
  name: string;
  value: string;
}

export class Headers {
  private readonly fields: HeaderField[];
  /**
   * The top Via as last parsed by topVia or by the parser's check, valid while
   * the first Via field still equals `raw`. Internal to this folder.
   */
  topViaMemo: { raw: string; via: Via } | undefined = undefined;

  constructor(fields: Iterable<readonly [string, string]> = []) {
    this.fields = [];
    for (const [name, value] of fields) this.fields.push({ name: canonicalName(name), value });
  }

  /** Adds a field after the existing ones. The name is canonicalised. */
  append(name: string, value: string): this {
    this.fields.push({ name: canonicalName(name), value });
    return this;
  }

  /** Adds a field before the first field of the same name (or at the end if none). */
  prepend(name: string, value: string): this {
    const canonical = canonicalName(name);
    const at = this.fields.findIndex((f) => f.name === canonical);
    this.fields.splice(at < 0 ? this.fields.length : at, 0, { name: canonical, value });
    return this;
  }

  /** Replaces every field of this name with one field. */
  set(name: string, value: string): this {
    const canonical = canonicalName(name);
    const at = this.fields.findIndex((f) => f.name === canonical);
    this.remove(canonical);
    this.fields.splice(at < 0 ? this.fields.length : at, 0, { name: canonical, value });
    return this;
  }

  remove(name: string): this {
    const canonical = canonicalName(name);
    for (let i = this.fields.length - 1; i >= 0; i--) {
      if (this.fields[i]!.name === canonical) this.fields.splice(i, 1);
    }
    return this;
  }

  /** Removes only the first field of this name (e.g. the top Via). */
  removeFirst(name: string): this {
    const canonical = canonicalName(name);
    const at = this.fields.findIndex((f) => f.name === canonical);
    if (at >= 0) this.fields.splice(at, 1);
    return this;
  }

  has(name: string): boolean {
    const canonical = canonicalName(name);
    return this.fields.some((f) => f.name === canonical);
  }

  /** The first field's raw value. */
  get(name: string): string | undefined {
    const canonical = canonicalName(name);
    for (const f of this.fields) if (f.name === canonical) return f.value;
    return undefined;
  }

  /** Every field's raw value, in order (one per header line, not split on commas). */
  getAll(name: string): string[] {
    const canonical = canonicalName(name);
    const out: string[] = [];
    for (const f of this.fields) if (f.name === canonical) out.push(f.value);
    return out;
  }

  /** Every comma-separated element across all fields of this name (RFC 3261 §7.3.1). */
  list(name: string): string[] {
    const out: string[] = [];
    for (const value of this.getAll(name)) for (const part of splitCommas(value)) out.push(part);
    return out;
  }

  /** All fields in order. The returned array must not be changed. */
  all(): readonly HeaderField[] {
    return this.fields;
  }

  clone(): Headers {
    const copy = new Headers();
    for (const f of this.fields) copy.fields.push({ name: f.name, value: f.value });
    return copy;
  }
}

/**
 * Splits a header value on commas that are outside quoted strings and <...>,
 * trimming each element; empty elements are dropped.
 */
export function splitCommas(value: string): string[] {
  if (value.indexOf(",") < 0) {
    const trimmed = value.trim();
    return trimmed ? [trimmed] : [];
  }
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 0x5c) i++;
      else if (c === 0x22) quoted = false;
    } else if (c === 0x22) quoted = true;
    else if (c === 0x3c) angle = true;
    else if (c === 0x3e) angle = false;
    else if (c === 0x2c && !angle) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}
