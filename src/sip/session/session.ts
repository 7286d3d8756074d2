/**
 * What caller and callee sessions share once a dialog exists (RFC 3261 §12–15):
 * the one state machine, BYE both ways, the ACK wait of a 2xx we sent, in-dialog
 * requests (in early dialogs too, §12.1), and (through OfferExchange) re-INVITE /
 * UPDATE offers with glare handling. OutgoingCall and IncomingCall add the setup
 * phase of their side, and what an early dialog allows there.
 */
import type { Logger } from "../../util/log.js";
import type { Result } from "../../util/result.js";
import { DialogState, incomingRequestDialogId, type Dialog } from "../dialog/dialog.js";
import { parseCSeq, parseUri, type SipRequest } from "../message/index.js";
import type { ServerTransaction } from "../transaction/types.js";
import { AckWaiter } from "./ack-waiter.js";
import { agentHeader, buildResponse, capabilityHeaders, contactHeader, type ResponseOptions, type SessionContext } from "./context.js";
import { receiveRefer } from "./incoming-refer.js";
import { OfferExchange } from "./offer-exchange.js";
import { ReferClient } from "./refer-client.js";
import { sdpOf } from "./sdp-body.js";
import { attendedTransferTarget } from "./transfer-target.js";
import { ALLOWED_MOVES, SessionState, SessionStateError } from "./state.js";
import type { CallEnd, CallFailure, ReferUser, SessionUser } from "./types.js";

const S = SessionState;

export abstract class Session {
  protected readonly log: Logger;
  protected dialogValue: Dialog | undefined;
  /** The SDP we last sent as offer or answer (re-offered for an offerless re-INVITE). */
  protected lastLocalSdp: string | undefined;
  private stateValue: SessionState;
  private ackWaiter: AckWaiter | undefined;
  private lastAck: { seq: number; ack: SipRequest } | undefined;
  private hangupAfterAck = false;
  private readonly offers: OfferExchange;

  protected constructor(protected readonly ctx: SessionContext, initial: SessionState, logId: string) {
    this.stateValue = initial;
    this.log = ctx.logs.get("sip.session", logId);
    this.offers = new OfferExchange(this.ctx, this.log, {
      dialog: () => (this.stateValue === S.Established ? this.dialogValue : undefined),
      ownsCallId: () => this.ownsCallId,
      ackWaitPending: (withOffer) => this.ackWaiter !== undefined && (!withOffer || this.ackWaiter.offerInResponse),
      sendAck: (dialog, seq) => this.sendAck(dialog, seq),
      offerAccepted: (sdp) => { this.lastLocalSdp = sdp; },
      dialogLost: (status, reason) => this.onDialogLost(status, reason),
    });
  }

  /** True for the side that generated the Call-ID (the caller), for §14.1 back-off. */
  protected abstract get ownsCallId(): boolean;
  protected abstract get sessionUser(): SessionUser | undefined;
  /** hangup() before the call was answered: CANCEL (caller) or a final response (callee). */
  protected abstract hangupBeforeAnswer(): void;
  /** The ACK for the 2xx of the initial INVITE arrived (callee only). */
  protected abstract onInitialAck(answer: string | undefined): void;
  /** Subclass timers to stop when the session ends. */
  protected abstract stopSetupTimers(): void;
  /** The early dialog with this remote tag, while the initial INVITE has no final response. */
  protected abstract earlyDialog(remoteTag: string): Dialog | undefined;
  /**
   * A re-INVITE, or an UPDATE with an offer, on an early dialog: the status that
   * refuses it (§14.2; RFC 3311 §5.2), or undefined if the offer can be answered now.
   */
  protected abstract earlyOfferRefusal(dialog: Dialog, isInvite: boolean): 491 | 500 | undefined;
  /** A BYE on an early dialog, already answered 200 (§15.1.2). */
  protected abstract onEarlyBye(dialog: Dialog): void;

  get state(): SessionState {
    return this.stateValue;
  }

  get dialog(): Dialog | undefined {
    return this.dialogValue;
  }

  /**
   * Ends the call: BYE once established (§15.1.1); before the answer, see the
   * subclass. While our 2xx awaits its ACK the BYE waits for it (§15).
   */
  hangup(): void {
    switch (this.stateValue) {
      case S.Established:
        this.sendBye(() => this.sessionUser?.onEnded({ by: "local" }));
        return;
      case S.Accepted:
        this.hangupAfterAck = true;
        return;
      case S.Terminating:
      case S.Ended:
        return;
      default:
        this.hangupBeforeAnswer();
    }
  }

