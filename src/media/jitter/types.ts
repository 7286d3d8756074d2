/**
 * The jitter buffer's boundary: what goes in (a received RTP packet, already
 * validated by the RTP layer, stamped with its arrival time from the injected
 * Clock) and what comes out on every playout tick. Kept free of the RTP and
 * codec modules so they can be wired together later.
 */
import type { Logger } from "../../util/log.js";

/** One received media packet. Numbers are the raw RTP header fields. */
export interface JitterPacket {
  readonly ssrc: number;
  /** 16-bit RTP sequence number (wraps at 65536). */
  readonly sequence: number;
  /** 32-bit RTP timestamp (wraps at 2^32). */
  readonly timestamp: number;
  /** RFC 3551 §4.1: set on the first packet of a talkspurt. */
  readonly marker: boolean;
  readonly payloadType: number;
  readonly payload: Uint8Array;
  /** Arrival time on the injected Clock's monotonic scale, in ms. */
  readonly arrivalMs: number;
}

/**
 * One frame per playout tick:
 * - `audio`: play this payload (decode it);
 * - `lost`: conceal one frame (PLC). `missing`: the packet for this slot never
 *   arrived in time; `stretch`: the buffer holds playout back one frame to grow
 *   its delay (nothing is skipped);
 * - `silence`: nothing is playing (before the first packet, during DTX/comfort
 *   noise gaps, after the stream stopped).
 */
export type PlayoutFrame =
  | {
      readonly kind: "audio";
      readonly payload: Uint8Array;
      readonly payloadType: number;
      readonly timestamp: number;
      readonly sequence: number;
      readonly marker: boolean;
    }
  | { readonly kind: "lost"; readonly cause: "missing" | "stretch" }
  | { readonly kind: "silence" };

export interface JitterStats {
  /** Packets accepted (duplicates and discontinuity candidates not counted). */
  received: number;
  /** Packets handed out as `audio`. */
  played: number;
  /** Packets that arrived after their slot had been played or skipped. */
  late: number;
  /** Slots whose packet never arrived (a late arrival moves its count to `late`). */
  lost: number;
  duplicates: number;
  /** Packets that arrived with a lower sequence number than one already received. */
  reordered: number;
  /** Packets thrown away to shrink the delay, on overflow, or on resync. */
  discarded: number;
  /** `lost`/`stretch` frames inserted to grow the delay. */
  stretched: number;
  /** SSRC changes and timestamp/sequence discontinuities that restarted the buffer. */
  resyncs: number;
  /** The delay the buffer aims for, within [minDelayMs, maxDelayMs]. */
  targetDelayMs: number;
  /** Playout delay over the fastest recent packet at the last tick (0 when not playing). */
  playoutDelayMs: number;
  /** Arrival-to-playout time of the last packet played. */
  currentBufferingMs: number;
  /** Mean arrival-to-playout time over all packets played. */
  meanBufferingMs: number;
  /** RFC 3550 §6.4.1 interarrival jitter, for reference (not used for adaptation). */
  interarrivalJitterMs: number;
}

export interface JitterBufferOptions {
  /** RTP clock rate of the payload; default 8000. */
  clockRateHz?: number;
  /** Duration of one packet and of one playout tick (the negotiated ptime); default 20. */
  frameMs?: number;
  /** Lower bound of the target delay; default 0 (the target then comes from measured jitter alone). */
  minDelayMs?: number;
  /** Upper bound of the target delay; default 200. */
  maxDelayMs?: number;
  /** Target delay before any measurement; default 40 (clamped to the bounds). */
  initialDelayMs?: number;
  /** Packets of delay history the estimate looks at; default 500 (10 s at 20 ms). */
  windowPackets?: number;
  /** Share of packets that should arrive in time; default 0.995. */
  quantile?: number;
  /** How fast the target may fall once the network calms down; default 10 ms per second. */
  shrinkMsPerSecond?: number;
  /** Minimum spacing of frame drops inside a talkspurt; default 1000 ms. */
  shrinkIntervalMs?: number;
  /** A packet this far off the current time mapping is a discontinuity; default 1000 ms. */
  resyncThresholdMs?: number;
  /** RFC 3389 comfort noise payload type: after it, missing packets mean silence; default 13. */
  comfortNoisePayloadType?: number;
  logger?: Logger;
}
