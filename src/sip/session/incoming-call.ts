/**
 * The callee's side of an INVITE session (RFC 3261 §13.3): nothing is sent until
 * the user says so (the transaction layer sends 100 Trying by itself). Our first
 * 18x makes the early dialog (§12.1.1) that the caller's UPDATE, INFO or BYE can
 * use. The 2xx is retransmitted until the ACK (Session.awaitAck); CANCEL (§9.2) or
 * a BYE on the early dialog (§15.1.2) ends the call with 487.
 */
import { err, ok, type Result } from "../../util/result.js";
import { Dialog, DialogState } from "../dialog/dialog.js";
import { newTag } from "../dialog/ids.js";
import { type NameAddr, type SipRequest, type SipUri } from "../message/index.js";
import type { ServerTransaction } from "../transaction/types.js";
import { buildResponse, contactHeader, type ResponseOptions, type SessionContext } from "./context.js";
import { sdpOf } from "./sdp-body.js";
import { Session } from "./session.js";
import { SessionState } from "./state.js";
import type { IncomingCallUser, SessionUser } from "./types.js";

const S = SessionState;

/** Why an INVITE could not become a call; the manager answers it with this. */
export interface Refusal {
  status: number;
  reason: string;
  headers?: [string, string][];
}

export class IncomingCall extends Session {
  /** The SDP offer of the INVITE; undefined when we must offer in the 200 (answer comes in the ACK). */
  readonly offer: string | undefined;
  readonly invite: SipRequest;
  /**
   * The session an INVITE with Replaces names (RFC 3891 §3), already checked: confirmed,
   * or early and placed by us. The user decides: typically accept() at once, then hang up
   * `replaces`. Undefined for an ordinary call.
   */
  readonly replaces: Session | undefined;
  private readonly tx: ServerTransaction;
  private readonly pending: Dialog;
  private userValue: IncomingCallUser | undefined;
  /** An answer to the INVITE's offer went out in a 183 (the early offer/answer is done). */
  private answeredEarly = false;

  private constructor(ctx: SessionContext, tx: ServerTransaction, dialog: Dialog, offer: string | undefined, replaces: Session | undefined) {
    super(ctx, S.Incoming, dialog.id.localTag.slice(0, 8));
    this.replaces = replaces;
    this.tx = tx;
    this.invite = tx.request;
    this.pending = dialog;
    this.offer = offer;
  }

  /** @internal Checks the INVITE (body, §12.1.1 dialog fields) without sending anything. */
  static create(ctx: SessionContext, tx: ServerTransaction, replaces?: Session): Result<IncomingCall, Refusal> {
    const sdp = sdpOf(tx.request);
    if (!sdp.ok) {
      return err(sdp.error === "not-sdp"
        ? { status: 415, reason: "Unsupported Media Type", headers: [["Accept", "application/sdp"]] }
        : { status: 400, reason: "Bad SDP" });
    }
    const protocol = tx.source.protocol;
    const dialog = Dialog.asUas(tx.request, { localTag: newTag(), localContact: ctx.localContact(protocol), overTls: protocol === "tls" });
    if (!dialog.ok) return err({ status: 400, reason: `Bad Request (${dialog.error})` });
    return ok(new IncomingCall(ctx, tx, dialog.value, sdp.value, replaces));
  }

  /** The caller (From, without tag). */
  get from(): NameAddr {
    return this.pending.remoteUri;
  }

  /** Whom the caller asked for (To, without tag). */
  get to(): NameAddr {
    return this.pending.localUri;
  }

  get callId(): string {
    return this.pending.id.callId;
  }

  /** @internal The INVITE server transaction's id, for CANCEL matching. */
  get transactionId(): string {
    return this.tx.id;
  }

  get hasUser(): boolean {
    return this.userValue !== undefined;
  }

  /** MUST be called from onIncoming: where this call's events go. */
  attach(user: IncomingCallUser): void {
    this.userValue = user;
  }

  protected get ownsCallId(): boolean {
    return false;
  }

  protected get sessionUser(): SessionUser | undefined {
    return this.userValue;
  }

  /** 180 Ringing. False once the call is answered or over. */
  ringing(): boolean {
    return this.provisional(180);
  }

  /** 183 Session Progress with early media SDP (the answer to `offer`, which accept() then repeats). */
  progress(sdp: string): boolean {
    if (!this.provisional(183, sdp)) return false;
    if (this.offer !== undefined) this.answeredEarly = true;
    return true;
  }

