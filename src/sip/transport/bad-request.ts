/**
 * The stateless error response the transport sends for a request it could not
 * parse but can still answer (RFC 3261 §8.2.6, §21.4.1): 400, or the status the
 * parser asks for (505 for an unknown version, §8.2.6.1 via §21.5.7); Via, From,
 * To, Call-ID and CSeq copied, a To tag added, the reason phrase naming the
 * problem ("400 Bad CSeq").
 */
import { randomBytes } from "node:crypto";
import { Headers, parseNameAddr } from "../message/index.js";
import type { ParseError, SipResponse } from "../message/index.js";

const COPIED = ["Via", "From", "To", "Call-ID", "CSeq"] as const;

/** Undefined when the error is not answerable (then the bytes are dropped silently). */
export function badRequest(error: ParseError): SipResponse | undefined {
  const answerable = error.answerable;
  if (!answerable) return undefined;
  const headers = new Headers();
  for (const name of COPIED) {
    for (const value of answerable.headers.getAll(name)) headers.append(name, value);
  }
  if (!headers.has("Via")) return undefined;
  const to = headers.get("To");
  if (to !== undefined) {
    const parsed = parseNameAddr(to);
    // §8.2.6.2: the UAS adds a To tag when the request had none (a broken To is echoed as is).
    if (parsed.ok && !("tag" in parsed.value.params)) headers.set("To", `${to};tag=${randomBytes(6).toString("hex")}`);
  }
  return { type: "response", status: error.status ?? 400, reason: reasonPhrase(error.reason), version: "SIP/2.0", headers, body: Buffer.alloc(0) };
}

/** A reason phrase is UTF-8 text without CR or LF (RFC 3261 §25.1 Reason-Phrase); keep it short. */
function reasonPhrase(reason: string): string {
  const cleaned = reason.replace(/[\x00-\x1f\x7f]+/g, " ").trim().slice(0, 100);
  return cleaned || "Bad Request";
}
