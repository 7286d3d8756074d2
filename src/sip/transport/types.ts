/**
 * The transport boundary (RFC 3261 §18). Written semantics, relied on by the
 * transaction layer and the user agent core; the transport helper implements them.
 */
import type { SipMessage, SipResponse } from "../message/index.js";

export type Protocol = "udp" | "tcp" | "tls";

export interface Endpoint {
  protocol: Protocol;
  /** IPv4 dotted quad or IPv6 address without brackets. */
  address: string;
  port: number;
  /**
   * tls only, optional: the host name used to locate the server (RFC 5922 §4),
   * sent as SNI and verified against the certificate instead of the address.
   */
  serverName?: string;
}

/** Where a received message came from. */
export interface Source extends Endpoint {
  /** Set for tcp/tls: the connection the message arrived on (responses go back on it, §18.2.2). */
  connectionId: string | undefined;
  /** Our local endpoint that received it. */
  local: Endpoint;
}

export class TransportError extends Error {
  constructor(message: string, readonly canceled = false) {
    super(message);
    this.name = "TransportError";
  }
}

export interface TransportUser {
  /**
   * A well-formed message arrived. For requests, the transport has already added
   * `received` (and filled `rport`, RFC 3581 §4) to the top Via (§18.2.1).
   * Responses whose top Via sent-by does not match us are dropped before this (§18.1.2).
   */
  onMessage(message: SipMessage, source: Source): void;
}

export interface SipTransport {
  /**
   * Sends a request, an ACK for a 2xx, or any message to an explicit destination.
   * For tcp/tls, reuses an open connection to the destination or opens one (TLS
   * verifies the server name unless configured not to). A request over 1300 bytes
   * meant for udp goes over tcp instead, with the top Via rewritten (§18.1.1).
   * Resolves once handed to the OS; rejects with TransportError only. After close(),
   * pending sends reject with `canceled: true`.
   */
  send(message: SipMessage, destination: Endpoint): Promise<void>;
  /**
   * Sends a response to where its request came from (§18.2.2, RFC 3581 §4):
   * the same connection if still open; else received/rport/sent-by from the top Via.
   */
  respond(response: SipResponse, to: Source): Promise<void>;
  /** The address and port to advertise in Via and Contact for this protocol. */
  localEndpoint(protocol: Protocol): Endpoint;
  /** True for tcp/tls (no retransmissions needed, §17.1.1.2). */
  isReliable(protocol: Protocol): boolean;
  close(): Promise<void>;
}

/**
 * RFC 5626 §4.4.1 keep-alives for flows kept open through NAT (the registration
 * uses these). Implemented by TransportLayer next to SipTransport.
 */
export interface KeepAliveTransport {
  /**
   * Sends a double CRLF ping on the tcp/tls connection to `destination` (opening
   * one if none is open), or a CRLF datagram for udp. Rejects with TransportError.
   */
  sendKeepAlive(destination: Endpoint): Promise<void>;
  /** Calls `listener` for each CRLF pong received on a connection; returns an unsubscribe function. */
  onPong(listener: (pong: { connectionId: string; remote: Endpoint }) => void): () => void;
  /** Calls `listener` when a tcp/tls connection closes for any reason (RFC 5626 §4.4: the flow failed). */
  onFlowClosed(listener: (flow: { connectionId: string; remote: Endpoint }) => void): () => void;
}
