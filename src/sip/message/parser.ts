/**
 * parseMessage: bytes → SipMessage (RFC 3261 §7). Lazy by design: the start line
 * and header fields are split with indexOf/charCode scans and kept as raw strings;
 * only the fields a transaction needs to be sound (Via, From, To, Call-ID, CSeq,
 * Max-Forwards, Content-Length) are checked here. Never throws: malformed input
 * becomes err(ParseError), with `answerable` filled when a 400 can be sent (§8.2.6).
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { Headers } from "./headers.js";
import { isToken, skipWsp, trimEnd } from "./grammar.js";
import { checkHeaders } from "./header-checks.js";
import type { Problem } from "./header-checks.js";
import { readStartLine } from "./start-line.js";
import type { ParseError, SipMessage } from "./types.js";

const CRLFCRLF = Buffer.from("\r\n\r\n", "latin1");
const LFLF = Buffer.from("\n\n", "latin1");

export function parseMessage(data: Uint8Array): Result<SipMessage, ParseError> {
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let start = 0;
  // RFC 3261 §7.5: CRLFs before the start line are ignored.
  while (start < buf.length && (buf[start] === 0x0d || buf[start] === 0x0a)) start++;
  if (start === buf.length) return failure({ reason: "Empty message" }, undefined, undefined);

  let headEnd = buf.indexOf(CRLFCRLF, start);
  let bodyStart: number;
  if (headEnd >= 0) bodyStart = headEnd + 4;
  else {
    headEnd = buf.indexOf(LFLF, start);
    if (headEnd >= 0) bodyStart = headEnd + 2;
    else headEnd = bodyStart = buf.length;
  }

  const text = buf.toString("utf8", start, headEnd);
  const head = readHead(text);
  const line = readStartLine(head.startLine);
  const method = line.kind === "request" ? line.method : line.kind === "bad" ? line.method : undefined;
  if (line.kind === "bad") return failure(line.problem, method, head.headers);
  if (head.problem) return failure(head.problem, method, head.headers);

  const checked = checkHeaders(head.headers, method);
  if (!checked.ok) return failure(checked.error, method, head.headers);

  let body: Buffer;
  const contentLength = checked.value;
  if (contentLength === undefined) {
    body = buf.subarray(bodyStart); // a datagram without Content-Length: the rest is the body
  } else if (bodyStart + contentLength > buf.length) {
    return failure({ reason: "Content-Length larger than message" }, method, head.headers);
  } else {
    body = buf.subarray(bodyStart, bodyStart + contentLength); // §18.3: extra octets dropped
  }

  if (line.kind === "request") {
    return ok({ type: "request", method: line.method, uri: line.uri, version: line.version, headers: head.headers, body });
  }
  return ok({ type: "response", status: line.status, reason: line.reason, version: line.version, headers: head.headers, body });
}

interface Head {
  startLine: string;
  headers: Headers;
  problem: Problem | undefined;
}

/** Splits the start line and header fields, unfolding continuation lines (§7.3.1). */
function readHead(text: string): Head {
  const headers = new Headers();
  let problem: Problem | undefined;
  let lineEnd = text.indexOf("\n");
  if (lineEnd < 0) lineEnd = text.length;
  const startLine = text.slice(0, lineEnd > 0 && text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd);

  let name: string | undefined;
  let value = "";
  let pos = lineEnd + 1;
  while (pos < text.length) {
    let end = text.indexOf("\n", pos);
    if (end < 0) end = text.length;
    const stop = end > pos && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    if (stop > pos) {
      const first = text.charCodeAt(pos);
      if (first === 0x20 || first === 0x09) {
        // §7.3.1: a line starting with whitespace continues the previous field.
        if (name === undefined) problem ??= { reason: "Bad header folding" };
        else {
          const part = text.slice(skipWsp(text, pos), trimEnd(text, pos, stop));
          value = value.length === 0 ? part : part.length === 0 ? value : `${value} ${part}`;
        }
      } else {
        if (name !== undefined) headers.append(name, value);
        name = undefined;
        const colon = text.indexOf(":", pos);
        if (colon < 0 || colon > stop) {
          problem ??= { reason: "Malformed header line" };
        } else {
          const fieldName = text.slice(pos, trimEnd(text, pos, colon));
          if (isToken(fieldName)) {
            name = fieldName;
            value = text.slice(skipWsp(text, colon + 1), trimEnd(text, colon + 1, stop));
          } else {
            problem ??= { reason: "Bad header name" };
          }
        }
      }
    }
    pos = end + 1;
  }
  if (name !== undefined) headers.append(name, value);
  return { startLine, headers, problem };
}

const ANSWER_WITH = ["Via", "From", "To", "Call-ID", "CSeq"];

/**
 * RFC 3261 §8.2.6 / §21.4.1: a request that can be routed back (it has a Via) is
 * answered with 400 even when other fields are missing; ACK is never answered (§17).
 */
function failure(problem: Problem, method: string | undefined, headers: Headers | undefined): Result<SipMessage, ParseError> {
  let answerable: ParseError["answerable"];
  if (method !== undefined && method !== "ACK" && headers?.has("Via")) {
    const copy = new Headers();
    for (const field of headers.all()) if (ANSWER_WITH.includes(field.name)) copy.append(field.name, field.value);
    answerable = { method, headers: copy };
  }
  const error: ParseError = { reason: problem.reason, answerable };
  if (problem.status !== undefined) error.status = problem.status;
  return err(error);
}
