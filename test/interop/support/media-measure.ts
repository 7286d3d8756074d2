/**
 * Measurements on a media interop call: where a tone burst begins in what we said, on the
 * wire (RTP as it reached the relay, G.711 decoded), and in what we heard, and the delays
 * between those points. Times are the relay's and the pump's clock.now(), one clock.
 *
 * A sample's time: in a frame pulled at t it plays at t + k/8 ms (k its index); in a frame
 * sent at t it was captured at t − (n − k)/8 ms (the frame covers the n samples before t).
 *   mouth→wire: from our capture of the onset to the packet carrying it reaching the relay;
 *   wire→ear:   from the packet carrying the onset reaching the relay to our playing it.
 */
import { dominantFrequency, rmsDbm0 } from "../../../src/dsp/index.js";
import { PCMU } from "../../../src/media/codec/index.js";
import { parseRtp } from "../../../src/media/rtp/index.js";
import type { TimedFrame } from "./media-phone.js";
import type { RelayDirection, RelayEvent } from "./relay.js";

/** |sample| at or above this counts as the tone (a −10 dBm0 sine peaks near 7200). */
export const ONSET_THRESHOLD = 1500;
const SAMPLES_PER_MS = 8;

export interface Onset {
  /** Time of the frame or packet holding the onset. */
  atMs: number;
  /** Index of the first sample over the threshold in it. */
  sampleIndex: number;
  /** Samples in that frame or packet. */
  length: number;
}

function firstLoud(samples: Int16Array): number {
  for (let i = 0; i < samples.length; i++) if (Math.abs(samples[i]!) >= ONSET_THRESHOLD) return i;
  return -1;
}

/** The first frame with a sample over the threshold, at or after `fromMs`. */
export function frameOnset(frames: readonly TimedFrame[], fromMs = -Infinity): Onset | undefined {
  for (const { atMs, frame } of frames) {
    if (atMs < fromMs) continue;
    const at = firstLoud(frame);
    if (at >= 0) return { atMs, sampleIndex: at, length: frame.length };
  }
  return undefined;
}

/** The first PCMU packet going `direction` with a sample over the threshold. */
export function wireOnset(events: readonly RelayEvent[], direction: RelayDirection, fromMs = -Infinity): Onset | undefined {
  for (const event of events) {
    if (event.direction !== direction || event.channel !== "rtp" || event.atMs < fromMs) continue;
    const packet = parseRtp(event.data);
    if (!packet.ok || packet.value.payloadType !== PCMU.payloadType) continue;
    const samples = new Int16Array(PCMU.decodedLength(packet.value.payload.length));
    PCMU.decode(packet.value.payload, samples);
    const at = firstLoud(samples);
    if (at >= 0) return { atMs: event.atMs, sampleIndex: at, length: samples.length };
  }
  return undefined;
}

export function mouthToWireMs(said: Onset, wire: Onset): number {
  return wire.atMs - (said.atMs - (said.length - said.sampleIndex) / SAMPLES_PER_MS);
}

export function wireToEarMs(wire: Onset, heard: Onset): number {
  return heard.atMs + heard.sampleIndex / SAMPLES_PER_MS - wire.atMs;
}

/** `durationMs` of audio from the frames, starting `skipMs` after `from` (an onset). */
export function segmentAfter(frames: readonly TimedFrame[], from: Onset, skipMs: number, durationMs: number): Int16Array {
  const start = from.atMs + skipMs;
  const picked = frames.filter((f) => f.atMs >= start).slice(0, Math.ceil(durationMs / 20));
  const out = new Int16Array(picked.reduce((n, f) => n + f.frame.length, 0));
  let offset = 0;
  for (const { frame } of picked) {
    out.set(frame, offset);
    offset += frame.length;
  }
  return out;
}

export interface ToneReading {
  frequencyHz: number;
  levelDbm0: number;
  durationMs: number;
}

/** Dominant frequency and RMS level of a stretch of audio. */
export function readTone(samples: Int16Array): ToneReading {
  return { frequencyHz: dominantFrequency(samples), levelDbm0: rmsDbm0(samples), durationMs: samples.length / SAMPLES_PER_MS };
}
