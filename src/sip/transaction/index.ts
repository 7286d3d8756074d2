/** Public surface of the SIP transaction layer (RFC 3261 §17, RFC 6026). */
export * from "./types.js";
export { TransactionLayer } from "./transaction-layer.js";
export type { TransactionLayerOptions } from "./transaction-layer.js";
export { InviteClientState } from "./invite-client.js";
export { NonInviteClientState } from "./non-invite-client.js";
export { InviteServerState } from "./invite-server.js";
export { NonInviteServerState } from "./non-invite-server.js";
export { newBranch } from "./branch.js";
export { MAGIC_COOKIE } from "./matching.js";