  /** Sends a re-INVITE with a new offer (§14.1); resolves with the answer or why not. */
  reinvite(offer: string): Promise<Result<string, CallFailure>> {
    return this.offers.offer("INVITE", offer);
  }

  /** Sends an UPDATE with a new offer (RFC 3311 §5.1); resolves with the answer or why not. */
  update(offer: string): Promise<Result<string, CallFailure>> {
    return this.offers.offer("UPDATE", offer);
  }

  /** Sends INFO (RFC 6086) in the dialog; resolves once a final response arrives. */
  info(contentType: string, body: string): Promise<Result<void, CallFailure>> {
    return this.offers.info(contentType, body);
  }

  /**
   * Asks the peer to call `referTo` (RFC 3515 §2.4.1), a SIP/SIPS/tel URI that may carry
   * `?Replaces=` (attendedTransferTarget). Referred-By is the account's AOR, else our URI in
   * this dialog. False, and no callback, when the session is not established or the URI does
   * not parse; true, and `user.onDone` follows exactly once (waits bounded: see ReferClient).
   */
  refer(referTo: string, user: ReferUser): boolean {
    const dialog = this.dialogValue;
    if (this.stateValue !== S.Established || !dialog) return false;
    if (!parseUri(referTo).ok) {
      this.log.warn(`refer(): Refer-To is not a usable URI: ${referTo}`);
      return false;
    }
    const host = { ctx: this.ctx, log: this.log, dialog, dialogLost: (status: number, reason: string) => this.onDialogLost(status, reason) };
    new ReferClient(host, user).start(referTo, this.ctx.aor ?? dialog.localUri);
    return true;
  }

  /** attendedTransferTarget() of this call, for the REFER of an attended transfer; throws unless established. */
  replacingTarget(): string {
    const target = attendedTransferTarget(this);
    if (!target.ok) throw new Error(`replacingTarget(): ${target.error}`);
    return target.value;
  }

  /** @internal The manager routes every request of our dialogs (early ones too) here; ACK comes without a transaction. */
  handleInDialog(request: SipRequest, tx: ServerTransaction | undefined): void {
    if (request.method === "ACK") return this.receiveAck(request);
    if (!tx) return;
    const dialog = this.dialogValue ?? this.earlyDialog(incomingRequestDialogId(request)?.remoteTag ?? "");
    if (!dialog || this.stateValue === S.Ended) return this.reply(tx, 481);
    // After our BYE only a crossing BYE is still answered 200 (§15.1.2); the rest gets 481.
    if (this.stateValue === S.Terminating && request.method !== "BYE") return this.reply(tx, 481);
    const checked = dialog.receiveRequest(request);
    if (!checked.ok) return this.reply(tx, checked.error); // §12.2.2: out of order → 500
    switch (request.method) {
      case "BYE":
        return dialog.state === DialogState.Early ? this.receiveEarlyBye(dialog, tx) : this.receiveBye(tx);
      case "INVITE":
      case "UPDATE":
        return this.receiveOffer(dialog, tx);
      case "INFO":
        return this.receiveInfo(tx);
      case "OPTIONS":
        return this.reply(tx, 200, { headers: capabilityHeaders(this.ctx, "response") });
      case "REFER":
        if (this.stateValue !== S.Established) return this.reply(tx, 403, { reason: "Forbidden (no established call)" });
        return receiveRefer({ ctx: this.ctx, log: this.log, dialog, user: this.sessionUser, reply: (t, s, o) => this.reply(t, s, o) }, tx);
      case "NOTIFY":
        // RFC 6665 §4.1.3: NOTIFYs of our REFERs were routed to them by the manager; this one matches none.
        this.log.info(`NOTIFY (Event: ${request.headers.get("Event") ?? "none"}) matches no subscription: 481`);
        return this.reply(tx, 481);
      default:
        return this.reply(tx, this.ctx.allow.includes(request.method) ? 501 : 405, {
          headers: [["Allow", this.ctx.allow.join(", ")]],
        });
    }
  }

