/** Hand-scripted packets for the jitter buffer tests: 20 ms of 8 kHz audio per packet. */
import type { JitterPacket, PlayoutFrame } from "../../../../src/media/jitter/index.js";

export const SPF = 160;

export function packet(sequence: number, timestamp: number, arrivalMs: number, extra: Partial<JitterPacket> = {}): JitterPacket {
  return { ssrc: 0xabc, sequence, timestamp, marker: false, payloadType: 0, payload: new Uint8Array([sequence & 0xff]), arrivalMs, ...extra };
}

/** A frame as a short word: the sequence number for audio, else the kind/cause. */
export function describe(frame: PlayoutFrame): string | number {
  if (frame.kind === "audio") return frame.sequence;
  return frame.kind === "lost" ? frame.cause : "silence";
}
