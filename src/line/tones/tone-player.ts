/**
 * Plays a tone pattern (tone-plan.ts) as 8 kHz 16-bit frames: each call to `fill` gives
 * the next samples, so the frame count (the capture clock that paces the line's audio)
 * drives the cadence and no timer is involved. Each burst starts at phase zero with its
 * own ToneGenerator; a steady segment plays until `stop()` or another `start()`. A pattern
 * marked `once` (confirmation tone) falls silent after its last segment and reports it.
 */
import { ToneGenerator } from "../../dsp/index.js";
import type { TonePattern, TonePlan, ToneName } from "./tone-plan.js";

const SAMPLE_RATE_HZ = 8000;

export class TonePlayer {
  private pattern: TonePattern | undefined;
  private name: ToneName | undefined;
  private segment = 0;
  private samplesLeft = 0;
  private generator: ToneGenerator | undefined;
  private played = 0;
  private onEnded: (() => void) | undefined;

  constructor(private plan: TonePlan) {}

  /** The tone playing, or undefined when silent. */
  get current(): ToneName | undefined {
    return this.name;
  }

  /** Time since the tone started, ms (by samples played). */
  get elapsedMs(): number {
    return (this.played * 1000) / SAMPLE_RATE_HZ;
  }

  /** Switches region (takes effect at the next `start`). */
  setPlan(plan: TonePlan): void {
    this.plan = plan;
  }

  /**
   * Starts `name` from the beginning of its cadence (replacing any tone playing). For a
   * pattern played once, `onEnded` is called from `fill` at the sample where it ends (the
   * player is silent by then, and may be started again from inside the call: the rest of
   * that frame plays the new tone). Never called for a tone stopped or replaced first.
   */
  start(name: ToneName, onEnded?: () => void): void {
    const pattern = this.plan.tones[name];
    if (!pattern.segments.some((s) => s.ms > 0) || pattern.segments.some((s) => !(s.ms >= 0))) {
      throw new RangeError(`${this.plan.region} ${name}: a pattern needs segments of 0 ms or more, one of them longer`);
    }
    this.name = name;
    this.pattern = pattern;
    this.onEnded = onEnded;
    this.played = 0;
    this.enter(0);
  }

  stop(): void {
    this.name = undefined;
    this.pattern = undefined;
    this.generator = undefined;
    this.onEnded = undefined;
  }

  /** Writes the next `frame.length` samples (silence when stopped) and returns the frame. */
  fill(frame: Int16Array): Int16Array {
    let at = 0;
    while (at < frame.length) {
      if (!this.pattern) {
        frame.fill(0, at);
        break;
      }
      const n = Math.min(frame.length - at, this.samplesLeft);
      const part = frame.subarray(at, at + n);
      if (this.generator) this.generator.fill(part);
      else part.fill(0);
      at += n;
      this.played += n;
      this.samplesLeft -= n;
      if (this.samplesLeft === 0) this.enter(this.segment + 1);
    }
    return frame;
  }

  /** The next `length` samples in a new frame. */
  next(length: number): Int16Array {
    return this.fill(new Int16Array(length));
  }

  private enter(index: number): void {
    const pattern = this.pattern!;
    if (index >= pattern.segments.length && pattern.once === true) {
      const onEnded = this.onEnded;
      this.stop();
      onEnded?.();
      return;
    }
    this.segment = index < pattern.segments.length ? index : (pattern.repeatFrom ?? 0);
    const segment = pattern.segments[this.segment]!;
    this.samplesLeft = segment.ms === Infinity ? Infinity : Math.round((segment.ms * SAMPLE_RATE_HZ) / 1000);
    this.generator = segment.components.length > 0 ? new ToneGenerator(segment.components) : undefined;
  }
}
