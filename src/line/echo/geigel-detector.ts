/**
 * Geigel's double-talk test (D. L. Duttweiler, "A twelve-channel digital echo canceler",
 * IEEE Trans. Commun. 26(5), 1978): the near end is talking when a capture sample is
 * larger than `threshold` times the reference's peak over the tail, since the echo
 * through a hybrid of return loss ≥ 6 dB cannot be; the verdict holds for a hangover
 * after the last such sample.
 */
export class GeigelDetector {
  private remaining = 0;

  constructor(private readonly hangoverSamples: number) {}

  /** One capture sample `y` against `threshold` × `referencePeak`; true while near-end talk holds. */
  sample(y: number, referencePeak: number, threshold: number): boolean {
    if (Math.abs(y) > threshold * referencePeak) this.remaining = this.hangoverSamples;
    else if (this.remaining > 0) this.remaining--;
    return this.remaining > 0;
  }

  reset(): void {
    this.remaining = 0;
  }
}
