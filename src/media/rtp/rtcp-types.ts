/**
 * The RTCP packet model (RFC 3550 §6.4–§6.6): sender and receiver reports with
 * their report blocks, source descriptions, BYE, and any other packet type kept
 * as bytes. A compound packet is a list of these.
 */
import type { NtpTime } from "./ntp.js";

export const RTCP_SR = 200;
export const RTCP_RR = 201;
export const RTCP_SDES = 202;
export const RTCP_BYE = 203;
export const RTCP_APP = 204;

/** RFC 3550 §6.5: SDES item types. */
export const SDES_CNAME = 1;
export const SDES_NAME = 2;
export const SDES_TOOL = 6;

/** RFC 3550 §6.4.1: reception statistics about one source. */
export interface ReportBlock {
  readonly ssrc: number;
  /** Packets lost since the previous report, as a fraction of 256. */
  readonly fractionLost: number;
  /** Signed 24-bit count of packets lost since reception began. */
  readonly cumulativeLost: number;
  /** Extended highest sequence number received (cycles in the high 16 bits). */
  readonly highestSequence: number;
  /** Interarrival jitter in timestamp units. */
  readonly jitter: number;
  /** Middle 32 bits of the NTP timestamp of the last SR received from the source, or 0. */
  readonly lastSr: number;
  /** Delay since that SR was received, in 1/65536 s, or 0. */
  readonly delaySinceLastSr: number;
}

export interface SenderInfo {
  readonly ntp: NtpTime;
  readonly rtpTimestamp: number;
  readonly packetCount: number;
  readonly octetCount: number;
}

export interface SenderReport {
  readonly type: "sr";
  readonly ssrc: number;
  readonly sender: SenderInfo;
  readonly reports: readonly ReportBlock[];
  /** Profile-specific extension after the report blocks (usually empty). */
  readonly extension: Uint8Array;
}

export interface ReceiverReport {
  readonly type: "rr";
  readonly ssrc: number;
  readonly reports: readonly ReportBlock[];
  readonly extension: Uint8Array;
}

export interface SdesItem {
  readonly type: number;
  /** The item's octets (UTF-8 text for all but PRIV). */
  readonly data: Uint8Array;
}

export interface SdesChunk {
  readonly ssrc: number;
  readonly items: readonly SdesItem[];
}

export interface SourceDescription {
  readonly type: "sdes";
  readonly chunks: readonly SdesChunk[];
}

export interface Goodbye {
  readonly type: "bye";
  readonly ssrcs: readonly number[];
  readonly reason: string | undefined;
}

/** APP and any packet type this stack does not interpret. */
export interface OtherRtcp {
  readonly type: "other";
  readonly packetType: number;
  /** The 5-bit count/subtype field. */
  readonly count: number;
  /** Everything after the 4-byte common header. */
  readonly body: Uint8Array;
}

export type RtcpPacket = SenderReport | ReceiverReport | SourceDescription | Goodbye | OtherRtcp;
