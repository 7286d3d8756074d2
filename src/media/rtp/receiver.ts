/**
 * The receiving half of one RTP stream (RFC 3550 §6.4.1 statistics, §A.1
 * validation): drops payload types that were not negotiated, validates a new
 * SSRC by probation before it replaces the current one (a peer that changes
 * SSRC, a re-INVITE to another gateway), notes sender restarts and timestamp
 * jumps, and gives the report block for our RTCP reports.
 *
 * Packets held while their source was on probation are handed out together
 * with the packet that validated it, so the first words of a call are not lost.
 */
import type { Logger } from "../../util/log.js";
import type { NtpTime } from "./ntp.js";
import type { RtpPacket } from "./packet.js";
import type { ReportBlock } from "./rtcp-types.js";
import { MIN_SEQUENTIAL, RtpSource, type RtpSourceStats } from "./rtp-source.js";

export interface RtpReceiverOptions {
  /** Payload types negotiated for this stream (audio, telephone-event, comfort noise). */
  payloadTypes: readonly number[];
  /**
   * Payload types whose packets repeat one timestamp (RFC 4733 events): they
   * are counted but kept out of the jitter estimate and the timestamp-jump check.
   */
  eventPayloadTypes?: readonly number[];
  /** Default 8000. */
  clockRateHz?: number;
  /** Sequential packets that validate a source; default MIN_SEQUENTIAL (2). */
  probation?: number;
  /** See RtpSourceOptions.timestampJumpUnits. */
  timestampJumpUnits?: number;
  /** New SSRCs on probation at once; the oldest is forgotten past this. Default 4. */
  maxCandidates?: number;
  logger?: Logger;
}

export interface ArrivedPacket {
  readonly packet: RtpPacket;
  /** On the injected Clock's monotonic scale. */
  readonly arrivalMs: number;
}

export type DropReason = "payload-type" | "probation" | "duplicate" | "bad-sequence";

export type ReceiveResult =
  | {
      readonly kind: "accepted";
      /** Packets held during probation (oldest first), then this one. */
      readonly packets: readonly ArrivedPacket[];
      /** A newly validated SSRC became the current source (the first one, or a change). */
      readonly sourceChanged: boolean;
      /** RFC 3550 §A.1: the sender jumped in sequence and the jump was confirmed. */
      readonly restarted: boolean;
      readonly timestampJump: boolean;
    }
  | { readonly kind: "dropped"; readonly reason: DropReason };

export interface RtpReceiverStats {
  /** The current source, once one has been validated. */
  source: RtpSourceStats | undefined;
  droppedPayloadType: number;
  sourceChanges: number;
}

interface Candidate {
  source: RtpSource;
  held: ArrivedPacket[];
}

export class RtpReceiver {
  private current: RtpSource | undefined;
  private readonly candidates = new Map<number, Candidate>();
  private readonly payloadTypes: Set<number>;
  private readonly eventPayloadTypes: Set<number>;
  private droppedPayloadType = 0;
  private sourceChanges = 0;

  constructor(private readonly options: RtpReceiverOptions) {
    this.payloadTypes = new Set(options.payloadTypes);
    this.eventPayloadTypes = new Set(options.eventPayloadTypes ?? []);
  }

  /** The validated source whose packets are played, if any. */
  get ssrc(): number | undefined {
    return this.current?.ssrc;
  }

  /** A re-offer changed the negotiated payload types. */
  setPayloadTypes(payloadTypes: readonly number[], eventPayloadTypes: readonly number[] = []): void {
    this.payloadTypes.clear();
    for (const pt of payloadTypes) this.payloadTypes.add(pt);
    this.eventPayloadTypes.clear();
    for (const pt of eventPayloadTypes) this.eventPayloadTypes.add(pt);
  }

  receive(packet: RtpPacket, arrivalMs: number): ReceiveResult {
    if (!this.payloadTypes.has(packet.payloadType)) {
      this.droppedPayloadType++;
      return { kind: "dropped", reason: "payload-type" };
    }
    const arrived: ArrivedPacket = { packet, arrivalMs };
    if (this.current?.ssrc === packet.ssrc) return this.fromCurrent(this.current, arrived);
    return this.fromCandidate(arrived);
  }

  /** RFC 3550 §6.4.1: an SR from the current source sets the LSR/DLSR of our next report block. */
  noteSenderReport(ssrc: number, ntp: NtpTime, arrivalMs: number): void {
    if (this.current?.ssrc === ssrc) this.current.noteSenderReport(ntp, arrivalMs);
  }

