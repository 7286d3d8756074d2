/** What a MediaSession is opened with, and what it reports. */
import type { Clock } from "../../util/clock.js";
import type { Logs } from "../../util/log.js";
import type { G711Name } from "../codec/index.js";
import type { InbandDtmfOptions } from "../dtmf/index.js";
import type { MediaEndpoint, RandomSource } from "../rtp/index.js";
import type { Direction } from "../sdp/index.js";
import type { SessionJitterOptions } from "./inbound-audio.js";
import type { PortRange } from "./rtp-socket-pair.js";

export interface MediaSessionOptions {
  clock: Clock;
  logs: Logs;
  /** IP literal to bind RTP and RTCP to ("0.0.0.0" for every IPv4 interface). */
  bindAddress: string;
  /** Default DEFAULT_PORT_RANGE (16384–32767). */
  portRange?: PortRange;
  /** Address written in our SDP; default bindAddress, or for a wildcard bind the first external IPv4 address. */
  advertisedAddress?: string;
  /** Codec preference, most preferred first; default ["PCMU", "PCMA"]. */
  codecs?: readonly G711Name[];
  /** Our RFC 4733 payload type; default 101. */
  telephoneEventPayloadType?: number;
  /** Packetization we ask the peer for; default 20. */
  ptimeMs?: number;
  /** RFC 4961 symmetric RTP: send where the peer's packets come from; default true. */
  symmetricRtp?: boolean;
  jitter?: SessionJitterOptions;
  /** Gain on the microphone audio we send and on the audio we play, in dB; default 0. */
  gain?: SessionGain;
  /** In-band DTMF gap and levels. */
  inbandDtmf?: InbandDtmfOptions;
  /** SSRC, sequence, timestamps, ports, RTCP intervals; default node:crypto. */
  random?: RandomSource;
  /** RFC 3550 §6.5.1 CNAME; default a random per-session identifier. */
  cname?: string;
  /** Instance id in the logs; default the RTP port. */
  id?: string;
}

export interface SessionGain {
  sendDb?: number;
  receiveDb?: number;
}

export type DigitMethod = "rfc4733" | "inband";

export interface SendDigitOptions {
  /** Tone or event duration; default 100 ms. */
  durationMs?: number;
  /** Default rfc4733 when the peer negotiated the event, else inband. */
  method?: DigitMethod;
}

export interface ReceivedDigit {
  /** 0–9, *, #, A–D or "flash". */
  digit: string;
  durationMs: number;
}

export interface MediaSessionStats {
  codec: string | undefined;
  ptimeMs: number | undefined;
  direction: Direction | undefined;
  /** Where our RTP goes now (after symmetric latching), undefined before start. */
  remote: MediaEndpoint | undefined;
  /** True once the destination was learnt from the peer's packets. */
  latched: boolean;
  localSsrc: number;
  remoteSsrc: number | undefined;
  packetsSent: number;
  /** Payload octets (RFC 3550 §6.4.1). */
  octetsSent: number;
  /** Accepted RTP packets (audio, events, comfort noise). */
  packetsReceived: number;
  octetsReceived: number;
  /** RFC 3550 §A.3 cumulative loss of the current source. */
  lost: number;
  /** Packets that arrived after their playout slot. */
  late: number;
  /** RFC 3550 §A.8 interarrival jitter. */
  jitterMs: number;
  /** From the peer's RTCP report blocks about us, once one echoed our SR. */
  rttMs: number | undefined;
  /** Arrival-to-playout time of the last packet played, and the buffer's target. */
  jitterBufferDelayMs: number;
  jitterBufferTargetMs: number;
  /** Running mean of the arrival-to-playout time over every audio packet played (0 before the first). */
  meanBufferingMs: number;
  /** Audio packets played out of the jitter buffer (the count meanBufferingMs is over). */
  packetsPlayed: number;
  concealedFrames: number;
  rtcpSent: number;
  rtcpReceived: number;
  /** Every datagram that reached either socket, valid or not. */
  datagramsReceived: number;
  /** Datagrams thrown away: unreadable, failed unprotect, or received while the direction forbids it. */
  datagramsDropped: number;
}
