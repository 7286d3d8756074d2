/**
 * Runs a caller ID schedule (schedule.ts) on the clock: each action at its time from
 * `run()`; a new `run()` replaces a schedule still running. Audio is written at its start time, whole, to the output; on a Line
 * (`lineOutput`) it is cut into the line's frames (the last one padded with silence) and
 * queued, so the sound card's clock paces it. The ring and polarity calls are awaited only
 * for failures, which go to `onError` (the schedule keeps running: the hardware layer
 * reports line faults itself).
 */
import type { Line, Polarity } from "../../../hal/line.js";
import type { Clock, Timer } from "../../util/clock.js";
import type { CallerIdSchedule } from "./schedule.js";

export interface CallerIdOutput {
  setRing(on: boolean): Promise<void>;
  setPolarity(polarity: Polarity): Promise<void>;
  play(samples: Int16Array): void;
}

/** A Line as the output: audio framed to `line.audio.frameSamples`. */
export function lineOutput(line: Line): CallerIdOutput {
  return {
    setRing: (on) => line.setRing(on),
    setPolarity: (polarity) => line.setPolarity(polarity),
    play: (samples) => {
      const size = line.audio.frameSamples;
      for (let at = 0; at < samples.length; at += size) {
        const frame = new Int16Array(size);
        frame.set(samples.subarray(at, at + size));
        line.audio.play(frame);
      }
    },
  };
}

export type RunOutcome = "done" | "cancelled";

/** The line back at rest after a schedule was cut short: bell off, forward polarity; failures go to `onError`. */
export function lineAtRest(output: Pick<CallerIdOutput, "setRing" | "setPolarity">, onError: (error: unknown) => void): void {
  output.setRing(false).catch(onError);
  output.setPolarity("forward").catch(onError);
}

export class ScheduleRunner {
  private timers: Timer[] = [];
  private done: ((outcome: RunOutcome) => void) | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly output: CallerIdOutput,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Starts the schedule now; `onDone` once its last action's effect is over. */
  run(schedule: CallerIdSchedule, onDone: (outcome: RunOutcome) => void): void {
    this.cancel();
    for (const { atMs, action } of schedule.actions) {
      this.timers.push(
        this.clock.setTimer(atMs, () => {
          if (action.kind === "ring") this.output.setRing(action.on).catch(this.onError);
          else if (action.kind === "polarity") this.output.setPolarity(action.polarity).catch(this.onError);
          else this.output.play(action.samples);
        }),
      );
    }
    const end = Math.max(schedule.endMs, schedule.ringingFromMs ?? 0);
    this.done = onDone;
    this.timers.push(
      this.clock.setTimer(end, () => {
        this.timers = [];
        onDone("done");
      }),
    );
  }

  /**
   * Stops what has not happened yet (the caller hung up, or the phone went off-hook).
   * The line is left as it is: the caller stops ringing and sets the polarity it wants.
   */
  cancel(): void {
    if (this.timers.length === 0) return;
    this.cancelTimers();
    this.done?.("cancelled");
  }

  private cancelTimers(): void {
    for (const t of this.timers) t.cancel();
    this.timers = [];
  }
}
