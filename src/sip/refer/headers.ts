/**
 * The header fields of call transfer, parsed: Replaces (RFC 3891 §6.1), Event
 * (RFC 6665 §8.2.1, with RFC 3515 §2.4.6's `id`) and Subscription-State
 * (RFC 6665 §8.2.3). Each is `value *(;param)`; parameter names are lower-cased.
 */
import { err, ok, type Result } from "../../util/result.js";
import { isToken, isWord } from "../message/grammar.js";
import { parseParams, unquote, type Params } from "../message/index.js";

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

export interface EventValue {
  /** Lower-cased event package, e.g. "refer". */
  package: string;
  /** The `id` parameter, when present. */
  id: string | undefined;
}

export interface SubscriptionStateValue {
  state: "active" | "pending" | "terminated";
  /** Seconds left, when given. */
  expires: number | undefined;
  /** Why it was terminated (`noresource`, `timeout`, ...), when given. */
  reason: string | undefined;
}

/** RFC 3891 §6.1: callid *(SEMI (to-tag / from-tag / early-flag / generic-param)); both tags required. */
export function parseReplaces(text: string): Result<ReplacesValue> {
  const parts = splitValue(text);
  if (!parts.ok || !isCallId(parts.value.head)) return err("Bad Replaces");
  const { params } = parts.value;
  const toTag = params["to-tag"];
  const fromTag = params["from-tag"];
  if (typeof toTag !== "string" || typeof fromTag !== "string") return err("Replaces lacks to-tag or from-tag");
  return ok({ callId: parts.value.head, toTag, fromTag, earlyOnly: "early-only" in params });
}

export function formatReplaces(value: ReplacesValue): string {
  return `${value.callId};to-tag=${value.toTag};from-tag=${value.fromTag}${value.earlyOnly ? ";early-only" : ""}`;
}

/** RFC 6665 §8.2.1: event-type *(SEMI event-param). */
export function parseEvent(text: string): Result<EventValue> {
  const parts = splitValue(text);
  if (!parts.ok || !isToken(parts.value.head)) return err("Bad Event");
  const id = parts.value.params["id"];
  return ok({ package: parts.value.head.toLowerCase(), id: typeof id === "string" ? unquote(id) : undefined });
}

const STATES = new Set(["active", "pending", "terminated"]);

/** RFC 6665 §8.2.3: substate-value *(SEMI subexp-params); an unknown state counts as terminated (§4.1.3). */
export function parseSubscriptionState(text: string): Result<SubscriptionStateValue> {
  const parts = splitValue(text);
  if (!parts.ok || !isToken(parts.value.head)) return err("Bad Subscription-State");
  const head = parts.value.head.toLowerCase();
  const state = (STATES.has(head) ? head : "terminated") as SubscriptionStateValue["state"];
  const expiresText = parts.value.params["expires"];
  if (typeof expiresText === "string" && !/^\d{1,10}$/.test(expiresText)) return err("Bad Subscription-State expires");
  const expires = typeof expiresText === "string" ? Number(expiresText) : undefined;
  const reason = parts.value.params["reason"];
  return ok({ state, expires, reason: typeof reason === "string" ? reason.toLowerCase() : undefined });
}

/** RFC 3261 §25.1: callid = word [ "@" word ]. */
function isCallId(text: string): boolean {
  const at = text.indexOf("@");
  return at < 0 ? isWord(text) : isWord(text.slice(0, at)) && isWord(text.slice(at + 1));
}

function splitValue(text: string): Result<{ head: string; params: Params }> {
  const trimmed = text.trim();
  const semi = trimmed.indexOf(";");
  const head = (semi < 0 ? trimmed : trimmed.slice(0, semi)).trim();
  if (head.length === 0) return err("empty value");
  const params = parseParams(semi < 0 ? "" : trimmed.slice(semi));
  return params.ok ? ok({ head, params: params.value }) : params;
}