  /** Report blocks for our next SR or RR (none before a source is validated). */
  reportBlocks(nowMs: number): ReportBlock[] {
    return this.current ? [this.current.reportBlock(nowMs)] : [];
  }

  /** RFC 3550 §6.6: the current source said BYE; forget it. */
  forget(ssrc: number): void {
    if (this.current?.ssrc === ssrc) this.current = undefined;
    this.candidates.delete(ssrc);
  }

  stats(): RtpReceiverStats {
    return { source: this.current?.stats(), droppedPayloadType: this.droppedPayloadType, sourceChanges: this.sourceChanges };
  }

  private fromCurrent(source: RtpSource, arrived: ArrivedPacket): ReceiveResult {
    const verdict = source.updateSequence(arrived.packet.sequenceNumber);
    if (verdict === "duplicate" || verdict === "bad-sequence") return { kind: "dropped", reason: verdict };
    if (verdict === "restarted") this.options.logger?.info(`ssrc ${hex(source.ssrc)} restarted at sequence ${arrived.packet.sequenceNumber}`);
    return this.accepted(source, [arrived], false, verdict === "restarted");
  }

  private fromCandidate(arrived: ArrivedPacket): ReceiveResult {
    const { ssrc, sequenceNumber } = arrived.packet;
    let candidate = this.candidates.get(ssrc);
    if (!candidate) {
      candidate = { source: this.newSource(ssrc, sequenceNumber), held: [] };
      this.candidates.set(ssrc, candidate);
      this.evictOldCandidates();
    }
    const verdict = candidate.source.updateSequence(sequenceNumber);
    if (verdict === "probation") {
      candidate.held = this.continuesHeld(candidate.held, arrived) ? [...candidate.held, arrived] : [arrived];
      candidate.held = candidate.held.slice(-this.heldLimit());
      return { kind: "dropped", reason: "probation" };
    }
    // RFC 3550 §A.1: the source passed probation; it replaces the current one.
    this.candidates.delete(ssrc);
    const previous = this.current;
    this.current = candidate.source;
    this.sourceChanges++;
    this.options.logger?.info(previous ? `ssrc changed ${hex(previous.ssrc)} -> ${hex(ssrc)}` : `ssrc ${hex(ssrc)} validated`);
    for (const held of candidate.held) this.feedJitter(candidate.source, held);
    return this.accepted(candidate.source, [...candidate.held, arrived], true, false);
  }

  private accepted(source: RtpSource, packets: ArrivedPacket[], sourceChanged: boolean, restarted: boolean): ReceiveResult {
    const last = packets[packets.length - 1]!;
    const timestampJump = this.feedJitter(source, last);
    if (timestampJump) this.options.logger?.debug(`ssrc ${hex(source.ssrc)} timestamp jump at sequence ${last.packet.sequenceNumber}`);
    return { kind: "accepted", packets, sourceChanged, restarted, timestampJump };
  }

  /** Returns true on a timestamp jump; event packets are left out. */
  private feedJitter(source: RtpSource, arrived: ArrivedPacket): boolean {
    if (this.eventPayloadTypes.has(arrived.packet.payloadType)) return false;
    return source.updateJitter(arrived.packet.timestamp, arrived.arrivalMs);
  }

  private newSource(ssrc: number, sequenceNumber: number): RtpSource {
    return new RtpSource(ssrc, sequenceNumber, {
      clockRateHz: this.options.clockRateHz ?? 8000,
      probation: this.options.probation ?? MIN_SEQUENTIAL,
      ...(this.options.timestampJumpUnits === undefined ? {} : { timestampJumpUnits: this.options.timestampJumpUnits }),
    });
  }

  private continuesHeld(held: ArrivedPacket[], arrived: ArrivedPacket): boolean {
    const last = held[held.length - 1];
    return last !== undefined && ((last.packet.sequenceNumber + 1) & 0xffff) === arrived.packet.sequenceNumber;
  }

  private heldLimit(): number {
    return Math.max(1, (this.options.probation ?? MIN_SEQUENTIAL) - 1);
  }

  private evictOldCandidates(): void {
    const limit = this.options.maxCandidates ?? 4;
    for (const ssrc of this.candidates.keys()) {
      if (this.candidates.size <= limit) break;
      this.candidates.delete(ssrc);
    }
  }
}

function hex(ssrc: number): string {
  return ssrc.toString(16).padStart(8, "0");
}
