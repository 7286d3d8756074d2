/**
 * A caller ID output for tests: ring and polarity calls logged as "<ms> ring on" /
 * "<ms> polarity reverse" at the clock's time, audio laid on a timeline at its start time.
 */
import type { Polarity } from "../../../../hal/line.js";
import type { CallerIdOutput } from "../../../../src/line/callerid/schedule-runner.js";
import type { Clock } from "../../../../src/util/clock.js";

export interface RecordingOutput extends CallerIdOutput {
  readonly events: string[];
  readonly audio: Int16Array;
}

export function recordingOutput(clock: Clock, timelineMs: number): RecordingOutput {
  const events: string[] = [];
  const audio = new Int16Array(8 * timelineMs);
  return {
    events,
    audio,
    setRing: async (on: boolean) => void events.push(`${clock.now()} ring ${on ? "on" : "off"}`),
    setPolarity: async (polarity: Polarity) => void events.push(`${clock.now()} polarity ${polarity}`),
    play: (samples: Int16Array) => audio.set(samples, clock.now() * 8),
  };
}
