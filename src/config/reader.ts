/**
 * Reads untrusted JSON values field by field, collecting one issue per bad field and
 * answering the default instead, so a single pass reports every problem at once.
 * A missing (undefined) value silently takes the default; `null` is a type error.
 */

/** One problem with one field. `path` is like `lines[0].account.transport` ("" for the whole document). */
export interface ConfigIssue {
  path: string;
  message: string;
  /** Set when the document was fine but could not be written (the caller answers 500, not 422). */
  kind?: "save";
}

/** `lines[0].account.transport: must be one of udp, tcp, tls (got "sctp")`. */
export function formatIssue(issue: ConfigIssue): string {
  return issue.path === "" ? issue.message : `${issue.path}: ${issue.message}`;
}

export function childPath(path: string, key: string | number): string {
  if (typeof key === "number") return `${path}[${key}]`;
  return path === "" ? key : `${path}.${key}`;
}

/** What a value is, for messages; secrets are described by type only, never by content. */
function describe(value: unknown, secret: boolean): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") {
    if (secret) return `a string of ${value.length} characters`;
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return `a ${typeof value}`;
}

export interface StringRule {
  maxLength: number;
  /** Refuses control characters (CR, LF, NUL…), which would corrupt SIP headers or log lines. */
  printable?: boolean;
  /** Never echo the value in a message. */
  secret?: boolean;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export class Reader {
  readonly issues: ConfigIssue[] = [];

  report(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  hasIssue(path: string): boolean {
    return this.issues.some((issue) => issue.path === path);
  }

  /**
   * Checks that `value` is a plain object whose keys are all in `known`; reports each
   * unknown key (a likely typo) at its own path. Missing → {}; wrong type → reported, {}.
   */
  object(path: string, value: unknown, known: readonly string[]): Record<string, unknown> {
    if (value === undefined) return {};
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.report(path, `must be an object (got ${describe(value, false)})`);
      return {};
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!known.includes(key)) this.report(childPath(path, key), unknownKeyMessage(key, known));
    }
    return record;
  }

  array(path: string, value: unknown, fallback: unknown[], maxItems: number): unknown[] {
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) {
      this.report(path, `must be an array (got ${describe(value, false)})`);
      return fallback;
    }
    if (value.length > maxItems) {
      this.report(path, `must have at most ${maxItems} items (got ${value.length})`);
      return value.slice(0, maxItems);
    }
    return value;
  }

  string(path: string, value: unknown, fallback: string, rule: StringRule): string {
    if (value === undefined) return fallback;
    const secret = rule.secret === true;
    if (typeof value !== "string") {
      this.report(path, `must be a string (got ${describe(value, secret)})`);
      return fallback;
    }
    if (value.length > rule.maxLength) {
      this.report(path, `must be at most ${rule.maxLength} characters (got ${value.length})`);
      return fallback;
    }
    if (rule.printable && CONTROL.test(value)) {
      this.report(path, "must not contain control characters (line breaks, tabs, NUL)");
      return fallback;
    }
    return value;
  }

  integer(path: string, value: unknown, fallback: number, min: number, max: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.report(path, `must be a whole number from ${min} to ${max} (got ${describe(value, false)})`);
      return fallback;
    }
    return value;
  }

  boolean(path: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
      this.report(path, `must be true or false (got ${describe(value, false)})`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(path: string, value: unknown, allowed: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      this.report(path, `must be one of ${allowed.join(", ")} (got ${describe(value, false)})`);
      return fallback;
    }
    return value as T;
  }
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const near = known.find((k) => editDistance(k.toLowerCase(), key.toLowerCase()) <= 2);
  if (near !== undefined) return `unknown key; did you mean "${near}"?`;
  return `unknown key (allowed: ${known.join(", ")})`;
}

/** Levenshtein distance, for typo suggestions on short key names. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}
