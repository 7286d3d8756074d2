/**
 * The simulated handset's caller ID display: src/dsp's CallerIdReader on everything the
 * line carries, showing what a real display would. A missing number or name shows the
 * reason the line gave ("Private", "Unavailable") in its place, as displays do.
 */
import { CallerIdReader, formatTime, type AbsenceReason, type CallerIdInfo } from "../../src/dsp/index.js";
import type { CallerIdDisplay, CallerIdEntry } from "./caller-id-display.js";

/** Calls kept, newest last; older ones scroll away as on a display's memory. */
const MAX_CALLS = 50;
const ABSENCE_TEXT: Readonly<Record<AbsenceReason, string>> = { private: "Private", unavailable: "Unavailable" };

export class ReaderDisplay implements CallerIdDisplay {
  private readonly shown: CallerIdEntry[] = [];
  private indicator = false;
  private readonly reader = new CallerIdReader(({ event }) => {
    if (event.kind === "call") this.show(event.info);
    else if (event.kind === "mwi") this.indicator = event.on;
  });

  hear(frame: Int16Array): void {
    this.reader.process(frame);
  }

  get calls(): readonly CallerIdEntry[] {
    return this.shown;
  }

  get mwi(): boolean {
    return this.indicator;
  }

  private show(info: CallerIdInfo): void {
    const absent = (reason: AbsenceReason | undefined): string => (reason === undefined ? "" : ABSENCE_TEXT[reason]);
    this.shown.push({
      number: info.number ?? absent(info.numberAbsent),
      name: info.name ?? absent(info.nameAbsent),
      time: info.time === undefined ? "" : formatTime(info.time),
    });
    if (this.shown.length > MAX_CALLS) this.shown.shift();
  }
}
