/**
 * Randomness for RTP: SSRCs and initial sequence numbers and timestamps must be
 * unpredictable (RFC 3550 §5.1, §8.1, §9.1), and the RTCP interval is
 * randomised (§6.3.1). Passed in, so tests can script it.
 */
import { randomBytes } from "node:crypto";

export interface RandomSource {
  /** A uniformly distributed integer in [0, 2^32). */
  uint32(): number;
}

export const cryptoRandom: RandomSource = {
  uint32: () => randomBytes(4).readUInt32BE(0),
};

/** A uniformly distributed number in [0, 1). */
export function unitInterval(random: RandomSource): number {
  return random.uint32() / 0x1_0000_0000;
}
