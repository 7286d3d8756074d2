/**
 * What the user agent core offers to the layers that build requests
 * (registration, INVITE sessions, dialogs). The core owns the transport and
 * transaction layer, next-hop selection (route set, outbound proxy, RFC 3263)
 * and failover; callers build requests WITHOUT a Via: the core adds it.
 */
import type { SipRequest, SipUri } from "../message/index.js";
import type { ClientTransactionUser } from "../transaction/types.js";
import type { Protocol } from "../transport/types.js";

export interface OutgoingRequest {
  /** The request as last sent (top Via and branch filled in by the core). */
  readonly request: SipRequest;
  /**
   * INVITE only: sends CANCEL (RFC 3261 §9.1) once a provisional response has
   * arrived (immediately if one already has); the INVITE's user later gets its
   * 487 or final response as usual. Does nothing for other methods or after a final response.
   */
  cancel(): void;
}

export interface RequestSender {
  /**
   * Sends a request in a client transaction. The core picks the next hop: the first
   * Route header if any (loose routing, §16.12 / §12.2.1.1), else the outbound proxy
   * of the account if configured, else the Request-URI, located with RFC 3263; adds
   * the top Via with a new branch and `rport` (RFC 3581), Max-Forwards 70 if absent,
   * and fails over to the next located target on timeout, 503 or transport error
   * (RFC 3263 §4.3) before telling the user. Never throws for network reasons.
   */
  send(request: SipRequest, user: ClientTransactionUser): OutgoingRequest;
  /**
   * Sends an ACK for a 2xx outside any transaction (RFC 3261 §13.2.2.4), with a new
   * branch, to the same next hop the INVITE used. Retransmitted 2xx are answered by
   * calling this again with the same ACK.
   */
  sendAck(ack: SipRequest): void;
  /** Our Contact URI for requests sent over `protocol` (the protocol the account uses). */
  contactUri(protocol: Protocol, user?: string): SipUri;
}