  /** @internal A 2xx to our INVITE or re-INVITE came again: §13.2.2.4, send the same ACK. */
  resendAck(inviteSeq: number): boolean {
    if (this.lastAck?.seq !== inviteSeq) return false;
    this.ctx.sender.sendAck(this.lastAck.ack);
    return true;
  }

  /** @internal Shutdown gave up waiting: end now without sending anything more. */
  abandon(reason: string): void {
    this.finish(() => this.notifyAbandoned(reason));
  }

  protected notifyAbandoned(reason: string): void {
    this.sessionUser?.onEnded({ by: "local", reason });
  }

  /** The one place the state changes (STYLE: enum, table, one transition). */
  protected transition(to: SessionState): void {
    if (!ALLOWED_MOVES[this.stateValue].includes(to)) throw new SessionStateError(this.stateValue, to);
    this.log.debug(`${this.stateValue} -> ${to}`);
    this.stateValue = to;
  }

  /** The dialog is confirmed: in-dialog requests (and ACKs) reach us from now on. */
  protected adoptDialog(dialog: Dialog): void {
    this.dialogValue = dialog;
    this.ctx.register(dialog.id, this);
  }

  /** §13.2.2.4: the ACK for a 2xx goes outside any transaction; kept for retransmitted 2xx. */
  protected sendAck(dialog: Dialog, inviteSeq: number, sdp?: string): void {
    if (this.lastAck?.seq !== inviteSeq) {
      this.lastAck = { seq: inviteSeq, ack: dialog.createAck(inviteSeq, sdp === undefined ? {} : { body: sdp }) };
    }
    this.ctx.sender.sendAck(this.lastAck.ack);
  }

  /** Sends our 2xx to an INVITE and keeps sending it until the ACK (§13.3.1.4). */
  protected awaitAck(tx: ServerTransaction, options: ResponseOptions, offerInResponse: boolean): void {
    const dialog = this.dialogValue!;
    const cseq = parseCSeq(tx.request.headers.get("CSeq") ?? "");
    const response = buildResponse(tx.request, 200, {
      ...options,
      toTag: dialog.id.localTag,
      headers: [contactHeader(dialog.localContact), ...capabilityHeaders(this.ctx, "response"), ...(options.headers ?? [])],
    });
    this.ackWaiter = new AckWaiter({
      clock: this.ctx.clock,
      timers: this.ctx.timers,
      transaction: tx,
      response,
      inviteSeq: cseq.ok ? cseq.value.seq : 0,
      offerInResponse,
      onTimeout: () => {
        this.ackWaiter = undefined;
        this.log.warn("no ACK for our 2xx within 64*T1: sending BYE");
        this.sendBye(() => this.sessionUser?.onEnded({ by: "local", reason: "no ACK" })); // §13.3.1.4
      },
    });
    this.ackWaiter.start();
  }

  /** §15.1.1: BYE, then the session is over whatever the answer (or none) is. */
  protected sendBye(notify: () => void): void {
    const dialog = this.dialogValue;
    this.stopAckWait();
    if (!dialog) return this.finish(notify);
    this.transition(S.Terminating);
    const bye = dialog.createRequest("BYE", { headers: agentHeader(this.ctx, "request") });
    this.ctx.sender.send(bye, {
      onResponse: (response) => {
        if (response.status >= 200) this.finish(notify);
      },
      onTimeout: () => this.finish(notify),
      onTransportError: () => this.finish(notify),
    });
  }

  /** Ends the session once: stops every timer, leaves the tables, then tells the user. */
  protected finish(notify: () => void): void {
    if (this.stateValue === S.Ended) return;
    this.transition(S.Ended);
    this.stopAckWait();
    this.stopSetupTimers();
    this.offers.close();
    this.dialogValue?.terminate();
    this.ctx.forget(this);
    this.log.info("session ended");
    notify();
  }

  protected reply(tx: ServerTransaction, status: number, options: ResponseOptions = {}): void {
    tx.respond(buildResponse(tx.request, status, { ...options, toTag: options.toTag ?? this.dialogValue?.id.localTag }));
  }

  private stopAckWait(): void {
    this.ackWaiter?.stop();
    this.ackWaiter = undefined;
  }

