/**
 * Adaptive jitter buffer: packets in (any order, with arrival times), one
 * frame out per playout tick.
 *
 *   Waiting ──head packet's play time reached──→ Playing
 *      ↑─── talkspurt start (marker bit or timestamp gap), underrun at the
 *           delay limit, comfort noise, resync ─────────────────┘
 *
 * Playout delay D is measured against the fastest recent packet: a packet
 * with media time t is played at t + base + D, where base is the smallest
 * transit (arrival − media time) in the estimator's window; it is in time when
 * its delay variation is at most D. The target for D comes from TargetDelay.
 * D is set to the target exactly when a talkspurt starts (RFC 3551 §4.1 marker
 * bit, or a timestamp gap with no sequence gap); inside a talkspurt it moves in
 * one-frame steps: a `stretch` frame (PLC) when D is below the target, a dropped
 * frame (at most one per shrinkIntervalMs) when D is a frame or more above it.
 *
 * The frame is one packet's duration: the buffer must be pulled every frameMs
 * with packets of that ptime; reframing to another device frame size happens
 * after decoding.
 */
import type { Logger } from "../../util/log.js";
import { DelayEstimator } from "./delay-estimator.js";
import { RtpUnwrapper, sequenceDelta, timestampDelta } from "./sequence.js";
import { SequenceLedger } from "./sequence-ledger.js";
import { settingsFrom, type Settings } from "./settings.js";
import { TargetDelay } from "./target-delay.js";
import type { JitterBufferOptions, JitterPacket, JitterStats, PlayoutFrame } from "./types.js";

export enum PlayoutState {
  Waiting = "waiting",
  Playing = "playing",
}

const ALLOWED: Record<PlayoutState, readonly PlayoutState[]> = {
  [PlayoutState.Waiting]: [PlayoutState.Playing],
  [PlayoutState.Playing]: [PlayoutState.Waiting],
};

/** RFC 3550 §A.1: jumps beyond these are a source restart, not reordering or loss. */
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;
/** How many accepted packets between two quantile computations (a sort of the window), unless one comes later than the target. */
const QUANTILE_EVERY = 25;

interface Queued {
  readonly packet: JitterPacket;
  readonly extSequence: number;
  readonly extTimestamp: number;
}

export class AdaptiveJitterBuffer {
  private readonly s: Settings;
  private readonly log: Logger | undefined;
  private readonly samplesPerFrame: number;
  private readonly capacity: number;
  private readonly unwrapper = new RtpUnwrapper();
  private readonly ledger = new SequenceLedger();
  private readonly estimator: DelayEstimator;
  private readonly target: TargetDelay;
  private state = PlayoutState.Waiting;
  private queue: Queued[] = [];
  private ssrc: number | undefined;
  private candidate: JitterPacket | undefined;
  private lastPlayedSequence: number | undefined;
  private playoutTimestamp = 0;
  private lastPlayedWasNoise = false;
  private lastShrinkMs = Number.NEGATIVE_INFINITY;
  private sinceQuantile = QUANTILE_EVERY;
  private suggestedMs = 0;
  private bufferingSumMs = 0;
  private readonly counters = {
    received: 0, played: 0, late: 0, lost: 0, duplicates: 0, reordered: 0, discarded: 0, stretched: 0, resyncs: 0,
    playoutDelayMs: 0, currentBufferingMs: 0,
  };

  constructor(options: JitterBufferOptions = {}) {
    this.s = settingsFrom(options);
    this.log = options.logger;
    this.samplesPerFrame = (this.s.clockRateHz * this.s.frameMs) / 1000;
    this.capacity = Math.ceil(this.s.maxDelayMs / this.s.frameMs) * 2 + 8;
    this.estimator = new DelayEstimator(this.s.windowPackets);
    this.target = new TargetDelay(this.s);
  }

  get playoutState(): PlayoutState {
    return this.state;
  }

  /** Packets waiting to be played. */
  get depth(): number {
    return this.queue.length;
  }

  stats(): JitterStats {
    return {
      ...this.counters,
      targetDelayMs: this.target.ms,
      meanBufferingMs: this.counters.played === 0 ? 0 : this.bufferingSumMs / this.counters.played,
      interarrivalJitterMs: this.estimator.interarrivalJitterMs,
    };
  }

