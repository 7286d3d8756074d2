/** Public surface of the call-transfer header field and body (RFC 3891 Replaces, RFC 3420 sipfrag). */
export { formatReplaces, parseReplaces } from "./replaces.js";
export type { ReplacesValue } from "./replaces.js";
export { formatSipfrag, isSipfrag, parseSipfrag, SIPFRAG_TYPE } from "./sipfrag.js";
export type { SipfragStatus } from "./sipfrag.js";
