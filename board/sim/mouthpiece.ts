/**
 * Mouthpiece: what the simulated handset sends into the line, one frame per capture tick.
 * A recording loops until replaced or cleared; DTMF key bursts replace it while they
 * sound (a touch-tone set cuts its transmitter while a key is down); `muted` silences it
 * (a rotary dial's off-normal contacts short the transmitter while the dial turns, and an
 * open loop carries nothing). Key bursts are placed sample by sample on the capture
 * timeline, so their length and spacing are exact whatever the frame size.
 */
import type { ToneGenerator } from "../../src/dsp/index.js";
import { dtmfTone, type DtmfTiming } from "./dtmf-keypad.js";

const SAMPLE_RATE_HZ = 8000;

interface Burst {
  startSample: number;
  endSample: number;
  tone: ToneGenerator;
}

export class Mouthpiece {
  private recording: Int16Array | undefined;
  private recordingAt = 0;
  private emitted = 0;
  private bursts: Burst[] = [];
  /** The sample where the last queued key's pause ends. */
  private queuedUntil = 0;
  /** The sample where the last queued key's tone ends, until a frame has passed it. */
  private releaseAt: number | undefined;
  muted = false;

  /** `onKeysDone(samplesAgo)`: the last queued key's tone ended `samplesAgo` samples before the end of the frame just sent. */
  constructor(private readonly onKeysDone: (samplesAgo: number) => void = () => undefined) {}

  /** Loops `samples` from its start (an empty recording is refused). */
  setRecording(samples: Int16Array): void {
    if (samples.length === 0) throw new RangeError("an empty recording cannot be looped");
    this.recording = samples;
    this.recordingAt = 0;
  }

  clearRecording(): void {
    this.recording = undefined;
  }

  get hasRecording(): boolean {
    return this.recording !== undefined;
  }

  /** Milliseconds until the last queued key burst and its pause are over. */
  get dtmfRemainingMs(): number {
    return (Math.max(0, this.queuedUntil - this.emitted) * 1000) / SAMPLE_RATE_HZ;
  }

  /**
   * Queues one burst per key after any already queued, the first at the next sample sent.
   * Returns how long the whole sequence takes from now, in ms.
   */
  sendDtmf(keys: string, timing: DtmfTiming): number {
    const on = Math.round((timing.onMs * SAMPLE_RATE_HZ) / 1000);
    const off = Math.round((timing.offMs * SAMPLE_RATE_HZ) / 1000);
    let start = Math.max(this.emitted, this.queuedUntil);
    for (const key of keys) {
      this.bursts.push({ startSample: start, endSample: start + on, tone: dtmfTone(key, timing) });
      start += on + off;
    }
    this.queuedUntil = start;
    this.releaseAt = start - off;
    return this.dtmfRemainingMs;
  }

  /** Drops queued key bursts (the handset was hung up). */
  cancelDtmf(): void {
    this.bursts = [];
    this.queuedUntil = this.emitted;
    this.releaseAt = undefined;
  }

  /** The next `length` samples sent into the line. */
  next(length: number): Int16Array {
    const frame = new Int16Array(length);
    const from = this.emitted;
    if (!this.muted) this.fillRecording(frame);
    for (const burst of this.bursts) {
      const start = Math.max(burst.startSample, from);
      const end = Math.min(burst.endSample, from + length);
      if (start < end) frame.set(burst.tone.next(end - start), start - from);
    }
    this.emitted += length;
    this.bursts = this.bursts.filter((burst) => burst.endSample > this.emitted);
    if (this.releaseAt !== undefined && this.releaseAt <= this.emitted) {
      const samplesAgo = this.emitted - this.releaseAt;
      this.releaseAt = undefined;
      this.onKeysDone(samplesAgo);
    }
    return frame;
  }

  private fillRecording(frame: Int16Array): void {
    const recording = this.recording;
    if (recording === undefined) return;
    for (let i = 0; i < frame.length; i++) {
      frame[i] = recording[this.recordingAt]!;
      this.recordingAt = (this.recordingAt + 1) % recording.length;
    }
  }
}
