/**
 * Finds the onsets of tone bursts in a stream of audio blocks (frames we said or heard,
 * G.711 payloads on the wire), for delay figures: a burst begins at the first sample at or
 * over the threshold after at least QUIET_SAMPLES of samples below it.
 */
export const BURST_THRESHOLD = 1500;
/** 20 ms: a tone's zero crossings are far shorter; a burst gap is far longer. */
const QUIET_SAMPLES = 160;

export class BurstOnsets {
  readonly onsetsMs: number[] = [];
  private quietRun = QUIET_SAMPLES;

  /** Feeds one block whose sample k is at `firstSampleMs + k·msPerSample`. */
  feed(samples: ArrayLike<number>, firstSampleMs: number, msPerSample: number): void {
    for (let k = 0; k < samples.length; k++) {
      if (Math.abs(samples[k]!) < BURST_THRESHOLD) {
        this.quietRun++;
        continue;
      }
      if (this.quietRun >= QUIET_SAMPLES) this.onsetsMs.push(firstSampleMs + k * msPerSample);
      this.quietRun = 0;
    }
  }
}

/** For each onset in `from`, the delay to the first onset in `to` after it (within `maxMs`). */
export function pairDelays(from: readonly number[], to: readonly number[], maxMs = 500): number[] {
  const delays: number[] = [];
  let j = 0;
  for (const start of from) {
    while (j < to.length && to[j]! < start) j++;
    if (j < to.length && to[j]! - start <= maxMs) delays.push(to[j]! - start);
  }
  return delays;
}

export interface Summary {
  count: number;
  mean: number;
  median: number;
  min: number;
  max: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { count: 0, mean: NaN, median: NaN, min: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return {
    count: sorted.length,
    mean: sorted.reduce((a, b) => a + b, 0) / sorted.length,
    median: sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    min: sorted[0]!,
    max: sorted[sorted.length - 1]!,
  };
}
