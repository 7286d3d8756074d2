/**
 * The rollover counter of one SRTP stream (RFC 3711 §3.3.1): ROC counts how
 * often the 16-bit sequence number wrapped, and with the highest sequence
 * number s_l it lets a receiver guess a packet's 48-bit index (Appendix A).
 */
const HALF = 0x8000;
const SEQ_RANGE = 0x1_0000;

export class RolloverCounter {
  private roc = 0;

  /** The first packet seen (or sent) fixes s_l with ROC 0. */
  constructor(private highestSeq: number) {}


  /** RFC 3711 Appendix A: the index of a packet with this sequence number; negative if it would precede ROC 0. */
  estimate(seq: number): number {
    let v = this.roc;
    if (this.highestSeq < HALF) {
      if (seq - this.highestSeq > HALF) v -= 1;
    } else if (this.highestSeq - HALF > seq) {
      v += 1;
    }
    return v * SEQ_RANGE + seq;
  }

  /** §3.3.1: after the packet with this index is authenticated (or sent), ROC and s_l move forward only. */
  update(index: number): void {
    const v = Math.floor(index / SEQ_RANGE);
    const seq = index % SEQ_RANGE;
    if (v > this.roc) {
      this.roc = v;
      this.highestSeq = seq;
    } else if (v === this.roc && seq > this.highestSeq) {
      this.highestSeq = seq;
    }
  }
}
