/**
 * The data signals of one line while the phone is not in a call: caller ID (run for the
 * controller by `runner`) and visual message waiting (VMWI). Their audio waits in a
 * SignalQueue played a frame per audio period, so lifting the handset drops what is left at
 * once; VMWI waits for the phone to be idle and on-hook (a NOTIFY during a call lights the
 * lamp after it) and stops, with the line set back, when the handset is lifted.
 */
import type { Line } from "../../hal/line.js";
import type { CallerIdMode, Region } from "../config/index.js";
import { defaultMethod, lineAtRest, lineOutput, messageWaitingSignalling, ScheduleRunner } from "../line/callerid/index.js";
import type { Clock } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { SignalQueue } from "./signal-queue.js";

export class LineSignals {
  /** Runs caller ID schedules; their audio is queued here. */
  readonly runner: ScheduleRunner;
  private readonly queue = new SignalQueue();
  private lampPending: boolean | undefined;
  private lampRunning = false;

  constructor(private readonly line: Line, clock: Clock, private readonly log: Logger) {
    const output = { ...lineOutput(line), play: (samples: Int16Array) => this.queue.push(samples) };
    this.runner = new ScheduleRunner(clock, output, (e: unknown) => log.warn(`caller ID: ${String(e)}`));
  }

  /** The line's ring and polarity, for setting the line back after a schedule is cut short. */
  get alertLine(): Pick<Line, "setRing" | "setPolarity"> {
    return this.line;
  }

  /** Messages wait or not: the lamp follows when the phone is next idle on-hook. */
  setLamp(on: boolean): void {
    this.lampPending = on;
  }

  /**
   * One audio period: the next frame of queued signal, if any. `idle`: the phone is on-hook
   * with no call, so a lamp change may start now.
   */
  next(samples: number, idle: boolean, mode: CallerIdMode, region: Region): Int16Array | undefined {
    if (this.lampPending !== undefined && idle && mode !== "off") this.sendLamp(this.lampPending, defaultMethod(mode, region));
    return this.queue.pending ? this.queue.next(samples) : undefined;
  }

  /** An incoming call: its caller ID comes next, nothing queued before it is played. */
  clear(): void {
    this.queue.clear();
  }

  /** Off-hook: queued audio is dropped and VMWI being sent stops, the line set back to normal. */
  offHook(): void {
    this.queue.clear();
    if (!this.lampRunning) return;
    this.runner.cancel();
    lineAtRest(this.line, (error) => this.log.warn(`line after VMWI: ${String(error)}`));
  }

  private sendLamp(on: boolean, method: ReturnType<typeof defaultMethod>): void {
    this.lampPending = undefined;
    const schedule = messageWaitingSignalling(method, on);
    if (!schedule.ok) return this.log.warn(`no visual message waiting: ${schedule.error}`);
    this.lampRunning = true;
    this.runner.run(schedule.value, () => { this.lampRunning = false; });
  }
}
