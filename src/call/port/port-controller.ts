/**
 * One port's call controller (states.ts has the diagram and the moves): the line's events
 * (off-hook, on-hook, flash, digits) and the calls' events drive one state. Each state
 * owns at most one timer and one tone, both replaced on every move. Beside the state the
 * port keeps up to three calls (CallLeg): the one the handset is in, one held, one
 * waiting; leaving for Idle ends them all, so nothing outlives the call.
 * The hook-flash features (hold, consultation, three-way, transfer, call waiting, both
 * flash styles) are in hook-flash.ts; what to do with an INVITE in incoming-policy.ts;
 * star codes in dialling.ts.
 */
import type { Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { Alerter } from "./alerter.js";
import { CallLeg, type LegDeps, type LegEvents } from "./call-leg.js";
import { callerUri } from "./caller-identity.js";
import { Dialling } from "./dialling.js";
import { failureTone } from "./failure-tones.js";
import { HookFlash } from "./hook-flash.js";
import { incomingDecision } from "./incoming-policy.js";
import {
  DEFAULT_TIMINGS, memoryFeatures, type FeatureStore, type OfferedCall, type PortControllerOptions, type PortMedia, type PortTimings,
  type TransferRequest,
} from "./port-deps.js";
import { checkMove, PortState } from "./states.js";

const S = PortState;

/** States in which the handset has a call (or its early audio) in the earpiece. */
const IN_CALL: ReadonlySet<PortState> = new Set([S.Calling, S.Ringback, S.EarlyMedia, S.Talking, S.Conference]);

/** The calls of a port beside its state. `heldFor`: how the held call came to be held (a flash decides by it). */
export interface PortCalls {
  active: CallLeg | undefined;
  held: CallLeg | undefined;
  heldFor: "consult" | "swap" | "transferred";
  waiting: CallLeg | undefined;
}

export class PortController {
  private stateValue = S.Idle;
  readonly log: Logger;
  readonly timings: PortTimings;
  readonly features: FeatureStore;
  readonly calls: PortCalls = { active: undefined, held: undefined, heldFor: "consult", waiting: undefined };
  private timer: Timer | undefined;
  private messagesWaiting = false;
  private readonly alerter: Alerter;
  /** @internal */
  readonly dialling: Dialling;
  private readonly flashes: HookFlash;
  /** What every call leg of this port is made with. */
  private readonly legDeps: LegDeps;
  /** A REFER from the active call's peer being followed: the call we were in stays until the new one is up. */
  private transferee: { request: TransferRequest; from: CallLeg } | undefined;

  constructor(readonly o: PortControllerOptions) {
    this.log = o.logs.get("call.port", o.index);
    this.timings = { ...DEFAULT_TIMINGS, ...o.timings };
    this.features = o.features ?? memoryFeatures();
    this.alerter = new Alerter(o, this.log);
    this.dialling = new Dialling(this);
    this.flashes = new HookFlash(this);
    const events: LegEvents = {
      ringing: (leg) => leg === this.calls.active && this.stateValue === S.Calling && this.transition(S.Ringback),
      early: (leg) => leg === this.calls.active && (this.stateValue === S.Calling || this.stateValue === S.Ringback) && this.transition(S.EarlyMedia),
      up: (leg) => this.legUp(leg),
      failed: (leg, failure) => this.legFailed(leg, failure),
      ended: (leg) => this.legEnded(leg),
      transferRequested: (leg, request) => this.transferRequested(leg, request),
    };
    this.legDeps = { now: () => o.clock.now(), media: o.media, placer: o.placer, log: this.log, events };
  }

  get state(): PortState {
    return this.stateValue;
  }

  /** The media the handset hears now: the call, both calls of a three-way, or none. */
  get heard(): PortMedia[] {
    const { active, held } = this.calls;
    if (this.stateValue === S.Conference) return [held?.media, active?.media].filter((m): m is PortMedia => m !== undefined);
    return IN_CALL.has(this.stateValue) && active?.media ? [active.media] : [];
  }

  /** The media the mouthpiece reaches: only once answered (never during early media). */
  get speaking(): PortMedia[] {
    return this.stateValue === S.Talking || this.stateValue === S.Conference ? this.heard : [];
  }

  /** The media of every answered call, held ones too: each keeps its RTP clock running (silence when not spoken to). */
  get connected(): PortMedia[] {
    return [this.calls.active, this.calls.held].flatMap((leg) => (leg?.phase === "up" && leg.media ? [leg.media] : []));
  }

  /** Stutter dial tone from the next dial tone on (message waiting, RFC 3842). */
  setMessageWaiting(on: boolean): void {
    this.messagesWaiting = on;
  }

  get messageWaiting(): boolean {
    return this.messagesWaiting;
  }

  offHook(): void {
    switch (this.stateValue) {
      case S.Idle:
        return this.dialling.start();
      case S.Ringing:
        this.transition(S.Answering);
        return this.calls.active!.accept();
      case S.Recall:
        return this.flashes.resumeHeld();
      default:
        this.log.warn(`off-hook in ${this.stateValue} ignored`);
    }
  }

  onHook(): void {
    const { active, held, waiting } = this.calls;
    if (this.stateValue === S.Idle || this.stateValue === S.Ringing || this.stateValue === S.Recall || this.stateValue === S.Transferring) return;
    if (this.transferee) return this.transition(S.Idle);
    if (held && this.stateValue !== S.Conference) return this.flashes.hungUpWithHeld();
    if (waiting) {
      active?.hangup();
      this.calls.active = waiting;
      this.calls.waiting = undefined;
      this.transition(S.Ringing);
      return this.alerter.start(waiting.invite);
    }
    this.transition(S.Idle);
  }

  /** A hook flash (the line layer measured it within the flash window). */
  flash(): void {
    this.flashes.flash();
  }

  /** A dialled key, by DTMF or pulse: to the dial plan while dialling, to the far end during a call. */
  digit(key: string): void {
    if (this.flashes.takesDigit(key)) return;
    if (this.stateValue === S.DialTone || this.stateValue === S.Collecting) return this.dialling.key(key);
    if (this.stateValue === S.Talking || this.stateValue === S.EarlyMedia || this.stateValue === S.Conference) {
      for (const leg of [this.calls.active, this.stateValue === S.Conference ? this.calls.held : undefined]) leg?.sendDigit(key);
      return;
    }
    this.log.debug(`key ${key} in ${this.stateValue} ignored`);
  }

  /** An INVITE for this port: rung, waited, forwarded or refused as the features say. */
  offered(call: OfferedCall): void {
    const replaced = [this.calls.active, this.calls.held].find((leg) => leg?.signalling && call.replaces(leg.signalling));
    if (replaced) return this.replace(replaced, call);
    const f = this.features.current();
    const caller = callerUri(call);
    const decision = incomingDecision(f, {
      anonymous: caller === undefined,
      free: this.stateValue === S.Idle,
      canWait: this.stateValue === S.Talking && !this.calls.held && !this.calls.waiting && !this.dialling.callWaitingOff,
    });
    if (decision.kind === "reject") {
      this.log.info(`incoming call refused: ${decision.status} ${decision.reason}`);
      call.reject(decision.status, decision.reason);
      return;
    }
    if (decision.kind === "forward") {
      this.log.info(`incoming call forwarded to ${decision.number}`);
      call.redirect(decision.number);
      return;
    }
    this.dialling.rememberCaller(caller);
    const leg = CallLeg.offer(this.legDeps, call, caller ?? "");
    if (decision.kind === "wait") {
      this.calls.waiting = leg;
      this.log.info("call waiting");
      this.o.tones.start("callWaiting");
      return;
    }
    this.calls.active = leg;
    this.transition(S.Ringing);
    this.alerter.start(call);
    if (f.forwardNoAnswer) this.after(f.forwardNoAnswerDelaySec * 1000, () => this.forwardUnanswered(f.forwardNoAnswer));
  }

  /** Places a call from the handset (the dial plan or a star code said so). */
  place(number: string, anonymous: boolean): void {
    this.transition(S.Calling);
    this.log.info(`calling ${number}${anonymous ? " (caller ID hidden)" : ""}`);
    this.calls.active = CallLeg.place(this.legDeps, number, { anonymous });
  }

  /** @internal The one place the state changes (for the helpers in this folder). */
  transition(to: PortState): void {
    checkMove(this.stateValue, to);
    this.log.debug(`${this.stateValue} -> ${to}`);
    const from = this.stateValue;
    this.stateValue = to;
    this.timer?.cancel();
    this.timer = undefined;
    const chosen = this.toneFor(to);
    if (chosen) this.o.tones.start(chosen);
    else this.o.tones.stop();
    if (to === S.Sit) this.after(this.timings.sitMs, () => this.transition(S.Reorder));
    else if (to === S.Reorder || to === S.Busy) this.after(this.timings.offHookWarningMs, () => this.transition(S.Howler));
    if ((from === S.Ringing || from === S.Recall) && to !== S.Ringing) this.alerter.stop();
    if (to === S.Idle) this.endAll();
  }

  /** @internal A timer owned by the current state (cancelled by the next move). */
  after(ms: number, fire: () => void): void {
    this.timer?.cancel();
    this.timer = this.o.clock.setTimer(ms, () => {
      this.timer = undefined;
      fire();
    });
  }

  /** @internal Rings the hung-up handset for the held call. */
  recall(): void {
    this.calls.active = this.calls.held;
    this.calls.held = undefined;
    this.transition(S.Recall);
    this.alerter.start(undefined);
    this.after(this.timings.recallMs, () => this.transition(S.Idle));
  }

  private toneFor(state: PortState) {
    switch (state) {
      case S.DialTone: {
        if (this.calls.held) return "recallDial" as const;
        if (this.messagesWaiting) return "stutterDial" as const;
        const f = this.features.current();
        return f.dnd || f.forwardAll ? "recallDial" as const : "dial" as const;
      }
      case S.Ringback: return "ringback" as const;
      case S.Busy: return "busy" as const;
      case S.Reorder: return "reorder" as const;
      case S.Sit: return "sit" as const;
      case S.Howler: return "howler" as const;
      case S.Confirm: return "confirmation" as const;
      default: return undefined;
    }
  }

  private legUp(leg: CallLeg): void {
    if (leg !== this.calls.active) return;
    if (this.transferee) this.transfereeDone(200, "OK");
    if (this.stateValue !== S.Talking) this.transition(S.Talking);
  }

  private legFailed(leg: CallLeg, failure: { status: number; reason: string }): void {
    const { active, held, waiting } = this.calls;
    if (leg === waiting) {
      this.calls.waiting = undefined;
      if (this.stateValue === S.Talking) this.o.tones.stop();
      return;
    }
    if (leg === held) {
      this.calls.held = undefined;
      return;
    }
    if (leg !== active) return;
    this.calls.active = undefined;
    if (this.transferee) return this.transfereeFailed(failure);
    if (this.stateValue === S.Ringing) return this.transition(S.Idle);
    if (this.stateValue === S.Answering) return this.transition(S.Reorder);
    this.log.info(`call failed: ${failure.status} ${failure.reason}`);
    const tone = failureTone(failure.status);
    this.transition(tone === "busy" ? S.Busy : tone === "sit" ? S.Sit : S.Reorder);
  }

  private legEnded(leg: CallLeg): void {
    const { active, held } = this.calls;
    if (this.stateValue === S.Transferring) {
      if (leg === active) this.calls.active = undefined;
      if (leg === held) this.calls.held = undefined;
      if (!this.calls.active && !this.calls.held) this.transition(S.Idle);
      return;
    }
    if (leg === held) {
      this.calls.held = undefined;
      if (this.stateValue === S.Recall) this.transition(S.Idle);
      else if (this.stateValue === S.Conference) this.transition(S.Talking);
      return;
    }
    if (leg !== active) return;
    this.calls.active = undefined;
    if (this.stateValue === S.Recall) return this.transition(S.Idle);
    if (held) return this.flashes.resumeHeld();
    this.transition(S.Reorder);
  }

  /** An INVITE with Replaces for one of our calls (RFC 3891): it takes that call's place at once, without ringing. */
  private replace(replaced: CallLeg, call: OfferedCall): void {
    this.log.info("a call replaces ours (transfer)");
    const leg = CallLeg.offer(this.legDeps, call, callerUri(call) ?? "");
    if (replaced === this.calls.held) this.calls.held = leg;
    else this.calls.active = leg;
    replaced.hangup();
    leg.accept();
  }

  /** The active call's peer REFERs us elsewhere: we call there, the handset hears ringback, the old call ends when the new one is up. */
  private transferRequested(leg: CallLeg, request: TransferRequest): boolean {
    if (leg !== this.calls.active || this.stateValue !== S.Talking || this.calls.held || this.transferee) return false;
    this.log.info(`transferred to ${request.target}`);
    this.transferee = { request, from: leg };
    this.place(request.target, this.features.current().blockCallerId);
    return true;
  }

  private transfereeDone(status: number, reason: string): void {
    const { request, from } = this.transferee!;
    this.transferee = undefined;
    request.notify(status, reason);
    from.hangup();
  }

  private transfereeFailed(failure: { status: number; reason: string }): void {
    const { request, from } = this.transferee!;
    this.transferee = undefined;
    request.notify(failure.status, failure.reason);
    this.calls.active = from;
    this.transition(from.phase === "up" ? S.Talking : S.Reorder);
  }

  private forwardUnanswered(number: string): void {
    this.log.info(`no answer: forwarded to ${number}`);
    this.calls.active?.redirect(number);
    this.calls.active = undefined;
    this.transition(S.Idle);
  }

  /** Every call is over: later callbacks are ignored, media closed. */
  private endAll(): void {
    if (this.transferee) {
      this.transferee.request.notify(487, "Request Terminated");
      this.transferee.from.hangup();
      this.transferee = undefined;
    }
    for (const leg of [this.calls.active, this.calls.held, this.calls.waiting]) leg?.hangup();
    this.calls.active = undefined;
    this.calls.held = undefined;
    this.calls.waiting = undefined;
    this.dialling.reset();
    this.flashes.reset();
  }
}
