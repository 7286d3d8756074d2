/** Public surface of INVITE sessions (RFC 3261 §13–15, RFC 3311). */
export { SessionManager } from "./session-manager.js";
export type { SessionManagerOptions } from "./session-manager.js";
export { OutgoingCall } from "./outgoing-call.js";
export { IncomingCall } from "./incoming-call.js";
export type { Session } from "./session.js";
export { SessionState } from "./state.js";
export type { SessionTimers } from "./context.js";
export type { CallEnd, CallFailure, CallOptions, CallUser, IncomingCallUser, SessionUser } from "./types.js";
