/**
 * A REFER we send in an established dialog (RFC 3515 §2.4.1; we are the transferor)
 * and the implicit subscription it creates: NOTIFYs with message/sipfrag bodies
 * report the referred call (§2.4.5), each answered 200 (§2.4.4, RFC 6665 §4.1.3).
 * The user hears onAccepted (2xx), onProgress (provisional sipfrag) and onDone
 * exactly once. Every wait is bounded by the clock:
 * - Timer N (RFC 6665 §4.1.2.4): no NOTIFY within 64·T1 of sending the REFER, or of
 *   its 2xx → 408;
 * - after each NOTIFY that keeps the subscription, its Subscription-State expires,
 *   capped at MAX_WAIT_MS → 408 when no final sipfrag came by then.
 */
import type { Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { dialogKey, type Dialog } from "../dialog/dialog.js";
import { formatNameAddr, parseCSeq, type NameAddr, type SipRequest, type SipResponse } from "../message/index.js";
import { parseSubscriptionState } from "../event/event-headers.js";
import { isSipfrag, parseSipfrag } from "../refer/index.js";
import type { ServerTransaction } from "../transaction/types.js";
import type { OutgoingRequest } from "../ua/types.js";
import { agentHeader, buildResponse, contactHeader, type SessionContext } from "./context.js";
import type { NotifySubscriber } from "./dialog-usages.js";
import type { ReferOutcome, ReferUser } from "./types.js";

/** The longest we wait between NOTIFYs of one REFER, whatever expires the peer announces. */
export const MAX_WAIT_MS = 120_000;

export interface ReferClientHost {
  ctx: SessionContext;
  log: Logger;
  dialog: Dialog;
  /** §12.2.1.2: a 481 or 408 to the REFER ends the dialog. */
  dialogLost(status: number, reason: string): void;
}

export class ReferClient implements NotifySubscriber {
  readonly dialogKey: string;
  private outgoing: OutgoingRequest | undefined;
  private firstSeq = 0;
  private timer: Timer | undefined;
  private notified = false;
  private done = false;

  constructor(private readonly host: ReferClientHost, private readonly user: ReferUser) {
    this.dialogKey = dialogKey(host.dialog.id);
  }

  get eventId(): string {
    const sent = parseCSeq(this.outgoing?.request.headers.get("CSeq") ?? "");
    return String(sent.ok ? sent.value.seq : this.firstSeq);
  }

  /** Sends the REFER with Refer-To <referTo> and Referred-By (RFC 3892) `referredBy`. */
  start(referTo: string, referredBy: NameAddr): void {
    const { ctx, dialog } = this.host;
    const request = dialog.createRequest("REFER", {
      headers: [
        ["Refer-To", `<${referTo}>`],
        ["Referred-By", formatNameAddr({ ...referredBy, params: {} })],
        contactHeader(dialog.localContact),
        ...agentHeader(ctx, "request"),
      ],
    });
    this.firstSeq = dialog.localSeq ?? 0;
    ctx.usages.addSubscriber(this); // a NOTIFY may overtake the 2xx (RFC 6665 §4.1.2.4)
    this.arm(64 * ctx.timers.T1, "no NOTIFY within 64*T1 of the REFER");
    this.outgoing = ctx.sender.send(request, {
      onResponse: (response) => {
        if (response.status >= 200) this.onFinal(response);
      },
      onTimeout: () => this.refused(408, "Request Timeout"),
      onTransportError: () => this.refused(503, "Service Unavailable"),
    });
  }

  handleNotify(request: SipRequest, tx: ServerTransaction): void {
    const { dialog } = this.host;
    const checked = dialog.receiveRequest(request);
    if (!checked.ok) return this.reply(tx, checked.error); // §12.2.2: out of order → 500
    const state = parseSubscriptionState(request.headers.get("Subscription-State"));
    if (!state.ok) return this.reply(tx, 400, "Bad Subscription-State");
    const frag = isSipfrag(request.headers.get("Content-Type")) ? parseSipfrag(request.body.toString("utf8")) : undefined;
    this.reply(tx, frag ? 200 : 400, frag ? undefined : "Bad Request (message/sipfrag body expected)");
    this.notified = true;
    if (frag && frag.status >= 200) return this.finish(frag);
    if (frag) this.user.onProgress?.(frag.status, frag.reason);
    if (this.done) return;
    if (state.value.state === "terminated") {
      return this.finish({ status: 0, reason: `subscription terminated (${state.value.reason ?? "no reason"}) without a final status` });
    }
    const expiresMs = state.value.expiresSec === undefined ? MAX_WAIT_MS : state.value.expiresSec * 1000;
    this.arm(Math.min(expiresMs, MAX_WAIT_MS), "subscription expired without a final NOTIFY");
  }

  close(): void {
    this.finish({ status: 0, reason: "shutdown" });
  }

  private onFinal(response: SipResponse): void {
    this.host.dialog.noteLocalSeq(response); // after an authenticated re-send
    if (response.status >= 300) return this.refused(response.status, response.reason);
    if (this.done) return; // the final NOTIFY overtook the 2xx
    this.user.onAccepted?.();
    if (response.headers.get("Refer-Sub")?.trim().toLowerCase() === "false") {
      return this.finish({ status: 0, reason: "accepted without a subscription (Refer-Sub: false)" }); // RFC 4488 §4
    }
    if (!this.notified) this.arm(64 * this.host.ctx.timers.T1, "no NOTIFY within 64*T1 of the 2xx");
  }

  private refused(status: number, reason: string): void {
    if (this.done) return;
    this.host.log.info(`REFER failed: ${status} ${reason}`);
    this.finish({ status, reason });
    if (status === 481 || status === 408) this.host.dialogLost(status, reason);
  }

  private arm(delayMs: number, why: string): void {
    this.timer?.cancel();
    this.timer = this.host.ctx.clock.setTimer(delayMs, () => {
      this.timer = undefined;
      this.host.log.info(`REFER: ${why}`);
      this.finish({ status: 408, reason: `Request Timeout (${why})` });
    });
  }

  private finish(outcome: ReferOutcome): void {
    if (this.done) return;
    this.done = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.host.ctx.usages.removeSubscriber(this);
    this.user.onDone(outcome);
  }

  private reply(tx: ServerTransaction, status: number, reason?: string): void {
    tx.respond(buildResponse(tx.request, status, { toTag: this.host.dialog.id.localTag, ...(reason === undefined ? {} : { reason }) }));
  }
}
