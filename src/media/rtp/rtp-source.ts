/**
 * What a receiver knows about one remote source (one SSRC): the sequence number
 * validation of RFC 3550 §A.1 (probation, dropouts, misordering, wrap counting),
 * the loss figures of §A.3 and the interarrival jitter of §A.8, plus the last
 * sender report heard from it, for the LSR/DLSR fields of our reports.
 *
 * Two deliberate additions to the appendix: packets seen again within the last
 * 1024 sequence numbers are reported as duplicates and not counted as received
 * (so duplication does not hide loss), and a timestamp that jumps by more than
 * `timestampJumpUnits` against the arrival clock is noted and restarts the
 * jitter baseline instead of feeding one huge sample into the estimate.
 */
import type { NtpTime } from "./ntp.js";
import { msToRtcpUnits, ntpMiddle32 } from "./ntp.js";
import type { ReportBlock } from "./rtcp-types.js";

/** RFC 3550 §A.1 constants. */
export const MIN_SEQUENTIAL = 2;
export const MAX_DROPOUT = 3000;
export const MAX_MISORDER = 100;
const SEQ_MOD = 0x10000;
const DUPLICATE_WINDOW = 1024;

/**
 * - `valid`: count and play it;
 * - `probation`: the source is not validated yet (the packet may be held);
 * - `duplicate`: seen before, drop;
 * - `bad-sequence`: a large jump, dropped unless the next packet confirms it;
 * - `restarted`: the jump was confirmed (the sender restarted), statistics start over; play it.
 */
export type SequenceVerdict = "valid" | "probation" | "duplicate" | "bad-sequence" | "restarted";

export interface RtpSourceOptions {
  clockRateHz: number;
  /** Sequential packets needed to validate a new source; default MIN_SEQUENTIAL. */
  probation?: number;
  /** A transit-time change larger than this (timestamp units) is a timestamp jump; default one second. */
  timestampJumpUnits?: number;
}

export interface RtpSourceStats {
  ssrc: number;
  received: number;
  expected: number;
  /** Cumulative loss, clamped to the signed 24 bits of a report block. */
  lost: number;
  extendedHighestSequence: number;
  /** Interarrival jitter in timestamp units (unrounded). */
  jitter: number;
  duplicates: number;
  restarts: number;
  timestampJumps: number;
}

export class RtpSource {
  private probationLeft: number;
  private maxSeq: number;
  private cycles = 0;
  private baseSeq = 0;
  private badSeq = SEQ_MOD + 1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private readonly seen = new Float64Array(DUPLICATE_WINDOW).fill(-1);
  private jitterUnits = 0;
  private previous: { arrivalMs: number; timestamp: number } | undefined;
  private lastSr: { middle: number; arrivalMs: number } | undefined;
  private duplicates = 0;
  private restarts = 0;
  private timestampJumps = 0;
  private readonly jumpUnits: number;

  /** RFC 3550 §A.1: a new source starts on probation with max_seq = seq − 1. */
  constructor(readonly ssrc: number, firstSequence: number, private readonly options: RtpSourceOptions) {
    this.initSequence(firstSequence);
    this.maxSeq = (firstSequence - 1) & 0xffff;
    this.probationLeft = options.probation ?? MIN_SEQUENTIAL;
    this.jumpUnits = options.timestampJumpUnits ?? options.clockRateHz;
  }

  get validated(): boolean {
    return this.probationLeft === 0;
  }

  get extendedHighestSequence(): number {
    return this.cycles + this.maxSeq;
  }

