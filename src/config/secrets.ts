/**
 * Write-only secrets. `redacted` is what leaves the process (GET /api/config, logs);
 * `restoreSecrets` reads a document coming back in, where a secret given as "********"
 * or left out means "keep the one already stored".
 *
 * An account password is kept only for an account with the same registrar and user, so
 * pointing a line at another server never sends it the old server's password.
 */
import { childPath, type ConfigIssue } from "./reader.js";
import type { Config, LineConfig } from "./schema.js";

/** What a stored secret looks like from outside. Never a valid password itself. */
export const REDACTED = "********";

const SECRET_KEYS: ReadonlySet<string> = new Set(["password", "initialPassword", "passwordHash"]);

/** A deep copy with every non-empty secret replaced by "********" (an empty one stays "", meaning none set). */
export function redacted(config: Config): Config {
  return redactValue(config) as Config;
}

function redactValue(value: unknown, key?: string): unknown {
  if (key !== undefined && SECRET_KEYS.has(key) && value !== undefined && value !== "") return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, k)]));
  }
  return value;
}

export interface Restored {
  /** The input with kept secrets filled in; the caller's object is not modified. */
  input: unknown;
  issues: ConfigIssue[];
}

/** Fills "********" or absent secrets in `input` from `previous`. Leaves anything malformed for validation to report. */
export function restoreSecrets(input: unknown, previous: Config): Restored {
  const issues: ConfigIssue[] = [];
  if (!isRecord(input)) return { input, issues };
  const next: Record<string, unknown> = { ...input };

  if (isRecord(input.admin) || input.admin === undefined) {
    const admin: Record<string, unknown> = { ...(input.admin ?? {}) };
    if (admin.initialPassword === REDACTED) delete admin.initialPassword;
    if (admin.passwordHash === undefined || admin.passwordHash === REDACTED) {
      if (previous.admin.passwordHash === undefined) delete admin.passwordHash;
      else admin.passwordHash = previous.admin.passwordHash;
    }
    next.admin = admin;
  }

  if (Array.isArray(input.lines)) {
    next.lines = input.lines.map((line: unknown, i: number) => {
      if (!isRecord(line) || !isRecord(line.account)) return line;
      const account = line.account;
      if (account.password !== undefined && account.password !== REDACTED) return line;
      const kept = findSameAccount(previous.lines, i, account.registrar, account.user);
      if (kept !== undefined) return { ...line, account: { ...account, password: kept.account.password } };
      if (account.password === REDACTED) {
        issues.push({
          path: childPath(childPath(childPath("lines", i), "account"), "password"),
          message: `"${REDACTED}" keeps the stored password, but no stored account has this registrar and user; enter the password`,
        });
      }
      return line;
    });
  }
  return { input: next, issues };
}

function findSameAccount(lines: readonly LineConfig[], index: number, registrar: unknown, user: unknown): LineConfig | undefined {
  if (typeof registrar !== "string" || typeof user !== "string") return undefined;
  const same = (line: LineConfig | undefined): boolean =>
    line !== undefined &&
    line.account.registrar.toLowerCase() === registrar.trim().toLowerCase() &&
    line.account.user === user;
  const atIndex = lines[index];
  return same(atIndex) ? atIndex : lines.find(same);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
