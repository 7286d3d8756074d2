/**
 * One SIP call of a port, either way, with its media. The controller keeps up to three
 * (the call the handset is in, one held, one waiting). A leg that is over ignores every
 * later callback and closes its media exactly once, whoever ended it; media that opens
 * for a leg already over is closed at once.
 */
import type { Logger } from "../../util/log.js";
import type {
  CallPlacer, CallSignalling, MediaFactory, OfferedCall, PlaceOptions, PortMedia, TransferRequest, TransferUser,
} from "./port-deps.js";

export type LegPhase = "setup" | "early" | "up" | "ended";

/** What a leg tells the controller; never called once the leg is over. */
export interface LegEvents {
  /** 180 to our INVITE. */
  ringing(leg: CallLeg): void;
  /** A 183 with SDP was applied: the far end's audio is heard before the answer. */
  early(leg: CallLeg): void;
  /** The call is answered (outgoing: answer applied; incoming: our 200 sent). */
  up(leg: CallLeg): void;
  /** The call never got up: the final status (outgoing), 487 for a caller's CANCEL, our refusal otherwise. */
  failed(leg: CallLeg, failure: { status: number; reason: string }): void;
  /** The far end ended the answered call (BYE, or the dialog was lost). */
  ended(leg: CallLeg): void;
  /** The far end transfers us (REFER): true when the controller follows it. */
  transferRequested(leg: CallLeg, request: TransferRequest): boolean;
}

export interface LegDeps {
  /** The clock's now(), for when the call was answered. */
  now: () => number;
  media: MediaFactory;
  placer: CallPlacer;
  log: Logger;
  events: LegEvents;
}

export class CallLeg {
  private phaseValue: LegPhase = "setup";
  private mediaValue: PortMedia | undefined;
  private signallingValue: CallSignalling | undefined;
  private answerSdp: string | undefined;
  private acceptWhenReady = false;
  private heldValue = false;
  private upAtValue: number | undefined;

  private constructor(
    private readonly deps: LegDeps,
    readonly direction: "out" | "in",
    /** The number dialled (outgoing) or the caller's URI (incoming), for call return and redial. */
    readonly remote: string,
    private readonly offered?: OfferedCall,
  ) {}

  /** An outgoing call to `number`: media opens, then the INVITE goes with its offer. */
  static place(deps: LegDeps, number: string, options: PlaceOptions): CallLeg {
    const leg = new CallLeg(deps, "out", number);
    leg.openMedia((media) => {
      const call = deps.placer.place(number, media.offer(), {
        onProgress: (status) => leg.live(() => status === 180 && deps.events.ringing(leg)),
        onEarlyMedia: (sdp) => leg.live(() => {
          if (leg.apply(sdp) && leg.phaseValue === "setup") {
            leg.phaseValue = "early";
            deps.events.early(leg);
          }
        }),
        onAnswered: (sdp) => leg.live(() => {
          if (!leg.apply(sdp)) return leg.fail({ status: 488, reason: "answer SDP not usable" });
          leg.answered();
          deps.events.up(leg);
        }),
        onFailed: (failure) => leg.live(() => {
          leg.signallingValue = undefined;
          leg.fail(failure);
        }),
        onEnded: () => leg.live(() => leg.farEndGone()),
        onRemoteOffer: (offer) => leg.remoteOffer(offer),
        onRefer: (request) => leg.phaseValue === "up" && deps.events.transferRequested(leg, request),
      }, options);
      leg.signallingValue = call;
      media.attach(call);
    });
    return leg;
  }

  /** An INVITE to the port: media opens and the answer is worked out, so a bad offer is refused before anyone lifts. */
  static offer(deps: LegDeps, call: OfferedCall, remote: string): CallLeg {
    const leg = new CallLeg(deps, "in", remote, call);
    leg.signallingValue = call;
    call.attach({
      onCancelled: () => leg.live(() => {
        leg.signallingValue = undefined;
        leg.fail({ status: 487, reason: "Request Terminated" });
      }),
      onConfirmed: (answer) => leg.live(() => answer === undefined || leg.apply(answer)),
      onEnded: () => leg.live(() => leg.farEndGone()),
      onRemoteOffer: (offer) => leg.remoteOffer(offer),
      onRefer: (request) => leg.phaseValue === "up" && deps.events.transferRequested(leg, request),
    });
    call.ringing();
    leg.openMedia((media) => {
      media.attach(call);
      const answer = call.offer === undefined ? { ok: true as const, value: media.offer() } : media.answer(call.offer);
      if (!answer.ok) {
        deps.log.info(`offer refused: ${answer.error.status} ${answer.error.reason}`);
        call.reject(answer.error.status, answer.error.reason);
        leg.signallingValue = undefined;
        return leg.fail(answer.error);
      }
      leg.answerSdp = answer.value;
      if (leg.acceptWhenReady) leg.accept();
    });
    return leg;
  }

