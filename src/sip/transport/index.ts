/**
 * Public surface of the SIP transport layer (RFC 3261 §18): the boundary types,
 * the TransportLayer that implements them over UDP, TCP and TLS, and the rate
 * limiter shared with the UA core for stateless error responses.
 */
export * from "./types.js";
export { TransportLayer } from "./transport-layer.js";
export type { ListenOptions, TransportLayerOptions } from "./transport-layer.js";
export type { TlsClientSettings } from "./connection-pool.js";
export type { TlsServerSettings } from "./stream-listener.js";
export { ResponseRateLimiter, DEFAULT_RATE_LIMIT } from "./rate-limiter.js";
export type { RateLimitSettings } from "./rate-limiter.js";
export type { TransportStats } from "./stats.js";
export { UDP_REQUEST_LIMIT } from "./large-request.js";
