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

/** Played samples cut into frames: the non-silent ones in order, and where the all-zero frames were. */
export interface Played {
  readonly audio: Int16Array[];
  /** Silent frames before the first audio frame, between audio frames, and after the last one. */
  readonly leadingSilent: number;
  readonly innerSilent: number;
  readonly trailingSilent: number;
}

export function splitPlayed(samples: Int16Array, frameSamples = 160): Played {
  const audio: Int16Array[] = [];
  let leadingSilent = 0;
  let innerSilent = 0;
  let run = 0;
  for (let at = 0; at + frameSamples <= samples.length; at += frameSamples) {
    const frame = samples.subarray(at, at + frameSamples);
    if (frame.every((v) => v === 0)) {
      run++;
      continue;
    }
    if (audio.length === 0) leadingSilent = run;
    else innerSilent += run;
    run = 0;
    audio.push(frame);
  }
  return audio.length === 0 ? { audio, leadingSilent: run, innerSilent: 0, trailingSilent: 0 } : { audio, leadingSilent, innerSilent, trailingSilent: run };
}
