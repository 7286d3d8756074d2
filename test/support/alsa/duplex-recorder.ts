/** Records what a Duplex reports, for tests that wait on it by probing. */
import type { DuplexEnd, DuplexEvents } from "../../../hal/alsa/duplex.js";

export class DuplexRecorder implements DuplexEvents {
  readonly frames: Int16Array[] = [];
  readonly xruns: string[] = [];
  openedWith: string | undefined;
  end: { reason: DuplexEnd; detail: string } | undefined;
  /** Called after each frame is recorded (a test may play or feed from here). */
  onFrame: (frame: Int16Array, index: number) => void = () => undefined;

  opened(detail: string): void {
    this.openedWith = detail;
  }

  frame(samples: Int16Array): void {
    this.frames.push(samples);
    this.onFrame(samples, this.frames.length - 1);
  }

  xrun(detail: string): void {
    this.xruns.push(detail);
  }

  ended(reason: DuplexEnd, detail: string): void {
    if (this.end) throw new Error(`ended twice: ${this.end.reason}, then ${reason}`);
    this.end = { reason, detail };
  }
}

/** Splits played samples into frames and separates the all-zero ones (silence) from the rest. */
export function splitPlayed(samples: Int16Array, frameSamples = 160): { silent: number; audio: Int16Array[]; leadingSilent: number } {
  const audio: Int16Array[] = [];
  let silent = 0;
  let leadingSilent = 0;
  for (let at = 0; at + frameSamples <= samples.length; at += frameSamples) {
    const frame = samples.subarray(at, at + frameSamples);
    if (frame.every((v) => v === 0)) {
      silent++;
      if (audio.length === 0) leadingSilent++;
    } else audio.push(frame);
  }
  return { silent, audio, leadingSilent };
}
