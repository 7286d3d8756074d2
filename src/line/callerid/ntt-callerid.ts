/**
 * Japan's NTT number display sequence, in which the telephone answers before it rings:
 * the exchange sends the call incoming signal (CAR: ring voltage 0.5 s on, 0.5 s off);
 * the telephone answers it by closing the loop (primary response) within 6 s; the data
 * follows in V.23 (ntt-message.ts, FSK_FORMATS.ntt); the telephone hangs up, and ordinary
 * ringing (IR) starts. A telephone that does not answer the CAR gets ordinary ringing
 * without the number; one that stays off-hook after the data has answered the call.
 * Delays chosen here: data 300 ms after the loop closes; the loop must open again within
 * 7 s after the data. The loop state comes from the hook filter through `onHook`.
 *
 *   Idle ─start→ Car ─off-hook→ Answered ─300 ms→ Sending ─data end→ AwaitingOnHook ─on-hook→ Done (sent)
 *                 └─ 6 s ─→ Done (no-answer)                                └─ 7 s ─→ Done (stayed-off-hook)
 *   (cancel from any state → Done, cancelled)
 */
import type { HookState } from "../../../hal/line.js";
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { Transitions } from "./transitions.js";
import { FSK_FORMATS, fskBurst } from "./fsk-burst.js";
import type { CallerIdOutput } from "./schedule-runner.js";

export type NttState = "idle" | "car" | "answered" | "sending" | "awaitingOnHook" | "done";
export type NttOutcome = "sent" | "no-answer" | "stayed-off-hook" | "cancelled";

const ALLOWED: Readonly<Record<NttState, readonly NttState[]>> = {
  idle: ["car", "done"],
  car: ["answered", "done"],
  answered: ["sending", "done"],
  sending: ["awaitingOnHook", "done"],
  awaitingOnHook: ["done"],
  done: [],
};

export const NTT_TIMING = { carOnMs: 500, carOffMs: 500, answerWithinMs: 6000, dataAfterAnswerMs: 300, onHookWithinMs: 7000 } as const;

export class NttCallerId {
  private readonly machine: Transitions<NttState>;
  private timers: Timer[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly output: CallerIdOutput,
    /** The message from nttCallerIdMessage(). */
    private readonly message: Uint8Array,
    private readonly onDone: (outcome: NttOutcome) => void,
    private readonly onError: (error: unknown) => void,
    log?: Logger,
  ) {
    this.machine = new Transitions("NTT caller ID", ALLOWED, "idle", log);
  }

  get state(): NttState {
    return this.machine.state;
  }

  start(): void {
    this.machine.to("car");
    this.carBurst();
    this.timers.push(this.clock.setTimer(NTT_TIMING.answerWithinMs, () => this.finish("no-answer")));
  }

  /** The filtered loop state (not raw edges). */
  onHook(state: HookState): void {
    if (state === "off" && this.machine.state === "car") {
      this.clearTimers();
      this.output.setRing(false).catch(this.onError);
      this.machine.to("answered");
      this.timers.push(this.clock.setTimer(NTT_TIMING.dataAfterAnswerMs, () => this.send()));
    } else if (state === "on" && this.machine.state === "awaitingOnHook") {
      this.finish("sent");
    } else if (state === "on" && (this.machine.state === "answered" || this.machine.state === "sending")) {
      this.finish("cancelled");
    }
  }

  cancel(): void {
    if (this.machine.state !== "done") this.finish("cancelled");
  }

  private carBurst(): void {
    this.output.setRing(true).catch(this.onError);
    this.timers.push(
      this.clock.setTimer(NTT_TIMING.carOnMs, () => {
        this.output.setRing(false).catch(this.onError);
        this.timers.push(this.clock.setTimer(NTT_TIMING.carOffMs, () => this.carBurst()));
      }),
    );
  }

  private send(): void {
    this.machine.to("sending");
    const samples = fskBurst(this.message, FSK_FORMATS.ntt);
    this.output.play(samples);
    this.timers.push(
      this.clock.setTimer(samples.length / 8, () => {
        this.machine.to("awaitingOnHook");
        this.timers.push(this.clock.setTimer(NTT_TIMING.onHookWithinMs, () => this.finish("stayed-off-hook")));
      }),
    );
  }

  private finish(outcome: NttOutcome): void {
    this.clearTimers();
    if (this.machine.state === "car") this.output.setRing(false).catch(this.onError);
    this.machine.to("done");
    this.onDone(outcome);
  }

  private clearTimers(): void {
    for (const t of this.timers) t.cancel();
    this.timers = [];
  }

}
