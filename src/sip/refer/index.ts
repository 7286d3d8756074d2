/** Public surface of the call-transfer header fields and bodies (RFC 3515, RFC 3891, RFC 6665). */
export { formatReplaces, parseEvent, parseReplaces, parseSubscriptionState } from "./headers.js";
export type { EventValue, ReplacesValue, SubscriptionStateValue } from "./headers.js";
export { formatSipfrag, isSipfrag, parseSipfrag, SIPFRAG_TYPE } from "./sipfrag.js";
export type { SipfragStatus } from "./sipfrag.js";
