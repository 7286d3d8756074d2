/**
 * Builds the registration client's requests: REGISTER (RFC 3261 §10.2) and the
 * OPTIONS keep-alive probe (§11.1). No Via: the UA core adds it, with rport
 * (RFC 3581), and Max-Forwards when absent.
 */
import { newCallId, newTag } from "../dialog/index.js";
import { Headers, formatNameAddr, formatUri, parseCSeq } from "../message/index.js";
import type { SipRequest, SipUri } from "../message/index.js";

export const DEFAULT_ALLOW: readonly string[] = ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS"];

/** The CSeq number a request carries; 0 when unreadable. */
export function cseqOf(request: SipRequest): number {
  const cseq = parseCSeq(request.headers.get("CSeq") ?? "");
  return cseq.ok ? cseq.value.seq : 0;
}

/** Fields shared by every request of one client. */
export interface RequestIdentity {
  aor: SipUri;
  registrar: SipUri;
  displayName: string | undefined;
  userAgent: string | undefined;
  allow: readonly string[];
}

export interface RegisterParams {
  identity: RequestIdentity;
  callId: string;
  fromTag: string;
  cseq: number;
  /** Each binding we send, with its own expires parameter (0 removes it, §10.2.2). */
  bindings: ReadonlyArray<{ uri: SipUri; expiresSec: number }>;
  /** The Expires header value. */
  expiresSec: number;
}

/** RFC 3261 §10.2: REGISTER with To = From = AoR, our tag on From only. */
export function buildRegister(p: RegisterParams): SipRequest {
  const { identity } = p;
  const headers = new Headers()
    .append("To", formatNameAddr({ displayName: identity.displayName, uri: identity.aor, params: {} }))
    .append("From", formatNameAddr({ displayName: identity.displayName, uri: identity.aor, params: { tag: p.fromTag } }))
    .append("Call-ID", p.callId)
    .append("CSeq", `${p.cseq} REGISTER`);
  for (const binding of p.bindings) {
    headers.append("Contact", formatNameAddr({ displayName: undefined, uri: binding.uri, params: { expires: String(binding.expiresSec) } }));
  }
  headers.append("Expires", String(p.expiresSec));
  return finish("REGISTER", identity, headers);
}

/** RFC 3261 §11.1: an out-of-dialog OPTIONS to the registrar, new Call-ID each time. */
export function buildOptions(identity: RequestIdentity): SipRequest {
  const headers = new Headers()
    .append("To", formatNameAddr({ displayName: undefined, uri: identity.registrar, params: {} }))
    .append("From", formatNameAddr({ displayName: identity.displayName, uri: identity.aor, params: { tag: newTag() } }))
    .append("Call-ID", newCallId())
    .append("CSeq", "1 OPTIONS")
    .append("Accept", "application/sdp");
  return finish("OPTIONS", identity, headers);
}

function finish(method: string, identity: RequestIdentity, headers: Headers): SipRequest {
  headers.append("Allow", identity.allow.join(", "));
  if (identity.userAgent) headers.append("User-Agent", identity.userAgent);
  headers.append("Content-Length", "0");
  return { type: "request", method, uri: formatUri(identity.registrar), version: "SIP/2.0", headers, body: Buffer.alloc(0) };
}
