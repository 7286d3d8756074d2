/**
 * DTMF from the handset: captured frames go through the detector (src/dsp/dtmf-detector.ts,
 * ITU-T Q.24 acceptance) unless something has muted it. Muting is by reason ("pulsing"
 * while a rotary dial breaks the loop, "tone" while the line plays a tone that could
 * trigger it, ...): the receiver listens only when no reason is left. A press cut by a
 * mute ends there (its `onDigit` comes at once) and nothing is detected while muted.
 *
 * Each press is reported once: `onDigitBegin` when it is accepted (stop dial tone, start
 * an RFC 4733 event), `onDigit` when it ends, with its start and duration. Times are on
 * the capture clock (`atMs` of the frames, hal/line.ts).
 */
import { DtmfDetector, type DtmfDetectorOptions, type DtmfEvent } from "../../dsp/dtmf-detector.js";

export interface DtmfDigit {
  /** One of 0–9 * # A–D. */
  readonly digit: string;
  readonly startMs: number;
  readonly durationMs: number;
}

export interface DtmfReceiverUser {
  onDigitBegin?(digit: string, startMs: number): void;
  onDigit(digit: DtmfDigit): void;
}

export class DtmfReceiver {
  private readonly detector: DtmfDetector;
  private readonly reasons = new Set<string>();
  /** Sample index and time of the first sample of the last frame taken. */
  private anchorSample = 0;
  private anchorMs = 0;

  constructor(private readonly user: DtmfReceiverUser, options: DtmfDetectorOptions = {}) {
    this.detector = new DtmfDetector(options);
  }

  get muted(): boolean {
    return this.reasons.size > 0;
  }

  /** One captured frame (8 kHz, 16-bit) whose first sample was taken at `atMs`. */
  frame(samples: Int16Array, atMs: number): void {
    if (this.muted) return;
    this.anchorSample = this.detector.samplesSeen;
    this.anchorMs = atMs;
    this.report(this.detector.process(samples));
  }

  /**
   * The frequencies of the tone the line is playing to the phone while the user may
   * dial over it (dial tone), or undefined: its echo is then notched out of the purity
   * check (src/dsp/dtmf-tone-notch.ts). Tones that could themselves pass for a key call
   * for `mute("tone")` instead.
   */
  playingTone(frequenciesHz: readonly number[] | undefined): void {
    this.detector.setPlayingTone(frequenciesHz);
  }

  mute(reason: string): void {
    if (this.reasons.size === 0) this.report(this.detector.flush());
    this.reasons.add(reason);
  }

  unmute(reason: string): void {
    this.reasons.delete(reason);
  }

  private report(events: DtmfEvent[]): void {
    for (const e of events) {
      const startMs = this.anchorMs + ((e.startSample - this.anchorSample) * 1000) / 8000;
      if (e.type === "begin") this.user.onDigitBegin?.(e.key, startMs);
      else this.user.onDigit({ digit: e.key, startMs, durationMs: (e.durationSamples * 1000) / 8000 });
    }
  }
}
