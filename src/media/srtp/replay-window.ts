/**
 * The replay list of RFC 3711 §3.3.2: the highest index authenticated so far
 * and a bitmap of the 64 indices below it (the minimum window the RFC asks
 * for). Checking and recording are separate so that only packets that pass
 * authentication move the window.
 */
export type ReplayVerdict = "fresh" | "replayed" | "too-old";

export const REPLAY_WINDOW_SIZE = 64;
const MASK = (1n << BigInt(REPLAY_WINDOW_SIZE)) - 1n;

export class ReplayWindow {
  private highest = -1;
  /** Bit k set: index highest − k was received. */
  private seen = 0n;

  check(index: number): ReplayVerdict {
    if (this.highest < 0 || index > this.highest) return "fresh";
    const behind = this.highest - index;
    if (behind >= REPLAY_WINDOW_SIZE) return "too-old";
    return (this.seen >> BigInt(behind)) & 1n ? "replayed" : "fresh";
  }

  /** Records an authenticated index (after check() said fresh). */
  record(index: number): void {
    if (index > this.highest) {
      const ahead = index - this.highest;
      this.seen = this.highest < 0 || ahead >= REPLAY_WINDOW_SIZE ? 1n : ((this.seen << BigInt(ahead)) | 1n) & MASK;
      this.highest = index;
    } else {
      this.seen |= 1n << BigInt(this.highest - index);
    }
  }
}
