/**
 * Request-Line and Status-Line (RFC 3261 §7.1, §7.2): exactly one SP between the
 * elements, no leading or trailing whitespace (RFC 4475 §3.1.2.9, §3.1.2.10).
 */
import { isToken } from "./grammar.js";
import type { Problem } from "./header-checks.js";
import { checkRequestUri } from "./uri.js";

export type StartLine =
  | { kind: "request"; method: string; uri: string; version: string }
  | { kind: "response"; status: number; reason: string; version: string }
  /** `method` is set when the line still names a request (so a 400 can be sent). */
  | { kind: "bad"; problem: Problem; method: string | undefined };

export function readStartLine(line: string): StartLine {
  if (line.length > 4 && line.charCodeAt(3) === 0x2f && line.slice(0, 4).toUpperCase() === "SIP/") return readStatusLine(line);
  return readRequestLine(line);
}

function readRequestLine(line: string): StartLine {
  const sp1 = line.indexOf(" ");
  const method = sp1 > 0 ? line.slice(0, sp1) : line;
  if (!isToken(method)) return bad("Bad request line", undefined);
  if (sp1 < 0) return bad("Bad request line", method);
  const sp2 = line.indexOf(" ", sp1 + 1);
  if (sp2 < 0 || line.indexOf(" ", sp2 + 1) >= 0) return bad("Bad request line", method);
  const uri = line.slice(sp1 + 1, sp2);
  const version = line.slice(sp2 + 1);
  if (uri.length === 0 || version.length === 0) return bad("Bad request line", method);
  const versionProblem = checkVersion(version);
  if (versionProblem) return { kind: "bad", problem: versionProblem, method };
  const uriProblem = checkRequestUri(uri);
  if (uriProblem) return bad(uriProblem, method);
  return { kind: "request", method, uri, version };
}

function readStatusLine(line: string): StartLine {
  const sp1 = line.indexOf(" ");
  if (sp1 < 0) return bad("Bad status line", undefined);
  const version = line.slice(0, sp1);
  const versionProblem = checkVersion(version);
  if (versionProblem) return { kind: "bad", problem: versionProblem, method: undefined };
  // Status-Code = 3DIGIT, 100..699 (§7.2; RFC 4475 §3.1.2.19 sends 4294967301).
  const code = line.slice(sp1 + 1, sp1 + 4);
  const after = line.charCodeAt(sp1 + 4);
  const status = code.length === 3 && isDigits(code) ? Number(code) : 0;
  if (status < 100 || status > 699 || (line.length > sp1 + 4 && after !== 0x20)) return bad("Bad status code", undefined);
  return { kind: "response", status, reason: line.slice(sp1 + 5), version };
}

/** SIP-Version = "SIP/" 1*DIGIT "." 1*DIGIT; only 2.0 is spoken (505 for others, §21.5.6). */
function checkVersion(version: string): Problem | undefined {
  if (version === "SIP/2.0") return undefined;
  const upper = version.toUpperCase();
  if (upper === "SIP/2.0") return undefined;
  const dot = upper.indexOf(".");
  if (upper.startsWith("SIP/") && dot > 4 && isDigits(upper.slice(4, dot)) && isDigits(upper.slice(dot + 1))) {
    return { reason: "Unknown SIP version", status: 505 };
  }
  return { reason: "Bad SIP version" };
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

function bad(reason: string, method: string | undefined): StartLine {
  return { kind: "bad", problem: { reason }, method };
}
