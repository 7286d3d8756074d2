/**
 * The subscriber's requests and answers (RFC 6665 §4.1.2): the initial SUBSCRIBE
 * outside any dialog, the header fields every SUBSCRIBE of a subscription carries
 * (refreshes and the un-SUBSCRIBE are built by the dialog with these), and the
 * response to a NOTIFY. No Via: the UA core adds it.
 */
import { newTag } from "../dialog/index.js";
import { createResponse, formatNameAddr, formatUri, Headers } from "../message/index.js";
import type { NameAddr, SipRequest, SipResponse, SipUri } from "../message/index.js";

/** What every SUBSCRIBE of one subscription shares. */
export interface SubscribeIdentity {
  /** Event package, e.g. "message-summary". */
  event: string;
  /** Body types we accept in NOTIFY, for Accept (§4.1.2.1). */
  accept: string;
  /** Request-URI and To of the initial SUBSCRIBE: the resource. */
  target: SipUri;
  /** Our address of record (From), without tag. */
  from: NameAddr;
  allow: readonly string[];
  userAgent: string | undefined;
}

/** Event, Accept, Expires and our Contact (SUBSCRIBE is a target refresh request, RFC 6665 §3.1), Allow, User-Agent. */
export function subscribeHeaders(identity: SubscribeIdentity, contact: SipUri, expiresSec: number): Array<[string, string]> {
  const headers: Array<[string, string]> = [
    ["Event", identity.event],
    ["Accept", identity.accept],
    ["Expires", String(expiresSec)],
    ["Contact", `<${formatUri(contact)}>`],
    ["Allow", identity.allow.join(", ")],
  ];
  if (identity.userAgent) headers.push(["User-Agent", identity.userAgent]);
  return headers;
}

export interface InitialSubscribe {
  callId: string;
  fromTag: string;
  cseq: number;
  contact: SipUri;
  expiresSec: number;
}

/** RFC 6665 §4.1.2.1: a SUBSCRIBE outside any dialog, To = the resource without tag. */
export function buildInitialSubscribe(identity: SubscribeIdentity, p: InitialSubscribe): SipRequest {
  const headers = new Headers()
    .append("From", formatNameAddr({ ...identity.from, params: { tag: p.fromTag } }))
    .append("To", formatNameAddr({ displayName: undefined, uri: identity.target, params: {} }))
    .append("Call-ID", p.callId)
    .append("CSeq", `${p.cseq} SUBSCRIBE`);
  for (const [name, value] of subscribeHeaders(identity, p.contact, p.expiresSec)) headers.append(name, value);
  return { type: "request", method: "SUBSCRIBE", uri: formatUri(identity.target), version: "SIP/2.0", headers, body: Buffer.alloc(0) };
}

/**
 * A response to a NOTIFY (or any request we answer ourselves); a request outside
 * any dialog gets a To tag (RFC 3261 §8.2.6.2), and Accept is added to a 415 (§21.4.13).
 */
export function notifyResponse(request: SipRequest, status: number, options: { reason?: string; accept?: string } = {}): SipResponse {
  const response = createResponse(request, status, { reason: options.reason, toTag: newTag() });
  if (status === 415 && options.accept) response.headers.append("Accept", options.accept);
  return response;
}