  /** RFC 3550 §A.1 update_seq(), with duplicate detection. */
  updateSequence(seq: number): SequenceVerdict {
    const udelta = (seq - this.maxSeq) & 0xffff;
    if (this.probationLeft > 0) {
      // §A.1: a source is valid after MIN_SEQUENTIAL packets in sequence.
      if (seq === ((this.maxSeq + 1) & 0xffff)) {
        this.probationLeft--;
        this.maxSeq = seq;
        if (this.probationLeft === 0) {
          this.initSequence(seq);
          this.accept(seq);
          return "valid";
        }
      } else {
        this.probationLeft = (this.options.probation ?? MIN_SEQUENTIAL) - 1;
        this.maxSeq = seq;
      }
      return "probation";
    }
    const extended = this.extendedHighestSequence + (udelta >= SEQ_MOD / 2 ? udelta - SEQ_MOD : udelta);
    if (this.seen[extended % DUPLICATE_WINDOW] === extended) {
      this.duplicates++;
      return "duplicate";
    }
    if (udelta < MAX_DROPOUT) {
      // §A.1: in order, with a permissible gap; count a wrap of the 16-bit number.
      if (seq < this.maxSeq) this.cycles += SEQ_MOD;
      this.maxSeq = seq;
    } else if (udelta <= SEQ_MOD - MAX_MISORDER) {
      // §A.1: a very large jump; believe it only if the next packet follows it.
      if (seq !== this.badSeq) {
        this.badSeq = (seq + 1) & 0xffff;
        return "bad-sequence";
      }
      this.initSequence(seq);
      this.restarts++;
      this.accept(seq);
      return "restarted";
    }
    // Otherwise a misordered packet within MAX_MISORDER: counted, max_seq unchanged.
    this.accept(extended);
    return "valid";
  }

  /**
   * RFC 3550 §A.8: J += (|D| − J) / 16, with D the change in transit time in
   * timestamp units. Returns true when the timestamp jumped (see the file comment).
   */
  updateJitter(timestamp: number, arrivalMs: number): boolean {
    const previous = this.previous;
    this.previous = { arrivalMs, timestamp };
    if (!previous) return false;
    const arrivalUnits = ((arrivalMs - previous.arrivalMs) * this.options.clockRateHz) / 1000;
    const timestampUnits = (timestamp - previous.timestamp) | 0;
    const d = Math.abs(arrivalUnits - timestampUnits);
    if (d > this.jumpUnits) {
      this.timestampJumps++;
      return true;
    }
    this.jitterUnits += (d - this.jitterUnits) / 16;
    return false;
  }

  /** Remembers a sender report from this source for the LSR and DLSR of our next report block. */
  noteSenderReport(ntp: NtpTime, arrivalMs: number): void {
    this.lastSr = { middle: ntpMiddle32(ntp), arrivalMs };
  }

  /** RFC 3550 §A.3: the report block about this source; starts a new reporting interval. */
  reportBlock(nowMs: number): ReportBlock {
    const expected = this.expected();
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost = expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval * 256) / expectedInterval);
    return {
      ssrc: this.ssrc,
      fractionLost: Math.min(255, fractionLost),
      cumulativeLost: this.cumulativeLost(),
      highestSequence: this.extendedHighestSequence >>> 0,
      jitter: Math.round(this.jitterUnits) >>> 0,
      lastSr: this.lastSr?.middle ?? 0,
      delaySinceLastSr: this.lastSr ? msToRtcpUnits(nowMs - this.lastSr.arrivalMs) : 0,
    };
  }

  stats(): RtpSourceStats {
    return {
      ssrc: this.ssrc,
      received: this.received,
      expected: this.expected(),
      lost: this.cumulativeLost(),
      extendedHighestSequence: this.extendedHighestSequence,
      jitter: this.jitterUnits,
      duplicates: this.duplicates,
      restarts: this.restarts,
      timestampJumps: this.timestampJumps,
    };
  }

  /** §A.3: expected = extended_max − base_seq + 1 (0 before validation). */
  private expected(): number {
    return this.validated ? this.extendedHighestSequence - this.baseSeq + 1 : 0;
  }

  private cumulativeLost(): number {
    return Math.max(-0x800000, Math.min(0x7fffff, this.expected() - this.received));
  }

  /** RFC 3550 §A.1 init_seq(). */
  private initSequence(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
    this.seen.fill(-1);
  }

  /** Counts a packet; one from before the base of the first cycle (extended < 0) is not remembered. */
  private accept(extended: number): void {
    this.received++;
    if (extended >= 0) this.seen[extended % DUPLICATE_WINDOW] = extended;
  }
}
