/**
 * Our side of offers inside an established dialog: re-INVITE (RFC 3261 §14.1)
 * and UPDATE (RFC 3311 §5.1), one at a time, with the §14.1 glare back-off after
 * a 491; and INFO (RFC 6086). The session owns the dialog and the state; it
 * lends them through OfferHost.
 */
import type { Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { err, ok, type Result } from "../../util/result.js";
import type { Dialog } from "../dialog/dialog.js";
import type { SipRequest, SipResponse } from "../message/index.js";
import { agentHeader, capabilityHeaders, failureOf, type SessionContext } from "./context.js";
import { sdpOf } from "./sdp-body.js";
import type { CallFailure } from "./types.js";

export interface OfferHost {
  /** The dialog while the session is established; undefined otherwise. */
  dialog(): Dialog | undefined;
  ownsCallId(): boolean;
  /** True while a 2xx of ours awaits its ACK (`withOffer`: only if that 2xx carried an offer). */
  ackWaitPending(withOffer: boolean): boolean;
  sendAck(dialog: Dialog, inviteSeq: number): void;
  offerAccepted(sdp: string): void;
  /** §12.2.1.2: a 481 or 408 (or timeout) to an in-dialog request. */
  dialogLost(status: number, reason: string): void;
}

/** Glare retries before the 491 is handed to the user. */
const MAX_GLARE_RETRIES = 3;

type Settle = (result: Result<string, CallFailure>) => void;

export class OfferExchange {
  private settleOffer: Settle | undefined;
  private inFlight = false;
  private glareTimer: Timer | undefined;

  constructor(private readonly ctx: SessionContext, private readonly log: Logger, private readonly host: OfferHost) {}

  /** True while our re-INVITE or UPDATE is waiting for its final response. */
  get localOfferPending(): boolean {
    return this.inFlight;
  }

  offer(method: "INVITE" | "UPDATE", sdp: string): Promise<Result<string, CallFailure>> {
    return new Promise((resolve) => {
      if (!this.host.dialog()) return resolve(err({ status: 481, reason: "No established session" }));
      // §14.1: one INVITE transaction at a time in either direction; RFC 3311 §5.1 for UPDATE.
      if (this.settleOffer || this.host.ackWaitPending(method === "UPDATE")) {
        return resolve(err({ status: 491, reason: "Request Pending" }));
      }
      this.settleOffer = resolve;
      this.send(method, sdp, 0);
    });
  }

  info(contentType: string, body: string): Promise<Result<void, CallFailure>> {
    return new Promise((resolve) => {
      const dialog = this.host.dialog();
      if (!dialog) return resolve(err({ status: 481, reason: "No established session" }));
      const request = dialog.createRequest("INFO", { body, contentType, headers: agentHeader(this.ctx, "request") });
      this.sendFinal(dialog, request, (status, reason, response) => {
        resolve(status < 300 ? ok(undefined) : err(failureOf(status, reason, response)));
        if (status === 481 || status === 408) this.host.dialogLost(status, reason);
      });
    });
  }

  /** The session ended: stop the back-off timer and settle a pending offer. */
  close(): void {
    this.glareTimer?.cancel();
    this.glareTimer = undefined;
    this.inFlight = false;
    this.settle(err({ status: 481, reason: "Session ended" }));
  }

  private send(method: "INVITE" | "UPDATE", sdp: string, attempt: number): void {
    const dialog = this.host.dialog();
    if (!dialog) return this.settle(err({ status: 481, reason: "No established session" }));
    this.inFlight = true;
    const request = dialog.createRequest(method, { body: sdp, headers: capabilityHeaders(this.ctx, "request") });
    this.sendFinal(dialog, request, (status, reason, response) => {
      this.inFlight = false;
      this.onFinal(method, sdp, attempt, { status, reason, response });
    }, (response, seq) => {
      // Each 2xx, §13.2.2.4; the ACK carries the CSeq of the INVITE answered (re-sent with credentials or not).
      if (method === "INVITE" && response.status < 300 && seq !== undefined) this.host.sendAck(dialog, seq);
    });
  }

  private onFinal(method: "INVITE" | "UPDATE", sdp: string, attempt: number,
    final: { status: number; reason: string; response: SipResponse | undefined }): void {
    if (!this.settleOffer) return; // the session ended meanwhile
    const { status, reason, response } = final;
    if (status < 300 && response) {
      this.host.dialog()?.refreshTarget(response); // §12.2.1.2 target refresh
      const answer = sdpOf(response);
      if (!answer.ok || answer.value === undefined) return this.settle(err({ status, reason: "2xx without a valid SDP answer" }));
      this.host.offerAccepted(sdp);
      return this.settle(ok(answer.value));
    }
    if (status === 491 && attempt < MAX_GLARE_RETRIES) {
      // §14.1: the Call-ID owner waits 2.1–4 s, the other side 0–2 s, in 10 ms units.
      const delayMs = this.host.ownsCallId()
        ? 2100 + 10 * Math.floor(this.ctx.random() * 191)
        : 10 * Math.floor(this.ctx.random() * 201);
      this.log.info(`${method} glare (491): retrying in ${delayMs} ms`);
      this.glareTimer = this.ctx.clock.setTimer(delayMs, () => {
        this.glareTimer = undefined;
        if (this.host.ackWaitPending(method === "UPDATE")) return this.settle(err(failureOf(status, reason, response)));
        this.send(method, sdp, attempt + 1);
      });
      return;
    }
    this.settle(err(failureOf(status, reason, response)));
    if (status === 481 || status === 408) this.host.dialogLost(status, reason);
  }

  /**
   * Sends an in-dialog request; `final` gets its final status once (408/503 on timeout/transport),
   * `every` each final response with its CSeq number, which the dialog's CSeq keeps in step with.
   */
  private sendFinal(dialog: Dialog, request: SipRequest,
    final: (status: number, reason: string, response: SipResponse | undefined) => void,
    every?: (response: SipResponse, seq: number | undefined) => void): void {
    let done = false;
    const once = (status: number, reason: string, response: SipResponse | undefined): void => {
      if (done) return;
      done = true;
      final(status, reason, response);
    };
    this.ctx.sender.send(request, {
      onResponse: (response) => {
        if (response.status < 200) return;
        every?.(response, dialog.noteLocalSeq(response));
        once(response.status, response.reason, response);
      },
      onTimeout: () => once(408, "Request Timeout", undefined),
      onTransportError: () => once(503, "Service Unavailable", undefined),
    });
  }

  private settle(result: Result<string, CallFailure>): void {
    const settle = this.settleOffer;
    this.settleOffer = undefined;
    settle?.(result);
  }
}
