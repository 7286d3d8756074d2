/**
 * A REFER received in an established dialog (RFC 3515 §2.4.2–§2.4.5; we are the
 * transferee): exactly one Refer-To or 400; the user takes it (202 Accepted, then our
 * NOTIFY "100 Trying", §2.4.4) or not (603 Decline). The notifier then sends the
 * user's progress as message/sipfrag NOTIFYs (Event: refer;id=<CSeq of the REFER>,
 * §2.4.6), one in flight at a time, until a final status (Subscription-State
 * terminated;reason=noresource, RFC 6665 §4.2.2) or SUBSCRIPTION_MS pass
 * (terminated;reason=timeout, with the last status reported).
 */
import type { Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import type { Dialog } from "../dialog/dialog.js";
import { formatUri, parseCSeq, parseNameAddr, type NameAddr, type SipUri } from "../message/index.js";
import { formatSipfrag, parseReplaces, SIPFRAG_TYPE, type SipfragStatus } from "../refer/index.js";
import type { ServerTransaction } from "../transaction/types.js";
import { agentHeader, contactHeader, type ResponseOptions, type SessionContext } from "./context.js";
import type { IncomingRefer, SessionUser } from "./types.js";

/** How long we keep a REFER subscription; the transferor may give up earlier. */
export const SUBSCRIPTION_MS = 120_000;

export interface ReferServerHost {
  ctx: SessionContext;
  log: Logger;
  dialog: Dialog;
  user: SessionUser | undefined;
  reply(tx: ServerTransaction, status: number, options?: ResponseOptions): void;
}

/** Answers a REFER (already checked against the dialog's CSeq) and starts the notifier when taken. */
export function receiveRefer(host: ReferServerHost, tx: ServerTransaction): void {
  const request = tx.request;
  const fields = request.headers.getAll("Refer-To");
  if (fields.length !== 1) return host.reply(tx, 400, { reason: "Bad Request (exactly one Refer-To expected)" });
  const referTo = parseNameAddr(fields[0]!);
  if (!referTo.ok) return host.reply(tx, 400, { reason: `Bad Refer-To (${referTo.error})` });
  const replacesKey = Object.keys(referTo.value.uri.headers).find((name) => name.toLowerCase() === "replaces");
  const replaces = replacesKey === undefined ? undefined : referTo.value.uri.headers[replacesKey];
  if (replaces !== undefined && !parseReplaces(replaces).ok) return host.reply(tx, 400, { reason: "Bad Replaces in Refer-To" });
  const referredByText = request.headers.get("Referred-By");
  const referredBy = referredByText === undefined ? undefined : parseNameAddr(referredByText);
  const cseq = parseCSeq(request.headers.get("CSeq") ?? "");
  const notifier = new ReferNotifier(host, {
    referTo: referTo.value.uri,
    replaces,
    referredBy: referredBy?.ok ? referredBy.value : undefined,
    eventId: String(cseq.ok ? cseq.value.seq : 0),
  });
  if (host.user?.onRefer?.(notifier) !== true) {
    host.log.info("REFER declined");
    return host.reply(tx, 603, { reason: "Decline" });
  }
  host.reply(tx, 202, { reason: "Accepted" });
  notifier.start();
}

interface ReferDetails {
  referTo: SipUri;
  replaces: string | undefined;
  referredBy: NameAddr | undefined;
  eventId: string;
}

type Phase = "waiting" | "active" | "ended";

class ReferNotifier implements IncomingRefer {
  readonly referTo: SipUri;
  readonly target: string;
  readonly replaces: string | undefined;
  readonly referredBy: NameAddr | undefined;
  private phase: Phase = "waiting";
  private inFlight = false;
  /** The latest status the user gave that is not sent yet (only the newest matters). */
  private pending: SipfragStatus | undefined;
  /** A final status is sent or waiting: no more notify() calls. */
  private finalGiven = false;
  private expired = false;
  private lastSent: SipfragStatus = { status: 100, reason: "Trying" };
  private expiry: Timer | undefined;
  private deadline = 0;

  constructor(private readonly host: ReferServerHost, private readonly details: ReferDetails) {
    this.referTo = details.referTo;
    this.target = formatUri(details.referTo);
    this.replaces = details.replaces;
    this.referredBy = details.referredBy;
  }

  notify(status: number, reason: string): boolean {
    if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`notify(${status}): not a SIP status`);
    if (this.finalGiven || this.phase === "ended") return false;
    this.pending = { status, reason };
    if (status >= 200) this.finalGiven = true;
    this.pump();
    return true;
  }

  /** After our 202: the first NOTIFY (100 Trying) goes now, and the subscription's clock starts. */
  start(): void {
    const { clock } = this.host.ctx;
    this.phase = "active";
    this.deadline = clock.now() + SUBSCRIPTION_MS;
    this.expiry = clock.setTimer(SUBSCRIPTION_MS, () => this.expire());
    this.host.ctx.usages.track(this);
    this.send({ status: 100, reason: "Trying" });
  }

  /** Shutdown: stop without sending anything more. */
  close(): void {
    this.phase = "ended";
    this.expiry?.cancel();
    this.expiry = undefined;
    this.host.ctx.usages.untrack(this);
  }

  private expire(): void {
    this.expiry = undefined;
    if (this.phase !== "active") return;
    this.host.log.info("REFER subscription expired before a final status");
    this.expired = true;
    this.finalGiven = true;
    this.pending = this.pending ?? this.lastSent; // the newest status the transferor has not heard yet
    this.pump();
  }

  private pump(): void {
    if (this.phase !== "active" || this.inFlight || !this.pending) return;
    const next = this.pending;
    this.pending = undefined;
    this.send(next);
  }

  private send(frag: SipfragStatus): void {
    const { ctx, dialog } = this.host;
    const final = frag.status >= 200 || this.expired;
    const remainingSec = Math.max(0, Math.ceil((this.deadline - ctx.clock.now()) / 1000));
    const state = final ? `terminated;reason=${this.expired ? "timeout" : "noresource"}` : `active;expires=${remainingSec}`;
    const request = dialog.createRequest("NOTIFY", {
      body: formatSipfrag(frag.status, frag.reason),
      contentType: SIPFRAG_TYPE,
      headers: [
        ["Event", `refer;id=${this.details.eventId}`],
        ["Subscription-State", state],
        contactHeader(dialog.localContact),
        ...agentHeader(ctx, "request"),
      ],
    });
    this.inFlight = true;
    this.lastSent = frag;
    if (final) this.close();
    ctx.sender.send(request, {
      onResponse: (response) => {
        if (response.status < 200) return;
        dialog.noteLocalSeq(response);
        this.inFlight = false;
        // RFC 6665 §4.2.2: a failed NOTIFY (481 above all) ends the subscription.
        if (response.status >= 300) this.close();
        else this.pump();
      },
      onTimeout: () => this.lost("timeout"),
      onTransportError: () => this.lost("transport error"),
    });
  }

  private lost(why: string): void {
    this.host.log.info(`NOTIFY for REFER failed (${why}): subscription over`);
    this.inFlight = false;
    this.close();
  }
}
