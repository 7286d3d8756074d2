/**
 * EarpieceRecorder: keeps the last `capacitySamples` of what reached the earpiece in a
 * fixed ring buffer, so a long-running simulation uses bounded memory.
 */
export class EarpieceRecorder {
  private readonly buffer: Int16Array;
  /** Index where the next sample is written. */
  private head = 0;
  private stored = 0;

  constructor(readonly capacitySamples: number) {
    if (!(Number.isInteger(capacitySamples) && capacitySamples > 0)) throw new RangeError(`capacity must be a positive integer (got ${capacitySamples})`);
    this.buffer = new Int16Array(capacitySamples);
  }

  write(samples: Int16Array): void {
    const tail = samples.length > this.buffer.length ? samples.subarray(samples.length - this.buffer.length) : samples;
    const first = Math.min(tail.length, this.buffer.length - this.head);
    this.buffer.set(tail.subarray(0, first), this.head);
    this.buffer.set(tail.subarray(first), 0);
    this.head = (this.head + tail.length) % this.buffer.length;
    this.stored = Math.min(this.buffer.length, this.stored + tail.length);
  }

  /** The last `count` samples, oldest first (fewer if fewer were heard), as a new array. */
  last(count: number): Int16Array {
    const n = Math.max(0, Math.min(Math.floor(count), this.stored));
    const out = new Int16Array(n);
    const start = (this.head - n + this.buffer.length) % this.buffer.length;
    const first = Math.min(n, this.buffer.length - start);
    out.set(this.buffer.subarray(start, start + first), 0);
    out.set(this.buffer.subarray(0, n - first), first);
    return out;
  }
}
