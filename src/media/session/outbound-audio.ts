/**
 * The sending audio path of a session: 20 ms frames from the capture clock in, RTP
 * packets of the negotiated ptime out. Frames are queued as samples and cut into
 * packets of ptime × 8 samples, so 10 ms sends two packets per frame and 30 ms sends
 * one packet per frame and a half. Queued in-band DTMF replaces the microphone audio
 * first. When sending is not allowed (hold, c=0.0.0.0) or an RFC 4733 event stands in
 * for the audio, the packet's time is skipped: the timestamp keeps counting and the
 * next packet sent starts a talkspurt with the marker bit (RFC 3551 §4.1).
 */
import type { AudioCodec } from "../codec/index.js";
import type { InbandDtmfGenerator } from "../dtmf/index.js";
import type { RtpPacket, RtpSender } from "../rtp/index.js";

export interface OutboundAudioOptions {
  sender: RtpSender;
  /** Puts a packet on the wire (protected and addressed by the session). */
  transmit: (packet: RtpPacket) => void;
  inband: InbandDtmfGenerator;
  /** True when an RFC 4733 event stands in for the audio packet starting at this RTP timestamp. */
  replacedByEvent: (timestamp: number) => boolean;
}

export interface OutboundFormat {
  codec: AudioCodec;
  payloadType: number;
  ptimeMs: number;
  /** The negotiated direction and remote address allow sending. */
  canSend: boolean;
}

/** Enough for a 20 ms frame on top of a nearly full 60 ms packet. */
const QUEUE_SAMPLES = 8 * 80;

export class OutboundAudio {
  private format: OutboundFormat | undefined;
  private readonly queue = new Int16Array(QUEUE_SAMPLES);
  private queued = 0;
  private payload = new Uint8Array(0);

  constructor(private readonly options: OutboundAudioOptions) {}

  get canSend(): boolean {
    return this.format?.canSend ?? false;
  }

  /** The first negotiation or a re-offer; queued samples go out at the new ptime. */
  configure(format: OutboundFormat): void {
    if (!(Number.isInteger(format.ptimeMs) && format.ptimeMs >= 5 && format.ptimeMs <= 60)) throw new RangeError(`ptime ${format.ptimeMs} ms is not supported (whole ms, 5–60)`);
    this.format = format;
    this.options.sender.setFormat({ payloadType: format.payloadType, ptimeMs: format.ptimeMs });
  }

  /** One captured frame (any length, normally 160 samples). */
  push(frame: Int16Array): void {
    const format = this.format;
    if (!format) return;
    let offset = 0;
    while (offset < frame.length) {
      const take = Math.min(frame.length - offset, QUEUE_SAMPLES - this.queued);
      const room = this.queue.subarray(this.queued, this.queued + take);
      room.set(frame.subarray(offset, offset + take));
      this.options.inband.render(room);
      this.queued += take;
      offset += take;
      this.sendQueued(format);
    }
  }

  private sendQueued(format: OutboundFormat): void {
    const samples = format.ptimeMs * 8;
    while (this.queued >= samples) {
      if (format.canSend && !this.options.replacedByEvent(this.options.sender.nextTimestamp)) this.sendPacket(format, samples);
      else this.options.sender.skip(samples);
      this.queue.copyWithin(0, samples, this.queued);
      this.queued -= samples;
    }
  }

  private sendPacket(format: OutboundFormat, samples: number): void {
    const bytes = format.codec.encodedLength(samples);
    if (this.payload.length < bytes) this.payload = new Uint8Array(bytes);
    const written = format.codec.encode(this.queue.subarray(0, samples), this.payload);
    this.options.transmit(this.options.sender.sendAudio(this.payload.subarray(0, written), samples));
  }
}
