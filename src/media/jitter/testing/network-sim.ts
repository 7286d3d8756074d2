/**
 * A deterministic network for jitter buffer tests and benchmarks: a sender
 * emitting one RTP packet per frame and a seeded path that delays, loses,
 * reorders and duplicates them. Same seed, same arrivals.
 *
 * Jitter follows netem's `delay B J`: each packet's one-way delay is uniform in
 * [B − J, B + J], independently, so packets overtake each other once 2J is
 * larger than the packet interval (as on a real path with that jitter).
 */
import type { JitterPacket } from "../types.js";

/** mulberry32: a small seeded PRNG with uniform output in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface NetworkProfile {
  seed: number;
  /** Mean one-way delay B. */
  baseDelayMs: number;
  /** J: delay is uniform in [B − J, B + J] (B ≥ J). */
  jitterMs: number;
  /** Share of packets dropped, 0..1. */
  lossRate?: number;
  /** Share of packets that arrive twice (the copy a further 0..2J later). */
  duplicateRate?: number;
  /** Share of packets held back an extra 1–3 frames (reordering beyond what jitter does). */
  reorderRate?: number;
  /** Extra delay for a packet sent at `sendMs` (scripted spikes). */
  extraDelayMs?: (sendMs: number) => number;
}

export interface SenderProfile {
  ssrc: number;
  firstSequence: number;
  firstTimestamp: number;
  frameMs: number;
  clockRateHz: number;
  payloadType: number;
  /** True while the talker is silent (DTX: nothing is sent; the next packet has the marker bit). */
  silentAt?: (sendMs: number) => boolean;
}

export interface SentPacket {
  /** 0-based count of the packet in sending order; also written into the payload's first 4 bytes. */
  index: number;
  sendMs: number;
  packet: Omit<JitterPacket, "arrivalMs">;
}

/** Produces the sender's packets one frame at a time. */
export class SimSender {
  private frame = 0;
  private sent = 0;
  private wasSilent = true;

  constructor(private readonly profile: SenderProfile) {}

  /** The packet for the next frame, or undefined while silent. Call every frameMs. */
  next(sendMs: number): SentPacket | undefined {
    const p = this.profile;
    const frame = this.frame++;
    if (p.silentAt?.(sendMs)) {
      this.wasSilent = true;
      return undefined;
    }
    const index = this.sent++;
    const payload = new Uint8Array(160);
    new DataView(payload.buffer).setUint32(0, index);
    const packet = {
      ssrc: p.ssrc,
      sequence: (p.firstSequence + index) & 0xffff,
      timestamp: (p.firstTimestamp + frame * ((p.clockRateHz * p.frameMs) / 1000)) >>> 0,
      marker: this.wasSilent,
      payloadType: p.payloadType,
      payload,
    };
    this.wasSilent = false;
    return { index, sendMs, packet };
  }
}

/** Reads back the index SimSender wrote into a payload. */
export function sentIndex(payload: Uint8Array): number {
  return new DataView(payload.buffer, payload.byteOffset, payload.byteLength).getUint32(0);
}

/** The seeded path: for each packet, the delays after which copies of it arrive (none if lost). */
export class SimNetwork {
  private readonly random: () => number;

  constructor(private readonly profile: NetworkProfile, private readonly frameMs: number) {
    this.random = seededRandom(profile.seed);
  }

  arrivalDelays(sendMs: number): number[] {
    const p = this.profile;
    // Draw every random number each time so one impairment does not shift the others' sequence.
    const [jitter, loss, dup, dupExtra, reorder, reorderFrames] = [0, 0, 0, 0, 0, 0].map(() => this.random()) as [number, number, number, number, number, number];
    if (loss < (p.lossRate ?? 0)) return [];
    let delay = p.baseDelayMs + (2 * jitter - 1) * p.jitterMs + (p.extraDelayMs?.(sendMs) ?? 0);
    if (reorder < (p.reorderRate ?? 0)) delay += (1 + Math.floor(reorderFrames * 3)) * this.frameMs;
    const delays = [Math.max(0, delay)];
    if (dup < (p.duplicateRate ?? 0)) delays.push(delays[0]! + dupExtra * 2 * p.jitterMs + 1);
    return delays;
  }
}
