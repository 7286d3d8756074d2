/** Public surface of the jitter buffer. */
export { AdaptiveJitterBuffer, PlayoutState } from "./adaptive-jitter-buffer.js";
export { sequenceDelta, timestampDelta } from "./sequence.js";
export type { JitterBufferOptions, JitterPacket, JitterStats, PlayoutFrame } from "./types.js";
