/**
 * Caller ID on call waiting (off-hook data transmission: Telcordia GR-30-CORE §2.2,
 * Figure 2-3 and Table 2-1; ETSI EN 300 659-2): the CPE alerting signal (2130 + 2750 Hz,
 * 80 ms), then the telephone answers with a DTMF acknowledgement ('A' from Bell CID-CW
 * sets, 'D' from ADSI/ETSI ones) within 160 ms of the alert's end; 75 ms after the
 * acknowledgement (50–500 ms allowed) the FSK data follows, without channel seizure.
 * No acknowledgement: no data (the set cannot show it). The subscriber alerting tone
 * before the CAS, and muting the far party meanwhile, are the call controller's. The
 * acknowledgement comes from the DTMF detector on the handset's audio, passed in through
 * `onDigit`.
 *
 *   Idle ─start→ Alerting ─CAS end→ AwaitingAck ─'A'/'D'→ Sending ─FSK end→ Done
 *                                        └──── 160 ms, no ACK ────────────→ Done (no-ack)
 *   (cancel from any state → Done, cancelled)
 */
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { Transitions } from "./transitions.js";
import { dualToneAlert } from "./alert-signals.js";
import { FSK_FORMATS, fskBurst, type FskBurstFormat } from "./fsk-burst.js";

export type CallWaitingState = "idle" | "alerting" | "awaitingAck" | "sending" | "done";
export type CallWaitingOutcome = "sent" | "no-ack" | "cancelled";

const ALLOWED: Readonly<Record<CallWaitingState, readonly CallWaitingState[]>> = {
  idle: ["alerting", "done"],
  alerting: ["awaitingAck", "done"],
  awaitingAck: ["sending", "done"],
  sending: ["done"],
  done: [],
};

export interface CallWaitingOptions {
  /** The message (type, length, body, checksum), e.g. mdmfCallSetup(info). */
  message: Uint8Array;
  format?: FskBurstFormat;
  levelDbm0?: number;
  casLevelDbm0?: number;
  /** DTMF keys taken as the acknowledgement (default "AD"). */
  ackKeys?: string;
}

export const CAS_MS = 80;
export const ACK_WINDOW_MS = 160;
export const ACK_TO_DATA_MS = 75;

export class CallWaitingCallerId {
  private readonly machine: Transitions<CallWaitingState>;
  private timer: Timer | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly play: (samples: Int16Array) => void,
    private readonly options: CallWaitingOptions,
    private readonly onDone: (outcome: CallWaitingOutcome) => void,
    log?: Logger,
  ) {
    this.machine = new Transitions("call waiting caller ID", ALLOWED, "idle", log);
  }

  get state(): CallWaitingState {
    return this.machine.state;
  }

  start(): void {
    this.machine.to("alerting");
    this.play(dualToneAlert(CAS_MS, this.options.casLevelDbm0));
    this.timer = this.clock.setTimer(CAS_MS, () => {
      this.machine.to("awaitingAck");
      this.timer = this.clock.setTimer(ACK_WINDOW_MS, () => this.finish("no-ack"));
    });
  }

  /** A digit the DTMF detector heard from the handset (any state; only an ACK in time counts). */
  onDigit(key: string): void {
    if (this.machine.state !== "awaitingAck" || !(this.options.ackKeys ?? "AD").includes(key.toUpperCase())) return;
    this.timer?.cancel();
    this.machine.to("sending");
    const samples = fskBurst(this.options.message, this.options.format ?? FSK_FORMATS.bellOffHook, this.options.levelDbm0);
    this.timer = this.clock.setTimer(ACK_TO_DATA_MS, () => {
      this.play(samples);
      this.timer = this.clock.setTimer(samples.length / 8, () => this.finish("sent"));
    });
  }

  cancel(): void {
    if (this.machine.state !== "done") this.finish("cancelled");
  }

  private finish(outcome: CallWaitingOutcome): void {
    this.timer?.cancel();
    this.machine.to("done");
    this.onDone(outcome);
  }

}
