/** Public surface of INVITE sessions (RFC 3261 §13–15, RFC 3311) and call transfer (RFC 3515, RFC 3891). */
export { SessionManager } from "./session-manager.js";
export type { SessionManagerOptions } from "./session-manager.js";
export { OutgoingCall } from "./outgoing-call.js";
export { IncomingCall } from "./incoming-call.js";
export type { Session } from "./session.js";
export { SessionState } from "./state.js";
export type { SessionTimers } from "./context.js";
export type {
  CallEnd, CallFailure, CallOptions, CallUser, IncomingCallUser, IncomingRefer, ReferOutcome, ReferUser, SessionUser,
} from "./types.js";
export { attendedTransferTarget } from "./transfer-target.js";
export { MAX_WAIT_MS as REFER_MAX_WAIT_MS } from "./refer-client.js";
export { SUBSCRIPTION_MS as REFER_SUBSCRIPTION_MS } from "./incoming-refer.js";
