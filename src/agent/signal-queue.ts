/**
 * Line signals (caller ID and VMWI data, the call-waiting alerting signal) waiting to be
 * played into the earpiece one frame per audio period, like tones and calls, instead of
 * being handed to the sound card whole: lifting the handset can then drop what is left at
 * once, and nothing queued behind the card delays the call that follows.
 */
export class SignalQueue {
  private queued: Int16Array[] = [];

  get pending(): boolean {
    return this.queued.length > 0;
  }

  push(samples: Int16Array): void {
    if (samples.length > 0) this.queued.push(samples);
  }

  /** The next `samples` of signal, silence after its end. */
  next(samples: number): Int16Array {
    const frame = new Int16Array(samples);
    let filled = 0;
    while (filled < samples && this.queued.length > 0) {
      const head = this.queued[0]!;
      const take = Math.min(samples - filled, head.length);
      frame.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) this.queued.shift();
      else this.queued[0] = head.subarray(take);
    }
    return frame;
  }

  clear(): void {
    this.queued = [];
  }
}
