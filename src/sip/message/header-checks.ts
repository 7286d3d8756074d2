/**
 * The cheap soundness checks parseMessage applies to the fields every element
 * relies on (RFC 3261 §8.1.1, §8.2.2, §20). Everything else stays a raw string.
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { parseCSeq } from "./cseq.js";
import { isWord, parseDecimal } from "./grammar.js";
import type { Headers } from "./headers.js";
import { checkStructure } from "./structure-checks.js";

/** A reason for rejecting a message; `status` defaults to 400. */
export interface Problem {
  reason: string;
  status?: number;
}

const REQUIRED = ["Via", "From", "To", "Call-ID", "CSeq"];

/**
 * Checks the required fields. `method` is the request method (undefined for a
 * response). Returns the Content-Length, if present.
 */
export function checkHeaders(headers: Headers, method: string | undefined): Result<number | undefined, Problem> {
  let from: string | undefined;
  let to: string | undefined;
  let callId: string | undefined;
  let cseq: string | undefined;
  let maxForwards: string | undefined;
  let contentLength: string | undefined;
  let via: string | undefined;
  let contacts: string[] | undefined;
  let date: string | undefined;
  for (const field of headers.all()) {
    const { name, value } = field;
    switch (name) {
      case "Via": via ??= value; continue;
      case "Contact": (contacts ??= []).push(value); continue;
      case "Date": date = value; continue;
      case "From": if (from !== undefined) break; from = value; continue;
      case "To": if (to !== undefined) break; to = value; continue;
      case "Call-ID": if (callId !== undefined) break; callId = value; continue;
      case "CSeq": if (cseq !== undefined) break; cseq = value; continue;
      case "Max-Forwards": if (maxForwards !== undefined) break; maxForwards = value; continue;
      case "Content-Length": if (contentLength !== undefined) break; contentLength = value; continue;
      default: continue;
    }
    // Only a repeated single-valued field gets here (RFC 4475 §3.3.8, §3.3.9).
    return err({ reason: `Multiple ${name}` });
  }
  const present: Record<string, string | undefined> = { Via: via, From: from, To: to, "Call-ID": callId, CSeq: cseq };
  for (const name of REQUIRED) if (present[name] === undefined) return err({ reason: `Missing ${name}` });

  const parsedCSeq = parseCSeq(cseq!);
  if (!parsedCSeq.ok) return err({ reason: "Bad CSeq" });
  // RFC 3261 §8.1.1.5 / RFC 4475 §3.1.2.17-18: the CSeq method matches the request method.
  if (method !== undefined && parsedCSeq.value.method !== method) return err({ reason: "CSeq method mismatch" });
  if (!isCallId(callId!)) return err({ reason: "Bad Call-ID" });
  if (maxForwards !== undefined && parseDecimal(maxForwards, 255) < 0) return err({ reason: "Max-Forwards not a number" });

  let length: number | undefined;
  if (contentLength !== undefined) {
    length = parseDecimal(contentLength, Number.MAX_SAFE_INTEGER);
    if (length < 0) return err({ reason: "Bad Content-Length" });
  }
  const structural = checkStructure(headers, { via: via!, from: from!, to: to!, contacts, date });
  if (structural) return err({ reason: structural });
  return ok(length);
}

/** callid = word [ "@" word ] (§25.1). */
function isCallId(value: string): boolean {
  const at = value.indexOf("@");
  if (at < 0) return isWord(value);
  return isWord(value.slice(0, at)) && isWord(value.slice(at + 1));
}