  /** §12.2.1.2: a 481 or 408 to an in-dialog request ends the dialog. */
  private onDialogLost(status: number, reason: string): void {
    if (this.stateValue !== S.Established) return;
    const end: CallEnd = { by: "remote", reason: `${status} ${reason}` };
    if (status === 481) this.finish(() => this.sessionUser?.onEnded(end));
    else this.sendBye(() => this.sessionUser?.onEnded(end));
  }

  /** §15.1.2: 200 to the BYE; the session is over (also while our BYE crosses theirs). */
  private receiveBye(tx: ServerTransaction): void {
    this.reply(tx, 200);
    this.finish(() => this.sessionUser?.onEnded({ by: "remote" }));
  }

  private receiveAck(ack: SipRequest): void {
    const waiter = this.ackWaiter;
    const cseq = parseCSeq(ack.headers.get("CSeq") ?? "");
    if (!waiter || !cseq.ok || cseq.value.seq !== waiter.inviteSeq) {
      this.log.debug("ACK matches no 2xx we are retransmitting: ignored");
      return;
    }
    this.stopAckWait();
    const sdp = sdpOf(ack);
    if (!sdp.ok) this.log.warn(`ACK body refused: ${sdp.error}`);
    const answer = waiter.offerInResponse && sdp.ok ? sdp.value : undefined;
    if (this.stateValue === S.Accepted) {
      this.transition(S.Established);
      this.onInitialAck(answer);
    } else if (answer !== undefined) {
      this.sessionUser?.onRemoteAnswer?.(answer);
    }
    if (this.hangupAfterAck && this.stateValue === S.Established) this.hangup();
  }

  /** §15.1.2: 200 to a BYE on an early dialog; what else happens depends on our side. */
  private receiveEarlyBye(dialog: Dialog, tx: ServerTransaction): void {
    this.reply(tx, 200);
    this.onEarlyBye(dialog);
  }

  /** §14.2 / RFC 3311 §5.2: an offer (or offerless re-INVITE, or an UPDATE without SDP) from the peer. */
  private receiveOffer(dialog: Dialog, tx: ServerTransaction): void {
    const isInvite = tx.request.method === "INVITE";
    const refusal = this.offerRefusal(dialog, isInvite, tx.request.body.length > 0);
    if (refusal === 491) return this.reply(tx, 491);
    if (refusal === 500) {
      return this.reply(tx, 500, { headers: [["Retry-After", String(Math.floor(this.ctx.random() * 10))]] });
    }
    const sdp = sdpOf(tx.request);
    if (!sdp.ok) {
      return sdp.error === "not-sdp"
        ? this.reply(tx, 415, { headers: [["Accept", "application/sdp"]] })
        : this.reply(tx, 400, { reason: "Bad SDP" });
    }
    const offer = sdp.value;
    const local = offer === undefined ? (isInvite ? this.lastLocalSdp : undefined) : this.sessionUser?.onRemoteOffer(offer);
    if (offer !== undefined && local === undefined) return this.reply(tx, 488);
    if (offer === undefined && isInvite && local === undefined) return this.reply(tx, 488);
    if (local !== undefined) this.lastLocalSdp = local;
    dialog.refreshTarget(tx.request); // §12.2.2 target refresh (applied once accepted, RFC 6141)
    const options: ResponseOptions = local === undefined ? {} : { sdp: local };
    if (isInvite) return this.awaitAck(tx, options, offer === undefined);
    this.reply(tx, 200, {
      ...options,
      headers: [contactHeader(dialog.localContact), ...capabilityHeaders(this.ctx, "response")],
    });
  }

  /** Whether a peer's re-INVITE or UPDATE must wait: 491 for glare, 500 (with Retry-After) while ours is unsettled. */
  private offerRefusal(dialog: Dialog, isInvite: boolean, hasOffer: boolean): 491 | 500 | undefined {
    if (this.offers.localOfferPending) return 491;
    if (dialog.state === DialogState.Early) return isInvite || hasOffer ? this.earlyOfferRefusal(dialog, isInvite) : undefined;
    if (this.stateValue !== S.Established || (this.ackWaiter && (isInvite || this.ackWaiter.offerInResponse))) return 500;
    return undefined;
  }

  private receiveInfo(tx: ServerTransaction): void {
    const contentType = tx.request.headers.get("Content-Type");
    const status = this.sessionUser?.onInfo?.(contentType, tx.request.body.toString("utf8"));
    this.reply(tx, typeof status === "number" && status >= 200 && status < 700 ? status : 200);
  }
}
