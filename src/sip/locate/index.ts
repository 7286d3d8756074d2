/** Public surface of SIP server location (RFC 3263, RFC 3261 §8.1.2 outbound proxy). */
export { locate, DEFAULT_PORTS } from "./locator.js";
export type { LocateOptions } from "./locator.js";
export { SystemDnsResolver } from "./resolver.js";
export type { DnsResolver, NaptrRecord, SrvRecord, SystemDnsResolverOptions } from "./resolver.js";
export { orderSrv } from "./srv-order.js";
export { parseOutboundProxy } from "./outbound-proxy.js";
