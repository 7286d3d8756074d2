/**
 * The two header fields of SIP events (RFC 6665 §8.2.1 Event, §8.2.3
 * Subscription-State; grammar in §8.4). Parsing returns values, never throws.
 */
import { parseParams, type Params } from "../message/index.js";
import { parseDeltaSeconds } from "../registration/binding.js";
import { err, ok, type Result } from "../../util/result.js";

export interface EventHeader {
  /** The event package, lower-cased (package names compare case-insensitively, §8.2.1). */
  package: string;
  /** The id parameter, when present. */
  id: string | undefined;
}

export type SubscriptionStateValue = "active" | "pending" | "terminated";

export interface SubscriptionStateHeader {
  state: SubscriptionStateValue;
  /** Seconds left, when the notifier says. */
  expiresSec: number | undefined;
  /** terminated only: the reason, lower-cased (§4.1.3), when given. */
  reason: string | undefined;
  retryAfterSec: number | undefined;
}

/** §8.4: Event = event-type *( SEMI event-param ). */
export function parseEvent(value: string | undefined): Result<EventHeader> {
  if (value === undefined) return err("missing Event");
  const split = splitValue(value);
  if (!split.ok) return split;
  if (!/^[A-Za-z0-9!%'*+.`~_-]+$/.test(split.value.head)) return err(`bad Event "${value}"`);
  return ok({ package: split.value.head.toLowerCase(), id: split.value.params["id"] ?? undefined });
}

/** §8.4: Subscription-State = substate-value *( SEMI subexp-params ); unknown states are an error here. */
export function parseSubscriptionState(value: string | undefined): Result<SubscriptionStateHeader> {
  if (value === undefined) return err("missing Subscription-State");
  const split = splitValue(value);
  if (!split.ok) return split;
  const state = split.value.head.toLowerCase();
  if (state !== "active" && state !== "pending" && state !== "terminated") return err(`unknown subscription state "${split.value.head}"`);
  const { params } = split.value;
  return ok({
    state,
    expiresSec: parseDeltaSeconds(params["expires"] ?? undefined),
    reason: params["reason"]?.toLowerCase() ?? undefined,
    retryAfterSec: parseDeltaSeconds(params["retry-after"] ?? undefined),
  });
}

function splitValue(value: string): Result<{ head: string; params: Params }> {
  const semi = value.indexOf(";");
  const head = (semi < 0 ? value : value.slice(0, semi)).trim();
  const params = parseParams(semi < 0 ? "" : value.slice(semi));
  if (!params.ok) return err(`bad parameters in "${value}"`);
  return ok({ head, params: params.value });
}
