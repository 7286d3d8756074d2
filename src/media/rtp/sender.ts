/**
 * The sending half of one RTP stream: SSRC, sequence numbers and the media
 * timestamp (RFC 3550 §5.1), talkspurt markers (RFC 3551 §4.1), and the packet
 * and octet counts an RTCP sender report carries (§6.4.1).
 *
 * The media path calls sendAudio() once per captured frame and skip() for a
 * frame it does not send (silence suppression, a telephone event, hold), so the
 * timestamp always advances by the samples that elapsed and the first packet
 * after a gap carries the marker bit. Other payloads sharing the stream
 * (RFC 4733 events, RFC 3389 comfort noise) go through send() with their own
 * timestamp and take the next sequence number.
 */
import type { Clock } from "../../util/clock.js";
import { cryptoRandom, type RandomSource } from "./random.js";
import type { RtpPacket } from "./packet.js";

export interface RtpSenderOptions {
  clock: Clock;
  /** Payload type of the audio codec. */
  payloadType: number;
  /** Default 8000 (G.711 and telephone-event). */
  clockRateHz?: number;
  /** Packetization time: 10, 20 or 30 ms usually; default 20. */
  ptimeMs?: number;
  /** Default: node:crypto. */
  random?: RandomSource;
}

/** What an RTCP sender report says about this stream at one instant (RFC 3550 §6.4.1). */
export interface SenderSnapshot {
  /** The media timestamp corresponding to the moment of the snapshot. */
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export interface OutgoingFields {
  payloadType: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
}

export class RtpSender {
  readonly ssrc: number;
  readonly clockRateHz: number;
  private payloadTypeValue: number;
  private ptime: number;
  private sequence: number;
  /** Timestamp of the next audio frame. */
  private timestamp: number;
  /** The timestamp of the last frame sent or skipped, and the clock time it was handled. */
  private anchorTimestamp: number;
  private timestampAnchorMs: number;
  private talkspurtStart = true;
  private packets = 0;
  private octets = 0;

  constructor(private readonly options: RtpSenderOptions) {
    const random = options.random ?? cryptoRandom;
    this.clockRateHz = options.clockRateHz ?? 8000;
    this.payloadTypeValue = options.payloadType;
    this.ptime = options.ptimeMs ?? 20;
    // RFC 3550 §5.1: SSRC, initial sequence number and timestamp are random.
    this.ssrc = random.uint32();
    this.sequence = random.uint32() & 0xffff;
    this.timestamp = random.uint32();
    this.anchorTimestamp = this.timestamp;
    this.timestampAnchorMs = options.clock.now();
  }

  get payloadType(): number {
    return this.payloadTypeValue;
  }

  get ptimeMs(): number {
    return this.ptime;
  }

  /** Timestamp units per packet: 80, 160, 240 at 8 kHz for 10, 20, 30 ms. */
  get samplesPerPacket(): number {
    return (this.clockRateHz * this.ptime) / 1000;
  }

  /** The timestamp the next audio frame will carry; also the start timestamp of an event beginning now. */
  get nextTimestamp(): number {
    return this.timestamp;
  }

  /** The sequence number the next packet will carry. */
  get nextSequenceNumber(): number {
    return this.sequence;
  }

  get packetsSent(): number {
    return this.packets;
  }

  /** Payload octets sent (RFC 3550 §6.4.1: headers and padding not counted). */
  get octetsSent(): number {
    return this.octets;
  }

  /** A re-offer changed the codec or the packetization; the timestamp keeps counting. */
  setFormat(format: { payloadType: number; ptimeMs: number }): void {
    this.payloadTypeValue = format.payloadType;
    this.ptime = format.ptimeMs;
  }

  /** Marks the next audio frame as the start of a talkspurt without skipping time. */
  markTalkspurt(): void {
    this.talkspurtStart = true;
  }

  /** One captured frame of `samples` (default one ptime) timestamp units, sent now. */
  sendAudio(payload: Uint8Array, samples = this.samplesPerPacket): RtpPacket {
    // RFC 3551 §4.1: the marker bit is set on the first packet after a silence period.
    const packet = this.send({ payloadType: this.payloadTypeValue, timestamp: this.timestamp, marker: this.talkspurtStart, payload });
    this.talkspurtStart = false;
    this.advance(samples);
    return packet;
  }

  /**
   * A frame's worth (or any number) of samples that were not sent. RFC 3550 §5.1:
   * the timestamp still advances, so the receiver sees the gap in time; the
   * next audio packet starts a talkspurt.
   */
  skip(samples = this.samplesPerPacket): void {
    this.talkspurtStart = true;
    this.advance(samples);
  }

  /** Any packet of this stream with its own timestamp (events, comfort noise): takes the next sequence number. */
  send(fields: OutgoingFields): RtpPacket {
    const packet: RtpPacket = {
      marker: fields.marker,
      payloadType: fields.payloadType,
      sequenceNumber: this.sequence,
      timestamp: fields.timestamp >>> 0,
      ssrc: this.ssrc,
      csrcs: [],
      extension: undefined,
      payload: fields.payload,
      paddingLength: 0,
    };
    this.sequence = (this.sequence + 1) & 0xffff;
    this.packets++;
    this.octets += fields.payload.length;
    return packet;
  }

  /** RFC 3550 §6.4.1: the RTP timestamp of "now" on the media clock, with the counts. */
  snapshot(): SenderSnapshot {
    const elapsedMs = this.options.clock.now() - this.timestampAnchorMs;
    const rtpTimestamp = (this.anchorTimestamp + Math.round((elapsedMs * this.clockRateHz) / 1000)) >>> 0;
    return { rtpTimestamp, packetCount: this.packets >>> 0, octetCount: this.octets >>> 0 };
  }

  private advance(samples: number): void {
    this.anchorTimestamp = this.timestamp;
    this.timestampAnchorMs = this.options.clock.now();
    this.timestamp = (this.timestamp + samples) >>> 0;
  }
}