  /** Takes one received packet. Never throws on odd input: it is counted and dropped instead. */
  push(packet: JitterPacket): void {
    if (!Number.isFinite(packet.arrivalMs)) {
      this.counters.discarded++;
      return;
    }
    if (this.ssrc !== undefined && packet.ssrc !== this.ssrc) this.resync(`SSRC ${this.ssrc} -> ${packet.ssrc}`);
    this.ssrc = packet.ssrc;
    const ext = this.unwrapper.extend(packet.sequence, packet.timestamp);
    const transitMs = packet.arrivalMs - this.mediaMs(ext.timestamp);
    if (this.unwrapper.isStarted && this.isDiscontinuity(ext.sequence, transitMs)) {
      this.onDiscontinuity(packet);
      return;
    }
    if (this.candidate) this.counters.discarded++;
    this.candidate = undefined;
    if (this.ledger.wasSeen(ext.sequence)) {
      this.counters.duplicates++;
      return;
    }
    this.ledger.markSeen(ext.sequence);
    this.counters.received++;
    if (this.unwrapper.isStarted && ext.sequence < this.unwrapper.highestSequence) this.counters.reordered++;
    this.unwrapper.advance(packet.sequence, packet.timestamp, ext);
    // A packet later than the target: recompute the quantile at the next tick (the target rises at once).
    if (this.estimator.add(transitMs) > this.target.ms) this.sinceQuantile = QUANTILE_EVERY;
    else this.sinceQuantile++;
    if (this.lastPlayedSequence !== undefined && ext.sequence <= this.lastPlayedSequence) {
      this.counters.late++;
      if (this.ledger.takeMissing(ext.sequence)) this.counters.lost--;
      return;
    }
    this.insert({ packet, extSequence: ext.sequence, extTimestamp: ext.timestamp });
  }

  /** The frame to play at `nowMs`; call once per frameMs. */
  pull(nowMs: number): PlayoutFrame {
    this.adapt(nowMs);
    const frame = this.state === PlayoutState.Waiting ? this.pullWaiting(nowMs) : this.pullPlaying(nowMs);
    if (this.state === PlayoutState.Waiting) this.counters.playoutDelayMs = 0;
    return frame;
  }

  private pullWaiting(nowMs: number): PlayoutFrame {
    const head = this.queue[0];
    if (!head || nowMs < this.nominalMs(head.extTimestamp) + this.target.ms) return { kind: "silence" };
    this.declareGapLost(head.extSequence);
    this.transition(PlayoutState.Playing);
    return this.play(nowMs);
  }

  private pullPlaying(nowMs: number): PlayoutFrame {
    // Each pass either returns or drops one queued packet, so the loop is bounded by the queue.
    for (;;) {
      const delayMs = nowMs - this.nominalMs(this.playoutTimestamp);
      this.counters.playoutDelayMs = delayMs;
      const head = this.queue[0];
      if (!head) return this.underrun(delayMs);
      const previous = this.lastPlayedSequence ?? head.extSequence - 1;
      const missing = head.extSequence - previous - 1;
      const slotsAhead = Math.round((head.extTimestamp - this.playoutTimestamp) / this.samplesPerFrame);
      if (head.packet.marker || slotsAhead > missing) {
        // RFC 3551 §4.1: a talkspurt starts; re-anchor the delay on its first packet.
        this.declareGapLost(head.extSequence);
        this.transition(PlayoutState.Waiting);
        return this.pullWaiting(nowMs);
      }
      if (missing > 0) return this.skipMissingSlot(previous + 1);
      if (delayMs < this.target.ms) {
        this.counters.stretched++;
        return { kind: "lost", cause: "stretch" };
      }
      // Drop a frame only when the next one is already here, so the drop does not cause a gap.
      const canShrink = nowMs - this.lastShrinkMs >= this.s.shrinkIntervalMs && this.queue[1]?.extSequence === head.extSequence + 1;
      if (delayMs < this.target.ms + this.s.frameMs || !canShrink) return this.play(nowMs);
      this.lastShrinkMs = nowMs;
      this.drop();
    }
  }

  /** Nothing queued: hold playout back (grows the delay) while the limit allows, then stop. */
  private underrun(delayMs: number): PlayoutFrame {
    if (!this.lastPlayedWasNoise && delayMs + this.s.frameMs <= this.s.maxDelayMs) {
      this.counters.stretched++;
      return { kind: "lost", cause: "stretch" };
    }
    this.transition(PlayoutState.Waiting);
    return { kind: "silence" };
  }

  private skipMissingSlot(extSequence: number): PlayoutFrame {
    this.counters.lost++;
    this.ledger.markMissing(extSequence);
    this.lastPlayedSequence = extSequence;
    this.playoutTimestamp += this.samplesPerFrame;
    return { kind: "lost", cause: "missing" };
  }

