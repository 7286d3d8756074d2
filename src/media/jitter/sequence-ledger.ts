/**
 * Remembers which recent extended sequence numbers were received and which
 * were given up as lost, so a later copy is told apart as a duplicate or a
 * late packet, and a late arrival moves its count from lost to late.
 * Fixed-size rings: O(1) per packet, no growth.
 */
const SIZE = 4096;

function slot(extSequence: number): number {
  return ((extSequence % SIZE) + SIZE) % SIZE;
}

export class SequenceLedger {
  private readonly seen = new Float64Array(SIZE).fill(Number.NaN);
  private readonly missing = new Float64Array(SIZE).fill(Number.NaN);

  wasSeen(extSequence: number): boolean {
    return this.seen[slot(extSequence)] === extSequence;
  }

  markSeen(extSequence: number): void {
    this.seen[slot(extSequence)] = extSequence;
  }

  markMissing(extSequence: number): void {
    this.missing[slot(extSequence)] = extSequence;
  }

  /** True once for a sequence number that had been declared lost; forgets it. */
  takeMissing(extSequence: number): boolean {
    const i = slot(extSequence);
    if (this.missing[i] !== extSequence) return false;
    this.missing[i] = Number.NaN;
    return true;
  }

  reset(): void {
    this.seen.fill(Number.NaN);
    this.missing.fill(Number.NaN);
  }
}
