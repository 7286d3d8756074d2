/** Counters a TransportLayer keeps for diagnostics (the web status page, logs, tests). */
export interface TransportStats {
  /** Well-formed messages handed to the TransportUser. */
  messagesIn: number;
  /** Messages (requests, responses, stateless 400s) handed to the OS. */
  messagesOut: number;
  /** Datagrams or framed stream messages that failed to parse. */
  parseErrors: number;
  /** Of those, the ones that could not be answered and were dropped silently. */
  droppedGarbage: number;
  /** Responses whose top Via sent-by is not ours (RFC 3261 §18.1.2). */
  droppedMisrouted: number;
  /** Stateless error responses withheld by the rate limiter. */
  rateLimited: number;
  /** Stream connections accepted from peers / opened by us / closed for any reason. */
  connectionsAccepted: number;
  connectionsOpened: number;
  connectionsClosed: number;
  /** Stream connections closed because framing failed. */
  framingErrors: number;
  /** RFC 5626 §4.4.1: double-CRLF pings received (each answered) and CRLF pongs received. */
  pingsReceived: number;
  pongsReceived: number;
  /** §18.1.1: large UDP requests sent over TCP, and fallbacks to UDP when TCP failed. */
  switchedToTcp: number;
  tcpFallbacks: number;
}

export function emptyStats(): TransportStats {
  return {
    messagesIn: 0, messagesOut: 0, parseErrors: 0, droppedGarbage: 0, droppedMisrouted: 0,
    rateLimited: 0, connectionsAccepted: 0, connectionsOpened: 0, connectionsClosed: 0,
    framingErrors: 0, pingsReceived: 0, pongsReceived: 0, switchedToTcp: 0, tcpFallbacks: 0,
  };
}
