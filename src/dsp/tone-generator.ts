/**
 * Steady tones as 16-bit PCM: one or more sine components, each at its own level in dBm0
 * (the scale of measure.ts), summed and clipped. Phase carries over from one frame to the
 * next, so frames written one after another make one continuous tone without clicks;
 * `reset()` starts again at phase zero. Cadences (on/off timing) belong to the caller.
 */
import { sineAmplitudeForDbm0 } from "./measure.js";

export interface ToneComponent {
  frequencyHz: number;
  levelDbm0: number;
}

export class ToneGenerator {
  private readonly steps: Float64Array;
  private readonly amplitudes: Float64Array;
  private readonly phases: Float64Array;

  constructor(components: readonly ToneComponent[], sampleRateHz = 8000) {
    for (const c of components) {
      if (!(c.frequencyHz > 0 && c.frequencyHz < sampleRateHz / 2)) {
        throw new RangeError(`tone frequency ${c.frequencyHz} Hz is outside (0, ${sampleRateHz / 2})`);
      }
    }
    this.steps = Float64Array.from(components, (c) => (2 * Math.PI * c.frequencyHz) / sampleRateHz);
    this.amplitudes = Float64Array.from(components, (c) => sineAmplitudeForDbm0(c.levelDbm0));
    this.phases = new Float64Array(components.length);
  }

  /** Fills `frame` with the next samples of the tone and returns it. */
  fill(frame: Int16Array): Int16Array {
    for (let i = 0; i < frame.length; i++) {
      let sum = 0;
      for (let k = 0; k < this.steps.length; k++) sum += this.amplitudes[k]! * Math.sin(this.phases[k]! + i * this.steps[k]!);
      frame[i] = Math.max(-32768, Math.min(32767, Math.round(sum)));
    }
    for (let k = 0; k < this.steps.length; k++) this.phases[k] = (this.phases[k]! + frame.length * this.steps[k]!) % (2 * Math.PI);
    return frame;
  }

  /** The next `length` samples in a new frame. */
  next(length: number): Int16Array {
    return this.fill(new Int16Array(length));
  }

  reset(): void {
    this.phases.fill(0);
  }
}
