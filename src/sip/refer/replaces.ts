/**
 * The Replaces header field (RFC 3891 §6.1): `callid *(;param)`, parameter names
 * lower-cased. Event and Subscription-State are read by src/sip/event.
 */
import { err, ok, type Result } from "../../util/result.js";
import { isWord } from "../message/grammar.js";
import { parseParams } from "../message/index.js";

/** A dialog named by a Replaces header, tags as seen by the UA that receives it. */
export interface ReplacesValue {
  callId: string;
  /** The local tag of the dialog at the receiving UA. */
  toTag: string;
  /** The remote tag of the dialog at the receiving UA. */
  fromTag: string;
  /** `early-only`: replace the dialog only while it is early (RFC 3891 §3). */
  earlyOnly: boolean;
}

/** RFC 3891 §6.1: callid *(SEMI (to-tag / from-tag / early-flag / generic-param)); both tags required. */
export function parseReplaces(text: string): Result<ReplacesValue> {
  const semi = text.indexOf(";");
  const callId = (semi < 0 ? text : text.slice(0, semi)).trim();
  const params = parseParams(semi < 0 ? "" : text.slice(semi));
  if (!isCallId(callId) || !params.ok) return err("Bad Replaces");
  const toTag = params.value["to-tag"];
  const fromTag = params.value["from-tag"];
  if (typeof toTag !== "string" || typeof fromTag !== "string") return err("Replaces lacks to-tag or from-tag");
  return ok({ callId, toTag, fromTag, earlyOnly: "early-only" in params.value });
}

export function formatReplaces(value: ReplacesValue): string {
  return `${value.callId};to-tag=${value.toTag};from-tag=${value.fromTag}${value.earlyOnly ? ";early-only" : ""}`;
}

/** RFC 3261 §25.1: callid = word [ "@" word ]. */
function isCallId(text: string): boolean {
  const at = text.indexOf("@");
  return at < 0 ? isWord(text) : isWord(text.slice(0, at)) && isWord(text.slice(at + 1));
}
