/** Public surface of SRTP (RFC 3711) with SDES keys (RFC 4568). */
export type { PacketProtector } from "./packet-protector.js";
export { SdesNegotiator, type SdesNegotiatorOptions } from "./sdes-negotiator.js";
export { formatSdesKey, generateSdesKey, parseSdesKey, type SdesKey } from "./sdes-key.js";
export { SrtpContext, type SrtpContextOptions, type SrtpStats } from "./srtp-context.js";
export { createSdesProtector, SrtpContextPool, SrtpSession, type SrtpContextPools } from "./srtp-session.js";
export { SRTP_SUITES, srtpSuite, type SrtpSuite, type SrtpSuiteName } from "./suite.js";
