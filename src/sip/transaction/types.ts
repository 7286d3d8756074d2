/**
 * The transaction layer's surface (RFC 3261 §17), used by the user agent core,
 * registration and INVITE sessions; the transaction helper implements it in
 * transaction-layer.ts and the four state machines.
 */
import type { SipRequest, SipResponse } from "../message/index.js";
import type { Endpoint, Source, TransportError } from "../transport/types.js";

/** RFC 3261 §17.1.1.1 timer values in milliseconds. */
export interface TimerSettings {
  T1: number;
  T2: number;
  T4: number;
}
export const DEFAULT_TIMERS: TimerSettings = { T1: 500, T2: 4000, T4: 5000 };

export interface ClientTransactionUser {
  /** Every provisional and final response, in order; retransmitted finals are absorbed. */
  onResponse(response: SipResponse): void;
  /** Timer B or F fired: treat as 408 (RFC 3261 §8.1.3.1). */
  onTimeout(): void;
  /** The transport failed: treat as 503 (RFC 3261 §8.1.3.1). */
  onTransportError(error: TransportError): void;
}

export interface ClientTransaction {
  /** The branch of the request's top Via. */
  readonly id: string;
  readonly request: SipRequest;
  readonly destination: Endpoint;
  readonly state: string;
  /** Ends the transaction at once without notifying the user (e.g. on shutdown). */
  terminate(): void;
}

export interface ServerTransaction {
  readonly id: string;
  readonly request: SipRequest;
  readonly source: Source;
  readonly state: string;
  /**
   * Sends a response through the state machine: provisional keeps it open; a final
   * response moves it to Completed (non-2xx), Accepted (INVITE 2xx, RFC 6026) or
   * Terminated/Completed for non-INVITE. Responses after a final one are ignored.
   */
  respond(response: SipResponse): void;
  /**
   * Ends the transaction at once without sending anything and forgets it, so a
   * retransmission is treated as new (used when an answer is suppressed by rate limiting).
   */
  terminate(): void;
}

/** What the transaction layer gives to the layer above (the UA core). */
export interface TransactionLayerUser {
  /**
   * A new request that created a server transaction. ACK for a 2xx and other
   * requests that match no transaction but need none (ACK) arrive with
   * `transaction` undefined. CANCEL arrives with its own server transaction; the
   * user finds the INVITE it cancels with findInviteServerTransaction().
   */
  onRequest(request: SipRequest, transaction: ServerTransaction | undefined): void;
  /**
   * A response that matched no client transaction, e.g. a retransmitted 2xx to an
   * INVITE whose transaction already ended (the UA core re-sends the ACK, §13.2.2.4).
   */
  onStrayResponse(response: SipResponse, source: Source): void;
  /**
   * Optional. A server transaction gave up: Timer H fired with no ACK for a non-2xx
   * final response (RFC 3261 §17.2.1). The transaction is already Terminated.
   */
  onServerTimeout?(transaction: ServerTransaction): void;
  /**
   * Optional. Sending a response failed (RFC 3261 §17.2.4). The transaction is
   * Terminated, except an INVITE transaction in Accepted, which stays until
   * Timer L (RFC 6026 §7.1).
   */
  onServerTransportError?(transaction: ServerTransaction, error: TransportError): void;
}

/** Returns a fresh branch starting with the RFC 3261 magic cookie "z9hG4bK" (§8.1.1.7). */
export type BranchFactory = () => string;