  get phase(): LegPhase {
    return this.phaseValue;
  }

  get media(): PortMedia | undefined {
    return this.mediaValue;
  }

  get signalling(): CallSignalling | undefined {
    return this.signallingValue;
  }

  get held(): boolean {
    return this.heldValue;
  }

  /** When the call was answered (the clock's now()), undefined before. */
  get upAtMs(): number | undefined {
    return this.upAtValue;
  }

  /** The INVITE this leg answers (incoming legs only). */
  get invite(): OfferedCall | undefined {
    return this.offered;
  }

  /** Answers an incoming call now, or as soon as its media is ready. */
  accept(): void {
    if (this.phaseValue !== "setup" || !this.offered) return;
    if (this.answerSdp === undefined) {
      this.acceptWhenReady = true;
      return;
    }
    this.offered.accept(this.answerSdp);
    this.answered();
    this.deps.events.up(this);
  }

  /** Refuses an incoming call not yet answered (486, 433…); the leg is over. */
  reject(status: number, reason: string): void {
    if (this.phaseValue === "ended") return;
    this.offered?.reject(status, reason);
    this.finish();
  }

  /** Sends an unanswered incoming call elsewhere with a 3xx; the leg is over. */
  redirect(number: string): void {
    if (this.phaseValue === "ended") return;
    this.offered?.redirect(number);
    this.finish();
  }

  /** Ends the call from our side (CANCEL, BYE or a refusal, as the phase needs); the leg is over. */
  hangup(): void {
    if (this.phaseValue === "ended") return;
    this.signallingValue?.hangup();
    this.finish();
  }

  /** The leg is over without sending anything (the far end already ended it, e.g. after a transfer). */
  drop(): void {
    this.finish();
  }

  /** Hold or resume (re-INVITE); the audio stops or flows at once, whatever the far end answers. */
  hold(on: boolean): void {
    if (this.heldValue === on || this.phaseValue !== "up") return;
    this.heldValue = on;
    void this.mediaValue?.hold(on).then((done) => {
      if (!done.ok) this.deps.log.warn(`${on ? "hold" : "resume"}: ${done.error}`);
    });
  }

  sendDigit(key: string): void {
    this.mediaValue?.sendDigit(key);
  }

  sendFlash(method: "rfc4733" | "info"): void {
    this.mediaValue?.sendFlash(method);
  }

  /** REFER our peer (RFC 3515); `user` hears how it went. */
  refer(referTo: string, user: TransferUser): void {
    if (!this.signallingValue) return user.onDone({ status: 0, reason: "no call to transfer" });
    this.signallingValue.refer(referTo, user);
  }

  private answered(): void {
    this.phaseValue = "up";
    this.upAtValue = this.deps.now();
  }

  private live(f: () => void): void {
    if (this.phaseValue !== "ended") f();
  }

  private openMedia(use: (media: PortMedia) => void): void {
    this.deps.media.open().then(
      (media) => {
        if (this.phaseValue === "ended") {
          void media.close();
          return;
        }
        this.mediaValue = media;
        use(media);
      },
      (error: unknown) => this.live(() => {
        this.deps.log.error(`media did not open: ${String(error)}`);
        this.offered?.reject(503, "Service Unavailable");
        this.signallingValue = undefined;
        this.fail({ status: 503, reason: "no media" });
      }),
    );
  }

  private apply(sdp: string): boolean {
    const applied = this.mediaValue!.applyAnswer(sdp);
    if (!applied.ok) this.deps.log.warn(`answer SDP not usable: ${applied.error}`);
    return applied.ok;
  }

  /** A re-INVITE or UPDATE offer: answered by this leg's media; refused (488) once the leg is over. */
  private remoteOffer(offer: string): string | undefined {
    if (this.phaseValue === "ended") return undefined;
    const answer = this.mediaValue?.answer(offer);
    return answer?.ok ? answer.value : undefined;
  }

  private fail(failure: { status: number; reason: string }): void {
    this.signallingValue?.hangup();
    this.finish();
    this.deps.events.failed(this, failure);
  }

  private farEndGone(): void {
    this.signallingValue = undefined;
    this.finish();
    this.deps.events.ended(this);
  }

  private finish(): void {
    this.phaseValue = "ended";
    void this.mediaValue?.close();
  }
}
