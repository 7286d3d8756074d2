/**
 * What the port does with an INVITE, from the line's features and what the port is doing
 * (features-spec in the README): refuse anonymous callers when asked (433, RFC 5079 §5),
 * do not disturb (486), forward everything (302), ring when free, wait when the call in
 * progress can take a waiting call, else forward on busy or refuse (486).
 */
import type { PortFeatures } from "./port-deps.js";

export type IncomingDecision =
  | { readonly kind: "reject"; readonly status: number; readonly reason: string }
  | { readonly kind: "forward"; readonly number: string }
  | { readonly kind: "ring" }
  | { readonly kind: "wait" };

export interface IncomingSituation {
  /** The caller hid its identity (privacy, or an anonymous From). */
  anonymous: boolean;
  /** The port is idle: the phone can ring. */
  free: boolean;
  /** One answered call and nothing held or waiting: a second call can wait. */
  canWait: boolean;
}

export function incomingDecision(f: PortFeatures, s: IncomingSituation): IncomingDecision {
  if (f.anonymousCallRejection && s.anonymous) return { kind: "reject", status: 433, reason: "Anonymity Disallowed" };
  if (f.dnd) return { kind: "reject", status: 486, reason: "Busy Here" };
  if (f.forwardAll) return { kind: "forward", number: f.forwardAll };
  if (s.free) return { kind: "ring" };
  if (s.canWait && f.callWaiting) return { kind: "wait" };
  if (f.forwardBusy) return { kind: "forward", number: f.forwardBusy };
  return { kind: "reject", status: 486, reason: "Busy Here" };
}
