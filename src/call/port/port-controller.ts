/**
 * One port's call controller for basic calls (states.ts has the diagram and the moves):
 * the line's events (off-hook, on-hook, digits) and the SIP calls' events drive one
 * state; each state owns at most one timer and one tone, both replaced on every move,
 * so leaving for Idle leaves nothing running. Media opens asynchronously: media that opens
 * for a call already left is closed at once, and that call's SIP callbacks are ignored.
 * Not here yet: hook flash features, digits sent during a call, call waiting.
 */
import { callerIdTime, type CallerIdInfo } from "../../dsp/index.js";
import { callerIdSignalling } from "../../line/callerid/index.js";
import { DISTINCTIVE_RINGS, ringNameFromAlertInfo, type ToneName } from "../../line/index.js";
import type { Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { callerIdentity } from "./caller-identity.js";
import { failureTone } from "./failure-tones.js";
import {
  DEFAULT_TIMINGS, type DialVerdict, type DigitCollector, type OfferedCall, type PlacedCall, type PortControllerOptions, type PortMedia,
  type PortTimings,
} from "./port-deps.js";
import { checkMove, PortState } from "./states.js";

const S = PortState;

/** The tone each state plays ("dial" becomes stutter dial while messages wait); none: silence. */
const TONE: Partial<Record<PortState, ToneName>> = {
  [S.DialTone]: "dial", [S.Ringback]: "ringback", [S.Busy]: "busy", [S.Reorder]: "reorder", [S.Sit]: "sit", [S.Howler]: "howler",
};

export class PortController {
  private stateValue = S.Idle;
  private readonly log: Logger;
  private readonly timings: PortTimings;
  private timer: Timer | undefined;
  private collector: DigitCollector | undefined;
  private messagesWaiting = false;
  /** Bumped whenever a call is left: callbacks and media of older attempts are ignored. */
  private attempt = 0;
  private media: PortMedia | undefined;
  private outgoing: PlacedCall | undefined;
  private incoming: OfferedCall | undefined;
  private answerSdp: string | undefined;
  private callerIdRunning = false;

  constructor(private readonly o: PortControllerOptions) {
    this.log = o.logs.get("call.port", o.index);
    this.timings = { ...DEFAULT_TIMINGS, ...o.timings };
  }

  get state(): PortState {
    return this.stateValue;
  }

  /** Stutter dial tone from the next dial tone on (message waiting, RFC 3842). */
  setMessageWaiting(on: boolean): void {
    this.messagesWaiting = on;
  }

  offHook(): void {
    if (this.stateValue === S.Idle) {
      this.transition(S.DialTone);
      this.collector = this.o.newCollector();
      this.follow(this.collector.current);
    } else if (this.stateValue === S.Ringing) this.answer();
    else this.log.warn(`off-hook in ${this.stateValue} ignored`);
  }

  onHook(): void {
    if (this.stateValue === S.Idle || this.stateValue === S.Ringing) return;
    this.outgoing?.hangup();
    this.incoming?.hangup();
    this.transition(S.Idle);
  }

  /** A dialled key, by DTMF or pulse. */
  digit(key: string): void {
    if (this.stateValue === S.DialTone) this.transition(S.Collecting);
    else if (this.stateValue === S.Collecting) this.o.tones.stop();
    else {
      this.log.debug(`key ${key} in ${this.stateValue} ignored`);
      return;
    }
    this.follow(this.collector!.press(key));
  }

  /** An INVITE for this port: rings when idle, else 486 (call waiting comes later). */
  offered(call: OfferedCall): void {
    if (this.stateValue !== S.Idle) {
      this.log.info(`incoming call refused: port ${this.stateValue}`);
      call.reject(486, "Busy Here");
      return;
    }
    const attempt = this.attempt;
    this.incoming = call;
    call.attach({
      onCancelled: () => this.ifCurrent(attempt, () => this.transition(this.stateValue === S.Ringing ? S.Idle : S.Reorder)),
      onConfirmed: (answer) => this.ifCurrent(attempt, () => answer === undefined || this.applyAnswer(answer)),
      onEnded: () => this.ifCurrent(attempt, () => this.farEndGone()),
      onRemoteOffer: (offer) => this.remoteOffer(attempt, offer),
    });
    call.ringing();
    this.transition(S.Ringing);
    this.alert(call);
    this.openMedia(attempt, (media) => this.prepareAnswer(media, call));
  }

  private transition(to: PortState): void {
    checkMove(this.stateValue, to);
    this.log.debug(`${this.stateValue} -> ${to}`);
    this.stateValue = to;
    this.timer?.cancel();
    this.timer = undefined;
    const tone = TONE[to];
    if (tone) this.o.tones.start(tone === "dial" && this.messagesWaiting ? "stutterDial" : tone);
    else this.o.tones.stop();
    if (to === S.Sit) this.after(this.timings.sitMs, () => this.transition(S.Reorder));
    else if (to === S.Reorder || to === S.Busy) this.after(this.timings.offHookWarningMs, () => this.transition(S.Howler));
    if (to !== S.Ringing) this.stopAlerting();
    if (to === S.Idle || to === S.Busy || to === S.Reorder || to === S.Sit) this.endCall();
  }

  private after(ms: number, fire: () => void): void {
    this.timer = this.o.clock.setTimer(ms, () => {
      this.timer = undefined;
      fire();
    });
  }

  private follow(verdict: DialVerdict): void {
    if (verdict.kind === "collect") {
      this.timer?.cancel();
      this.after(verdict.timeoutMs ?? this.timings.firstDigitMs, () => this.follow(this.collector!.timeout()));
      if (verdict.secondDialTone) this.o.tones.start("dial");
    } else if (verdict.kind === "refuse") {
      this.log.info(`number refused by the dial plan: ${verdict.reason}`);
      this.transition(S.Reorder);
    } else {
      this.call(verdict.number);
    }
  }

  private call(number: string): void {
    this.transition(S.Calling);
    this.log.info(`calling ${number}`);
    const attempt = this.attempt;
    const when = <A extends unknown[]>(f: (...args: A) => void) => (...args: A): void => this.ifCurrent(attempt, () => f(...args));
    this.openMedia(attempt, (media) => {
      this.outgoing = this.o.placer.place(number, media.offer(), {
        onProgress: when((status: number) => {
          if (status === 180 && this.stateValue === S.Calling) this.transition(S.Ringback);
        }),
        onEarlyMedia: when((sdp: string) => {
          if (this.applyAnswer(sdp) && (this.stateValue === S.Calling || this.stateValue === S.Ringback)) this.transition(S.EarlyMedia);
        }),
        onAnswered: when((sdp: string) => {
          if (this.applyAnswer(sdp)) return this.transition(S.Talking);
          this.outgoing?.hangup();
          this.transition(S.Reorder);
        }),
        onFailed: when((failure: { status: number; reason: string }) => {
          this.log.info(`call failed: ${failure.status} ${failure.reason}`);
          this.outgoing = undefined;
          const tone = failureTone(failure.status);
          this.transition(tone === "busy" ? S.Busy : tone === "sit" ? S.Sit : S.Reorder);
        }),
        onEnded: when(() => this.farEndGone()),
        onRemoteOffer: (offer) => this.remoteOffer(attempt, offer),
      });
    });
  }

  private answer(): void {
    if (this.answerSdp === undefined) {
      this.transition(S.Answering);
      return;
    }
    this.incoming!.accept(this.answerSdp);
    this.transition(S.Talking);
  }

  /** Media for the offered call is open: work out the answer now, so a bad offer never reaches the handset. */
  private prepareAnswer(media: PortMedia, call: OfferedCall): void {
    const answer = call.offer === undefined ? { ok: true as const, value: media.offer() } : media.answer(call.offer);
    if (!answer.ok) {
      this.log.info(`offer refused: ${answer.error.status} ${answer.error.reason}`);
      call.reject(answer.error.status, answer.error.reason);
      this.incoming = undefined;
      this.transition(this.stateValue === S.Ringing ? S.Idle : S.Reorder);
      return;
    }
    this.answerSdp = answer.value;
    if (this.stateValue === S.Answering) this.answer();
  }

  private openMedia(attempt: number, use: (media: PortMedia) => void): void {
    this.o.media.open().then(
      (media) => {
        if (attempt !== this.attempt) {
          void media.close();
          return;
        }
        this.media = media;
        use(media);
      },
      (error: unknown) => this.ifCurrent(attempt, () => {
        this.log.error(`media did not open: ${String(error)}`);
        if (this.stateValue === S.Calling) this.transition(S.Reorder);
        else {
          this.incoming?.reject(503, "Service Unavailable");
          this.incoming = undefined;
          this.transition(this.stateValue === S.Ringing ? S.Idle : S.Reorder);
        }
      }),
    );
  }

  private applyAnswer(sdp: string): boolean {
    const applied = this.media!.applyAnswer(sdp);
    if (!applied.ok) this.log.warn(`answer SDP not usable: ${applied.error}`);
    return applied.ok;
  }

  /** A re-INVITE or UPDATE offer: answered by this call's media, refused (488) for a call already left. */
  private remoteOffer(attempt: number, offer: string): string | undefined {
    if (attempt !== this.attempt) return undefined;
    const answer = this.media?.answer(offer);
    return answer?.ok ? answer.value : undefined;
  }

  /** The far end hung up (BYE) or the dialog was lost, after the answer: the handset is off-hook. */
  private farEndGone(): void {
    this.outgoing = undefined;
    this.incoming = undefined;
    this.transition(S.Reorder);
  }

  private ifCurrent(attempt: number, f: () => void): void {
    if (attempt === this.attempt) f();
  }

  /** The call (if any) is over: later callbacks are ignored, media is closed. */
  private endCall(): void {
    this.attempt++;
    this.collector = undefined;
    this.outgoing = undefined;
    this.incoming = undefined;
    this.answerSdp = undefined;
    void this.media?.close();
    this.media = undefined;
  }

  /** Rings with the Alert-Info ring (or the region's) and caller ID by the line's method. */
  private alert(call: OfferedCall): void {
    const alertInfo = call.headerValues("Alert-Info").map(ringNameFromAlertInfo).find((n) => n !== undefined && Object.hasOwn(DISTINCTIVE_RINGS, n));
    const ringName = alertInfo ?? "default";
    if (this.o.callerIdMethod === "off") return this.ring(ringName);
    const [onMs = 0, offMs = 0] = DISTINCTIVE_RINGS[ringName]?.onOffMs ?? this.o.ringCadence;
    const info: CallerIdInfo = callerIdentity(call, this.o.callTime ? this.o.callTime() : callerIdTime(this.o.clock.wallTime()));
    const schedule = callerIdSignalling(this.o.callerIdMethod, info, { onMs, offMs });
    if (!schedule.ok) {
      this.log.warn(`no caller ID: ${schedule.error}`);
      return this.ring(ringName);
    }
    this.callerIdRunning = true;
    this.o.callerId.run(schedule.value, (outcome) => {
      this.callerIdRunning = false;
      if (outcome === "done") this.ring(ringName);
    });
  }

  private ring(name: string): void {
    const started = this.o.ring.start(name);
    if (!started.ok) this.log.warn(`ring ${name}: ${started.error}`);
  }

  private stopAlerting(): void {
    this.o.ring.stop();
    if (!this.callerIdRunning) return;
    this.o.callerId.cancel();
    const fault = (error: unknown): void => this.log.warn(`line after caller ID: ${String(error)}`);
    this.o.alertLine.setRing(false).catch(fault);
    this.o.alertLine.setPolarity("forward").catch(fault);
  }
}
