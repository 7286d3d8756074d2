/**
 * Marsaglia's xorshift32 ("Xorshift RNGs", J. Stat. Software 8(14), 2003): a seeded,
 * allocation-free source of uniform numbers in [0, 1) for comfort noise, so the
 * canceller stays a pure function of its inputs and seed.
 */
export function xorshift32(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}
