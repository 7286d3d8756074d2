/**
 * RTP sequence numbers (16 bits) and timestamps (32 bits) wrap around; the
 * buffer works on "extended" values that keep counting past the wrap
 * (RFC 3550 §A.1). Both are unwrapped against a reference packet.
 */

/** Signed distance a − b between two 16-bit sequence numbers, in [−32768, 32767]. */
export function sequenceDelta(a: number, b: number): number {
  const d = (a - b) & 0xffff;
  return d >= 0x8000 ? d - 0x10000 : d;
}

/** Signed distance a − b between two 32-bit timestamps, in [−2^31, 2^31). */
export function timestampDelta(a: number, b: number): number {
  return (a - b) | 0;
}

/** Unwraps sequence numbers and timestamps against the newest packet seen in sequence order. */
export class RtpUnwrapper {
  private refSequence = 0;
  private refTimestamp = 0;
  private extSequence = 0;
  private extTimestamp = 0;
  private started = false;

  get highestSequence(): number {
    return this.extSequence;
  }

  get isStarted(): boolean {
    return this.started;
  }

  /** Extended values of a packet, relative to the current reference (which it does not move). */
  extend(sequence: number, timestamp: number): { sequence: number; timestamp: number } {
    if (!this.started) return { sequence: sequence & 0xffff, timestamp: timestamp >>> 0 };
    return {
      sequence: this.extSequence + sequenceDelta(sequence, this.refSequence),
      timestamp: this.extTimestamp + timestampDelta(timestamp, this.refTimestamp),
    };
  }

  /** Makes a packet the reference when it is the first or the newest in sequence order. */
  advance(sequence: number, timestamp: number, ext: { sequence: number; timestamp: number }): void {
    if (this.started && ext.sequence <= this.extSequence) return;
    this.started = true;
    this.refSequence = sequence;
    this.refTimestamp = timestamp;
    this.extSequence = ext.sequence;
    this.extTimestamp = ext.timestamp;
  }

  reset(): void {
    this.started = false;
    this.extSequence = 0;
    this.extTimestamp = 0;
  }
}
