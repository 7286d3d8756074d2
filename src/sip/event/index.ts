/** Public surface of SIP events (RFC 6665 subscriber) and message waiting (RFC 3842). */
export { parseMessageSummary, voiceCounts, MESSAGE_SUMMARY_TYPE } from "./message-summary.js";
export type { MessageCounts, MessageSummary } from "./message-summary.js";
export { parseEvent, parseSubscriptionState } from "./event-headers.js";
export type { EventHeader, SubscriptionStateHeader, SubscriptionStateValue } from "./event-headers.js";
export { SubscriptionClient } from "./subscription-client.js";
export type { SubscriptionListener, SubscriptionOptions, SubscriptionState } from "./subscription-client.js";
export type { SubscribeIdentity } from "./subscribe-request.js";
export { MessageWaiting, MESSAGE_SUMMARY_EVENT } from "./message-waiting.js";
export type { MessageSummaryListener, MessageSummarySource, MessageWaitingOptions, MwiSettings } from "./message-waiting.js";
