/**
 * The SIP message model (RFC 3261 §7). Header values are kept as raw strings in
 * arrival order; structured views (URI, name-addr, Via, CSeq, auth) are parsed on
 * demand by the functions in this folder, so a message that is only forwarded or
 * answered is never fully parsed.
 */
import type { Headers } from "./headers.js";

/** URI and header parameters: lower-cased names, `null` for a flag without `=value`. */
export type Params = Record<string, string | null>;

/** RFC 3261 §19.1 SIP/SIPS URI, or RFC 3966 tel URI (host empty, number in user). */
export interface SipUri {
  scheme: "sip" | "sips" | "tel";
  /** %-escapes decoded. For tel: the number (global or local). */
  user: string | undefined;
  password: string | undefined;
  /** Lower-cased; IPv6 references without brackets (e.g. "::1"). Empty for tel. */
  host: string;
  port: number | undefined;
  params: Params;
  /** URI headers (`?name=value&...`), %-escapes decoded, names as written. */
  headers: Record<string, string>;
}

/** name-addr or addr-spec as in From, To, Contact, Route, Record-Route (RFC 3261 §20). */
export interface NameAddr {
  /** Unquoted and unescaped; undefined when absent. */
  displayName: string | undefined;
  uri: SipUri;
  /** Header parameters after the address (tag, expires, q, lr is a URI param). */
  params: Params;
}

/** One Via value (RFC 3261 §20.42; rport and received from RFC 3581). */
export interface Via {
  /** "SIP/2.0" protocol name/version as written, e.g. "SIP/2.0". */
  protocol: string;
  /** Upper-cased transport: UDP, TCP, TLS, SCTP, WS, WSS... */
  transport: string;
  host: string;
  port: number | undefined;
  params: Params;
}

export interface CSeq {
  seq: number;
  method: string;
}

export interface SipRequest {
  readonly type: "request";
  method: string;
  /** Request-URI as written on the wire; parse with parseUri when needed. */
  uri: string;
  /** "SIP/2.0" */
  version: string;
  headers: Headers;
  body: Buffer;
}

export interface SipResponse {
  readonly type: "response";
  status: number;
  reason: string;
  version: string;
  headers: Headers;
  body: Buffer;
}

export type SipMessage = SipRequest | SipResponse;

/** Why a message could not be accepted; `answerable` tells whether a 400 can be built. */
export interface ParseError {
  /** Short reason for the 400 reason phrase / Warning, e.g. "Bad CSeq". */
  reason: string;
  /** The status to answer with when not 400, e.g. 505 for an unknown SIP version. */
  status?: number;
  /**
   * When the bytes look like a request (not ACK) with at least a Via, the header
   * fields needed to answer it (RFC 3261 §8.2.6): every Via, and whichever of
   * From, To, Call-ID and CSeq were recovered, values as received.
   */
  answerable: { method: string; headers: Headers } | undefined;
}
