/**
 * The receiving audio path of a session: validated RTP packets in, 20 ms frames of
 * 16-bit PCM out for the playback clock.
 *
 *   packets ─▶ AdaptiveJitterBuffer (one slot = one packet's duration)
 *   each slot ─▶ audio: decode, G711Plc.onGoodFrame   (G.711 Appendix I joins)
 *               lost:  G711Plc.conceal                 (loss and jitter stretch)
 *               CN:    ComfortNoiseGenerator.update + generate   (RFC 3389 §4)
 *               silence: comfort noise after CN, zeros otherwise
 *   decoded samples ─▶ FIFO ─▶ 20 ms frames
 *
 * The jitter buffer's slot is the duration the peer actually packetizes with, read
 * from the audio payload length; a peer that changes it gets a fresh buffer. Slots
 * are pulled as the FIFO needs them, each at the time its first sample is due, so
 * 10, 20 and 30 ms packets all play on the same 20 ms clock.
 */
import type { Logger } from "../../util/log.js";
import {
  type AudioCodec,
  COMFORT_NOISE_PAYLOAD_TYPE,
  ComfortNoiseGenerator,
  G711Plc,
  parseComfortNoise,
} from "../codec/index.js";
import { AdaptiveJitterBuffer, type JitterBufferOptions, type JitterStats } from "../jitter/index.js";
import type { RtpPacket } from "../rtp/index.js";

/** Jitter buffer settings a session lets its user choose (the frame and rate follow the stream). */
export type SessionJitterOptions = Omit<JitterBufferOptions, "frameMs" | "clockRateHz" | "comfortNoisePayloadType" | "logger">;

export const OUTPUT_FRAME_SAMPLES = 160;
const SAMPLES_PER_MS = 8;
/** Packet durations accepted for playout; anything else is a broken packet. */
const MIN_PACKET_MS = 5;
const MAX_PACKET_MS = 60;

export interface InboundAudioOptions {
  initialPacketMs: number;
  jitter: SessionJitterOptions;
  logger: Logger;
}

export interface InboundStats extends JitterStats {
  /** Duration of the packets being played. */
  packetMs: number;
  /** Frames filled by loss concealment. */
  concealedFrames: number;
  /** Frames of comfort noise played. */
  comfortNoiseFrames: number;
}

type Counted = "received" | "played" | "late" | "lost" | "duplicates" | "reordered" | "discarded" | "stretched" | "resyncs";
const COUNTED: readonly Counted[] = ["received", "played", "late", "lost", "duplicates", "reordered", "discarded", "stretched", "resyncs"];

export class InboundAudio {
  private codecs: ReadonlyMap<number, AudioCodec> = new Map();
  private buffer: AdaptiveJitterBuffer;
  private packetMs: number;
  /** Counters of buffers replaced after a packetization change. */
  private readonly retired = Object.fromEntries(COUNTED.map((k) => [k, 0])) as Record<Counted, number>;
  /** Arrival-to-playout time summed over the packets those buffers played. */
  private retiredBufferingMs = 0;
  private readonly plc = new G711Plc();
  private readonly noise = new ComfortNoiseGenerator();
  private noiseActive = false;
  private readonly fifo = new Int16Array(OUTPUT_FRAME_SAMPLES + MAX_PACKET_MS * SAMPLES_PER_MS);
  private fifoLength = 0;
  private readonly slot = new Int16Array(MAX_PACKET_MS * SAMPLES_PER_MS);
  private concealed = 0;
  private noiseFrames = 0;

  constructor(private readonly options: InboundAudioOptions) {
    this.packetMs = options.initialPacketMs;
    this.buffer = this.newBuffer();
  }

  /** Payload types this stream may carry audio in, and their codecs. */
  setCodecs(codecs: ReadonlyMap<number, AudioCodec>): void {
    this.codecs = codecs;
  }

