/**
 * Call-waiting caller ID on one port (Telcordia GR-30-CORE §2.2 off-hook data; ETSI
 * EN 300 659-2 for V.23 lines): once the first burst of the call-waiting tone has played,
 * the CPE alerting signal, the telephone's DTMF acknowledgement, then the caller's MDMF
 * message as FSK without channel seizure. While this runs the earpiece carries only these
 * signals (the talking party is muted both ways) and the acknowledgement is not a dialled
 * key. A telephone that does not acknowledge gets nothing more (it could not show it).
 */
import type { CallerIdInfo } from "../dsp/index.js";
import { CallWaitingCallerId, FSK_FORMATS, mdmfCallSetup } from "../line/callerid/index.js";
import type { Clock, Timer } from "../util/clock.js";
import type { Logger } from "../util/log.js";
import { SignalQueue } from "./signal-queue.js";

/** The first call-waiting tone burst (GR-506: 440 Hz for 300 ms) comes before the alerting signal. */
export const FIRST_BURST_MS = 300;

export class CallWaitingDisplay {
  private pending: Timer | undefined;
  private sending: CallWaitingCallerId | undefined;
  private readonly queued = new SignalQueue();

  constructor(private readonly clock: Clock, private readonly log: Logger) {}

  /** True from the alerting signal until the message has played: the call's audio is muted. */
  get active(): boolean {
    return this.sending !== undefined || this.queued.pending;
  }

  /** A call now waits: its caller ID follows the first tone burst, in `standard`'s off-hook format. */
  start(info: CallerIdInfo, standard: "bell202" | "v23"): void {
    this.cancel();
    this.pending = this.clock.setTimer(FIRST_BURST_MS, () => {
      this.pending = undefined;
      const run = new CallWaitingCallerId(this.clock, (samples) => this.queued.push(samples), {
        message: mdmfCallSetup(info, standard === "v23" ? "etsi" : "bell"),
        format: standard === "v23" ? FSK_FORMATS.etsiOffHook : FSK_FORMATS.bellOffHook,
      }, (outcome) => {
        this.log.info(`call-waiting caller ID: ${outcome}`);
        if (this.sending === run) this.sending = undefined;
        if (outcome === "cancelled") this.queued.clear();
      }, this.log);
      this.sending = run;
      run.start();
    });
  }

  /** The waiting call was answered, gave up or was refused: nothing more is sent. */
  cancel(): void {
    this.pending?.cancel();
    this.pending = undefined;
    this.sending?.cancel();
  }

  /** A key the line layer heard: true when it was the acknowledgement (so it is not dialled). */
  key(digit: string): boolean {
    if (!this.sending) return false;
    this.sending.onDigit(digit);
    return true;
  }

  /** The earpiece's next `samples` while active: the signals queued, silence between them. */
  next(samples: number): Int16Array {
    return this.queued.next(samples);
  }
}