  private play(nowMs: number): PlayoutFrame {
    const head = this.queue.shift();
    if (!head) return { kind: "silence" };
    this.lastPlayedSequence = head.extSequence;
    this.playoutTimestamp = head.extTimestamp + this.samplesPerFrame;
    this.lastPlayedWasNoise = head.packet.payloadType === this.s.comfortNoisePayloadType;
    const bufferingMs = nowMs - head.packet.arrivalMs;
    this.counters.played++;
    this.counters.currentBufferingMs = bufferingMs;
    this.bufferingSumMs += bufferingMs;
    const p = head.packet;
    return { kind: "audio", payload: p.payload, payloadType: p.payloadType, timestamp: p.timestamp, sequence: p.sequence, marker: p.marker };
  }

  /** Throws away the head packet (shrink or overflow) as if it had been played. */
  private drop(): void {
    const head = this.queue.shift();
    if (!head) return;
    this.counters.discarded++;
    this.lastPlayedSequence = head.extSequence;
    this.playoutTimestamp = head.extTimestamp + this.samplesPerFrame;
  }

  /** Sequence numbers between the last played packet and `nextSequence` never came: lost. */
  private declareGapLost(nextSequence: number): void {
    if (this.lastPlayedSequence === undefined) return;
    for (let s = this.lastPlayedSequence + 1; s < nextSequence; s++) {
      this.counters.lost++;
      this.ledger.markMissing(s);
    }
    this.lastPlayedSequence = Math.max(this.lastPlayedSequence, nextSequence - 1);
  }

  private insert(entry: Queued): void {
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.extSequence > entry.extSequence) i--;
    this.queue.splice(i, 0, entry);
    if (this.queue.length > this.capacity) this.drop();
  }

  private adapt(nowMs: number): void {
    if (this.sinceQuantile >= QUANTILE_EVERY && !this.estimator.isEmpty) {
      this.suggestedMs = this.estimator.variationQuantile(this.s.quantile);
      this.sinceQuantile = 0;
    }
    this.target.settle(this.suggestedMs, nowMs);
  }

  /** RFC 3550 §A.1 dropout/misorder limits, and a transit far off the current mapping (timestamp jump). */
  private isDiscontinuity(extSequence: number, transitMs: number): boolean {
    const jump = extSequence - this.unwrapper.highestSequence;
    if (jump > MAX_DROPOUT || jump < -MAX_MISORDER) return true;
    return !this.estimator.isEmpty && Math.abs(transitMs - this.estimator.baseMs) > this.s.resyncThresholdMs;
  }

  /** Two packets in sequence on the new footing make a resync; a lone stray is dropped. */
  private onDiscontinuity(packet: JitterPacket): void {
    const c = this.candidate;
    const follows = c !== undefined && sequenceDelta(packet.sequence, c.sequence) === 1
      && Math.abs(timestampDelta(packet.timestamp, c.timestamp)) <= (this.s.resyncThresholdMs * this.s.clockRateHz) / 1000;
    if (c === undefined || !follows) {
      if (c) this.counters.discarded++;
      this.candidate = packet;
      return;
    }
    this.candidate = undefined;
    this.resync(`discontinuity at sequence ${packet.sequence}`);
    this.push(c);
    this.push(packet);
  }

  private resync(reason: string): void {
    this.log?.info(`resync: ${reason}`);
    this.counters.resyncs++;
    this.counters.discarded += this.queue.length;
    this.queue = [];
    this.candidate = undefined;
    this.unwrapper.reset();
    this.ledger.reset();
    this.estimator.reset();
    this.sinceQuantile = QUANTILE_EVERY;
    this.lastPlayedSequence = undefined;
    this.lastPlayedWasNoise = false;
    if (this.state !== PlayoutState.Waiting) this.transition(PlayoutState.Waiting);
  }

  private mediaMs(extTimestamp: number): number {
    return (extTimestamp * 1000) / this.s.clockRateHz;
  }

  /** When a packet with this media time would arrive on the fastest recent path. */
  private nominalMs(extTimestamp: number): number {
    return this.mediaMs(extTimestamp) + this.estimator.baseMs;
  }

  private transition(to: PlayoutState): void {
    if (!ALLOWED[this.state].includes(to)) throw new Error(`jitter buffer: ${this.state} -> ${to}`);
    this.log?.debug(`${this.state} -> ${to}`);
    this.state = to;
  }
}
