/**
 * Public surface of the SIP message layer (RFC 3261 §7, §19, §20, §25). Messages
 * keep raw header values; the structured views below are parsed on demand.
 */
export * from "./types.js";
export { Headers, canonicalName, splitCommas } from "./headers.js";
export type { HeaderField } from "./headers.js";
export { parseMessage } from "./parser.js";
export { serializeMessage } from "./serializer.js";
export { parseUri, formatUri, UNSUPPORTED_SCHEME } from "./uri.js";
export { uriEqual } from "./uri-compare.js";
export { parseNameAddr, formatNameAddr, splitNameAddr } from "./name-addr.js";
export type { NameAddrParts } from "./name-addr.js";
export { parseVia, formatVia, topVia } from "./via.js";
export { parseCSeq, formatCSeq } from "./cseq.js";
export { parseParams, formatParams, quoteString, unquote } from "./params.js";
export { createResponse } from "./response.js";
export { reasonPhrase } from "./reason.js";
export { StreamFramer } from "./stream-framer.js";
export type { Frame, StreamFramerLimits } from "./stream-framer.js";
