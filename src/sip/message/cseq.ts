/** CSeq header (RFC 3261 §20.16): a sequence number below 2**31 and a method token. */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isToken, isWsp, parseDecimal, skipWsp, trimEnd } from "./grammar.js";
import type { CSeq } from "./types.js";

/** RFC 3261 §8.1.1.5: the sequence number MUST be less than 2**31. */
const MAX_SEQ = 0x7fffffff;

export function parseCSeq(text: string): Result<CSeq> {
  const start = skipWsp(text, 0);
  let i = start;
  while (i < text.length && !isWsp(text.charCodeAt(i))) i++;
  const seq = parseDecimal(text.slice(start, i), MAX_SEQ);
  if (seq < 0) return err("Bad CSeq");
  const methodStart = skipWsp(text, i);
  if (methodStart === i) return err("Bad CSeq");
  const method = text.slice(methodStart, trimEnd(text, methodStart, text.length));
  if (!isToken(method)) return err("Bad CSeq");
  return ok({ seq, method });
}

export function formatCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