  /** A packet accepted by the RTP receiver (telephone events excluded). */
  push(packet: RtpPacket, arrivalMs: number): void {
    const codec = this.codecs.get(packet.payloadType);
    if (codec) {
      const packetMs = codec.decodedLength(packet.payload.length) / SAMPLES_PER_MS;
      if (packetMs < MIN_PACKET_MS || packetMs > MAX_PACKET_MS || !Number.isInteger(packetMs)) return;
      if (packetMs !== this.packetMs) this.repacketized(packetMs);
    } else if (packet.payloadType !== COMFORT_NOISE_PAYLOAD_TYPE) {
      return;
    }
    this.buffer.push({
      ssrc: packet.ssrc,
      sequence: packet.sequenceNumber,
      timestamp: packet.timestamp,
      marker: packet.marker,
      payloadType: packet.payloadType,
      payload: packet.payload,
      arrivalMs,
    });
  }

  /** The next 20 ms for the earpiece; `nowMs` is when its first sample plays. */
  pull(nowMs: number): Int16Array {
    while (this.fifoLength < OUTPUT_FRAME_SAMPLES) {
      const dueMs = nowMs + this.fifoLength / SAMPLES_PER_MS;
      const samples = this.packetMs * SAMPLES_PER_MS;
      this.playSlot(this.slot.subarray(0, samples), dueMs);
      this.fifo.set(this.slot.subarray(0, samples), this.fifoLength);
      this.fifoLength += samples;
    }
    const frame = this.fifo.slice(0, OUTPUT_FRAME_SAMPLES);
    this.fifo.copyWithin(0, OUTPUT_FRAME_SAMPLES, this.fifoLength);
    this.fifoLength -= OUTPUT_FRAME_SAMPLES;
    return frame;
  }

  stats(): InboundStats {
    const current = this.buffer.stats();
    const summed = { ...current };
    for (const key of COUNTED) summed[key] = current[key] + this.retired[key];
    const bufferingMs = this.retiredBufferingMs + current.meanBufferingMs * current.played;
    summed.meanBufferingMs = summed.played === 0 ? 0 : bufferingMs / summed.played;
    return { ...summed, packetMs: this.packetMs, concealedFrames: this.concealed, comfortNoiseFrames: this.noiseFrames };
  }

  private playSlot(out: Int16Array, dueMs: number): void {
    const frame = this.buffer.pull(dueMs);
    if (frame.kind === "audio" && frame.payloadType === COMFORT_NOISE_PAYLOAD_TYPE) {
      const parsed = parseComfortNoise(frame.payload);
      if (parsed.ok) this.noise.update(parsed.value);
      this.noiseActive = parsed.ok || this.noiseActive;
      this.playNoise(out);
      return;
    }
    const codec = frame.kind === "audio" ? this.codecs.get(frame.payloadType) : undefined;
    if (frame.kind === "audio" && codec) {
      const decoded = codec.decode(frame.payload, out);
      out.fill(0, decoded);
      this.plc.onGoodFrame(out);
      this.noiseActive = false;
    } else if (frame.kind === "lost") {
      this.plc.conceal(out);
      this.concealed++;
    } else {
      this.playNoise(out);
    }
  }

  /** Comfort noise while the peer's last word was CN; otherwise silence. */
  private playNoise(out: Int16Array): void {
    if (this.noiseActive) {
      this.noise.generate(out);
      this.noiseFrames++;
    } else {
      out.fill(0);
    }
    this.plc.reset();
  }

  private repacketized(packetMs: number): void {
    this.options.logger.info(`peer packetizes at ${packetMs} ms (was ${this.packetMs} ms): new jitter buffer`);
    const old = this.buffer.stats();
    for (const key of COUNTED) this.retired[key] += old[key];
    this.retiredBufferingMs += old.meanBufferingMs * old.played;
    this.packetMs = packetMs;
    this.buffer = this.newBuffer();
  }

  private newBuffer(): AdaptiveJitterBuffer {
    return new AdaptiveJitterBuffer({
      ...this.options.jitter,
      frameMs: this.packetMs,
      clockRateHz: 8000,
      comfortNoisePayloadType: COMFORT_NOISE_PAYLOAD_TYPE,
      logger: this.options.logger,
    });
  }
}