  /**
   * 200 with our Contact and SDP: the answer to `offer`, or our offer when the
   * INVITE had none. Retransmitted until the ACK; no ACK in 64·T1 → BYE, onEnded("no ACK").
   * False if the call was cancelled meanwhile.
   */
  accept(sdp: string): boolean {
    if (!this.userValue) throw new Error("IncomingCall.accept() before attach()");
    if (this.state !== S.Incoming && this.state !== S.Early) return false;
    this.transition(S.Accepted);
    this.pending.confirm();
    this.adoptDialog(this.pending);
    this.lastLocalSdp = sdp;
    this.awaitAck(this.tx, { sdp, headers: recordRoutes(this.invite) }, this.offer === undefined);
    return true;
  }

  /** A final non-2xx response (300–699); the call ends without a callback. */
  reject(status: number, reason?: string): boolean {
    if (status < 300 || status > 699) throw new RangeError(`reject(${status}): not a final non-2xx status`);
    return this.final(status, reason === undefined ? {} : { reason });
  }

  /** A 3xx listing where to call instead (§21.3); the call ends without a callback. */
  redirect(contacts: SipUri[], status = 302): boolean {
    if (status < 300 || status > 399) throw new RangeError(`redirect(${status}): not a 3xx status`);
    return this.final(status, { headers: contacts.map(contactHeader) });
  }

  /** @internal §9.2: 200 to the CANCEL; if not yet answered, 487 to the INVITE and onCancelled. */
  handleCancel(cancelTx: ServerTransaction): void {
    cancelTx.respond(buildResponse(cancelTx.request, 200, { toTag: this.pending.id.localTag }));
    if (this.state !== S.Incoming && this.state !== S.Early) return; // already final: no effect
    this.callerGaveUp("cancelled by the caller");
  }

  /** Before the answer: 486 Busy Here if we never rang, 487 Request Terminated while ringing. */
  protected hangupBeforeAnswer(): void {
    this.reject(this.state === S.Incoming ? 486 : 487);
  }

  protected onInitialAck(answer: string | undefined): void {
    this.userValue?.onConfirmed(answer);
  }

  protected stopSetupTimers(): void {
    // The callee's setup has no timers of its own; the 2xx wait belongs to Session.
  }

  protected earlyDialog(): Dialog | undefined {
    return this.pending.state === DialogState.Early && this.state === S.Early ? this.pending : undefined;
  }

  /**
   * §14.2: a re-INVITE before our final response to the INVITE gets 500. RFC 3311 §5.2:
   * an UPDATE offer while the INVITE's offer awaits our answer gets 500; the caller
   * may not offer before an offerless INVITE's exchange is done (§5.1), so 491.
   */
  protected earlyOfferRefusal(_dialog: Dialog, isInvite: boolean): 491 | 500 | undefined {
    if (isInvite) return 500;
    if (this.offer === undefined) return 491;
    return this.answeredEarly ? undefined : 500;
  }

  /** §15.1.2: the caller ended the early dialog; the INVITE gets 487 as for CANCEL. */
  protected onEarlyBye(): void {
    this.callerGaveUp("BYE on the early dialog");
  }

  private callerGaveUp(why: string): void {
    this.log.info(why);
    this.respondInvite(487);
    this.finish(() => this.userValue?.onCancelled());
  }

  private provisional(status: number, sdp?: string): boolean {
    if (this.state !== S.Incoming && this.state !== S.Early) return false;
    if (this.state === S.Incoming) {
      this.transition(S.Early);
      this.ctx.register(this.pending.id, this); // §12.1.1: the 18x with our tag made an early dialog
    }
    this.respondInvite(status, sdp === undefined ? {} : { sdp });
    return true;
  }

  private final(status: number, options: ResponseOptions): boolean {
    if (this.state !== S.Incoming && this.state !== S.Early) return false;
    this.respondInvite(status, options);
    this.finish(() => undefined);
    return true;
  }

  /** §12.1.1: responses that create a dialog carry our Contact and the request's Record-Route. */
  private respondInvite(status: number, options: ResponseOptions = {}): void {
    const dialogHeaders: [string, string][] = status > 100 && status < 300
      ? [contactHeader(this.pending.localContact), ...recordRoutes(this.invite)]
      : [];
    this.tx.respond(buildResponse(this.invite, status, {
      ...options,
      toTag: this.pending.id.localTag,
      headers: [...dialogHeaders, ...(options.headers ?? [])],
    }));
  }
}

function recordRoutes(request: SipRequest): [string, string][] {
  return request.headers.getAll("Record-Route").map((value) => ["Record-Route", value]);
}
