/** Public surface of the media session: one call's audio stream over RTP, and its pacing pump. */
export { FramePump, type FramePumpOptions } from "./frame-pump.js";
export { OUTPUT_FRAME_SAMPLES, type SessionJitterOptions } from "./inbound-audio.js";
export { MediaSession } from "./media-session.js";
export type {
  DigitMethod,
  MediaSessionOptions,
  MediaSessionStats,
  ReceivedDigit,
  SendDigitOptions,
  SessionGain,
} from "./media-session-options.js";
export type { PacketProtector } from "./packet-protector.js";
export { DEFAULT_PORT_RANGE, type PortRange } from "./rtp-socket-pair.js";
