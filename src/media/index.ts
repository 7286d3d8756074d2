/**
 * The media layer's public surface: what the call layer, the board and the tests use.
 * MediaSession (one call's audio over RTP/RTCP), FramePump, the mixer for three-way
 * calls, DTMF helpers, SDP offer/answer, and the pieces underneath for those who
 * need them directly (codecs, RTP/RTCP, telephone events, jitter buffer, SRTP).
 */
export * from "./session/index.js";
export * from "./mixer/index.js";
export * from "./dtmf/index.js";
export * from "./sdp/index.js";
export * from "./codec/index.js";
export * from "./events/index.js";
export * from "./rtp/index.js";
export * from "./jitter/index.js";
export * from "./srtp/index.js";
