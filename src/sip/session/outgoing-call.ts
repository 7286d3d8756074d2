/**
 * The caller's side of an INVITE session (RFC 3261 §13.2): the INVITE, early
 * dialogs from provisional responses (filed so the callee's UPDATE or INFO reaches
 * us), the ACK for the 2xx, forked 2xx, redirects (§8.1.3.4) and CANCEL (§9.1).
 * Once answered, Session does the rest.
 */
import type { Timer } from "../../util/clock.js";
import { Dialog, requestUriForm, responseDialogId } from "../dialog/dialog.js";
import { initialCSeq, newCallId, newTag } from "../dialog/ids.js";
import {
  formatNameAddr, formatUri, Headers, parseCSeq, parseNameAddr,
  type NameAddr, type SipRequest, type SipResponse, type SipUri,
} from "../message/index.js";
import type { Protocol } from "../transport/types.js";
import type { OutgoingRequest } from "../ua/types.js";
import { agentHeader, capabilityHeaders, contactHeader, failureOf, type SessionContext } from "./context.js";
import { sdpOf } from "./sdp-body.js";
import { Session } from "./session.js";
import { SessionState } from "./state.js";
import type { CallFailure, CallOptions, CallUser, SessionUser } from "./types.js";

const S = SessionState;
/** New INVITEs sent because of 3xx responses, per call. */
const MAX_REDIRECTS = 5;
/** Bounds on what a hostile peer can make us keep: early or forked dialogs, redirect targets. */
const MAX_DIALOGS = 16;
const MAX_TARGETS = 16;
const TERMINATED: CallFailure = { status: 487, reason: "Request Terminated" };

export class OutgoingCall extends Session {
  readonly callId: string;
  private readonly user: CallUser;
  private readonly from: NameAddr;
  private readonly to: NameAddr;
  private readonly contact: SipUri;
  private invite: SipRequest;
  private outgoing: OutgoingRequest | undefined;
  private cseq = initialCSeq();
  private attempt = 0;
  private readonly targets: SipUri[] = [];
  private readonly tried = new Set<string>();
  private redirects = 0;
  private readonly early = new Map<string, Dialog>();
  /** Remote tags of early dialogs whose 18x carried the SDP answer to our INVITE. */
  private readonly earlyAnswered = new Set<string>();
  private lastEarlySdp: string | undefined;
  /** ACKs of forked 2xx we ended with BYE, by remote tag, for their retransmissions. */
  private readonly forked = new Map<string, SipRequest>();
  private cancelTimer: Timer | undefined;
  private answered = false;

  /** @internal Built by SessionManager.call(), which then calls start(). */
  constructor(ctx: SessionContext, private readonly options: CallOptions) {
    const callId = newCallId();
    super(ctx, S.Calling, callId.slice(0, 8));
    this.callId = callId;
    this.user = options.user;
    this.from = { ...options.from, params: { ...options.from.params, tag: newTag() } };
    this.to = options.to ?? { displayName: undefined, uri: requestUriForm(options.target), params: {} };
    this.contact = ctx.localContact(contactProtocol(options.target, options.protocol));
    this.invite = this.buildInvite(options.target);
    this.lastLocalSdp = options.offer;
  }

  protected get ownsCallId(): boolean {
    return true;
  }

  protected get sessionUser(): SessionUser {
    return this.user;
  }

  /** @internal Sends the first INVITE. */
  start(): void {
    this.tried.add(uriKey(this.options.target));
    this.sendInvite(this.invite);
  }

  /** §9.1: CANCEL before the answer; the 487 (or a late 2xx, ACKed and BYEd) ends the call with onFailed. */
  cancel(): void {
    if (this.state !== S.Calling && this.state !== S.Early) return;
    this.transition(S.Cancelling);
    this.outgoing?.cancel();
    // §9.1: no final response within 64·T1 of the CANCEL → consider the INVITE cancelled.
    this.cancelTimer = this.ctx.clock.setTimer(64 * this.ctx.timers.T1, () => this.finish(() => this.user.onFailed(TERMINATED)));
  }

  /** @internal A 2xx after the INVITE transaction ended (§13.2.2.4). */
  handleStray2xx(response: SipResponse): void {
    this.on2xx(response);
  }

  protected hangupBeforeAnswer(): void {
    this.cancel();
  }

  protected onInitialAck(): void {
    // The caller sends the ACK; it never waits for one on the initial INVITE.
  }

  protected stopSetupTimers(): void {
    this.cancelTimer?.cancel();
    this.cancelTimer = undefined;
  }

  protected earlyDialog(remoteTag: string): Dialog | undefined {
    return this.early.get(remoteTag);
  }

  /**
   * §14.2: a re-INVITE while our INVITE is in progress gets 491. RFC 3311 §5.2: so
   * does an UPDATE offer while our INVITE's offer has no answer on that early dialog.
   */
  protected earlyOfferRefusal(dialog: Dialog, isInvite: boolean): 491 | 500 | undefined {
    return !isInvite && this.earlyAnswered.has(dialog.id.remoteTag) ? undefined : 491;
  }

  /** §15.1.2: the callee MUST NOT do this, but if it does that early dialog is over; others go on. */
  protected onEarlyBye(dialog: Dialog): void {
    this.log.info(`BYE on the early dialog with ${dialog.id.remoteTag || "untagged peer"}`);
    this.dropEarly(dialog.id.remoteTag);
  }

  protected override notifyAbandoned(reason: string): void {
    if (this.answered) this.user.onEnded({ by: "local", reason });
    else this.user.onFailed(TERMINATED);
  }

  private buildInvite(target: SipUri): SipRequest {
    const { options, ctx } = this;
    const headers = new Headers([
      ["From", formatNameAddr(this.from)],
      ["To", formatNameAddr(this.to)],
      ["Call-ID", this.callId],
      ["CSeq", `${this.cseq} INVITE`],
      contactHeader(this.contact),
      ...capabilityHeaders(ctx, "request"),
      ...(options.headers ?? []),
      ...uriReplaces(target, options.headers ?? []),
      ["Content-Type", "application/sdp"],
    ]);
    const uri = formatUri(requestUriForm(target));
    return { type: "request", method: "INVITE", uri, version: "SIP/2.0", headers, body: Buffer.from(options.offer, "utf8") };
  }

  private sendInvite(invite: SipRequest): void {
    const attempt = ++this.attempt;
    this.invite = invite;
    for (const tag of [...this.early.keys()]) this.dropEarly(tag);
    this.outgoing = this.ctx.sender.send(invite, {
      onResponse: (response) => this.onResponse(attempt, response),
      onTimeout: () => this.onFinalFailure(attempt, 408, "Request Timeout", undefined),
      onTransportError: () => this.onFinalFailure(attempt, 503, "Service Unavailable", undefined),
    });
  }

  private onResponse(attempt: number, response: SipResponse): void {
    if (response.status >= 200 && response.status < 300) return this.on2xx(response); // never dropped: §13.2.2.4
    if (response.status < 200) return this.onProvisional(attempt, response);
    this.onFinalFailure(attempt, response.status, response.reason, response);
  }

  private onProvisional(attempt: number, response: SipResponse): void {
    if (attempt !== this.attempt || (this.state !== S.Calling && this.state !== S.Early)) return;
    if (response.status === 100) return; // hop-by-hop (§8.1.3.2)
    const id = responseDialogId(response);
    if (id?.remoteTag && !this.early.has(id.remoteTag) && this.early.size < MAX_DIALOGS) {
      const dialog = Dialog.asUac(this.invite, response, this.contact); // §13.2.2.1 early dialog
      if (dialog.ok) {
        this.early.set(id.remoteTag, dialog.value);
        this.ctx.register(dialog.value.id, this);
      }
      if (this.state === S.Calling) this.transition(S.Early);
    }
    this.user.onProgress(response.status, response.reason);
    const sdp = sdpOf(response);
    if (sdp.ok && sdp.value !== undefined && id && this.early.has(id.remoteTag)) this.earlyAnswered.add(id.remoteTag);
    if (sdp.ok && sdp.value !== undefined && sdp.value !== this.lastEarlySdp && this.state === S.Early) {
      this.lastEarlySdp = sdp.value;
      this.user.onEarlyMedia(sdp.value);
    }
  }

  private on2xx(response: SipResponse): void {
    const id = responseDialogId(response);
    const cseq = parseCSeq(response.headers.get("CSeq") ?? "");
    if (!id || !cseq.ok) return this.log.warn("2xx without usable To/From/CSeq ignored");
    if (this.dialogValue) {
      if (this.dialogValue.id.remoteTag === id.remoteTag) this.resendAck(cseq.value.seq);
      else this.ackAndBye(response, id.remoteTag, cseq.value.seq); // §13.2.2.4: a forked answer
      return;
    }
    if (this.state !== S.Calling && this.state !== S.Early) {
      this.ackAndBye(response, id.remoteTag, cseq.value.seq); // answered after CANCEL or after giving up
      if (this.state === S.Cancelling) this.finish(() => this.user.onFailed(TERMINATED));
      return;
    }
    const early = this.early.get(id.remoteTag);
    early?.confirm(response);
    const created = early ? undefined : Dialog.asUac(this.invite, response, this.contact);
    if (created && !created.ok) return this.log.warn(`2xx unusable for a dialog: ${created.error}`);
    const dialog = early ?? created!.value;
    for (const tag of [...this.early.keys()]) if (tag !== id.remoteTag) this.dropEarly(tag);
    this.early.clear();
    this.earlyAnswered.clear();
    this.adoptDialog(dialog);
    this.transition(S.Established);
    this.sendAck(dialog, cseq.value.seq);
    const answer = sdpOf(response);
    if (!answer.ok || answer.value === undefined) {
      this.log.warn("2xx without a valid SDP answer: ending the call");
      this.sendBye(() => this.user.onFailed({ status: 488, reason: "Not Acceptable Here (no SDP answer)" }));
      return;
    }
    this.answered = true;
    this.log.info(`answered by ${id.remoteTag || "untagged peer"}`);
    this.user.onAnswered(answer.value);
  }

  /** An early dialog that will not be confirmed: requests on it now get 481. */
  private dropEarly(remoteTag: string): void {
    const dialog = this.early.get(remoteTag);
    if (!dialog) return;
    this.early.delete(remoteTag);
    this.earlyAnswered.delete(remoteTag);
    dialog.terminate();
    this.ctx.unregister(dialog.id, this);
  }

  /** §13.2.2.4: a 2xx we will not use is ACKed and then ended with BYE; retransmissions get the same ACK. */
  private ackAndBye(response: SipResponse, remoteTag: string, seq: number): void {
    const known = this.forked.get(remoteTag);
    if (known) return this.ctx.sender.sendAck(known);
    if (this.forked.size >= MAX_DIALOGS) return;
    const dialog = Dialog.asUac(this.invite, response, this.contact);
    if (!dialog.ok) return this.log.warn(`unusable 2xx not ACKed: ${dialog.error}`);
    dialog.value.confirm(response);
    const ack = dialog.value.createAck(seq);
    this.forked.set(remoteTag, ack);
    this.ctx.sender.sendAck(ack);
    this.log.info(`ending unwanted dialog with ${remoteTag || "untagged peer"}`);
    const log = this.log;
    this.ctx.sender.send(dialog.value.createRequest("BYE", { headers: agentHeader(this.ctx, "request") }), {
      onResponse: (r) => { if (r.status >= 200) log.debug(`BYE of unwanted dialog: ${r.status}`); },
      onTimeout: () => log.debug("BYE of unwanted dialog timed out"),
      onTransportError: () => log.debug("BYE of unwanted dialog: transport error"),
    });
  }

  private onFinalFailure(attempt: number, status: number, reason: string, response: SipResponse | undefined): void {
    if (attempt !== this.attempt || this.state === S.Ended || this.dialogValue) return;
    const failure = failureOf(status, reason, response);
    this.log.info(`INVITE failed: ${status} ${reason}`);
    if (this.state === S.Cancelling) return this.finish(() => this.user.onFailed(failure));
    if (status >= 300 && status < 400 && response) this.collectTargets(response);
    // §8.1.3.4: on failure move to the next target in the set; 6xx is global, stop.
    if (status < 600 && this.targets.length > 0 && this.redirects < MAX_REDIRECTS) return this.nextTarget();
    this.finish(() => this.user.onFailed(failure));
  }

  /** §8.1.3.4: Contacts in decreasing q order, each URI tried at most once (no loops). */
  private collectTargets(response: SipResponse): void {
    const contacts = response.headers.list("Contact")
      .map((text) => parseNameAddr(text))
      .flatMap((parsed, index) => (parsed.ok ? [{ uri: parsed.value.uri, q: qValue(parsed.value), index }] : []))
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const { uri } of contacts) {
      const key = uriKey(uri);
      if (this.tried.has(key) || this.targets.length >= MAX_TARGETS) continue;
      this.tried.add(key);
      this.targets.push(uri);
    }
  }

  /** Same Call-ID, From tag and To; new Request-URI and a higher CSeq (§8.1.3.4, §8.1.3.5). */
  private nextTarget(): void {
    const target = this.targets.shift()!;
    this.redirects += 1;
    const lastSeq = parseCSeq(this.invite.headers.get("CSeq") ?? "");
    this.cseq = Math.max(this.cseq, lastSeq.ok ? lastSeq.value.seq : 0) + 1;
    if (this.state === S.Early) this.transition(S.Calling);
    this.log.info(`redirected to ${formatUri(target)}`);
    this.sendInvite(this.buildInvite(target));
    this.user.onRedirect?.(target);
  }
}

function contactProtocol(target: SipUri, given: Protocol | undefined): Protocol {
  if (given) return given;
  if (target.scheme === "sips") return "tls";
  const transport = target.params["transport"]?.toLowerCase();
  return transport === "tcp" || transport === "tls" ? transport : "udp";
}

/** RFC 3261 §19.1.5: the target's Replaces URI header (a Refer-To we follow) becomes a header field, unless one is given. */
function uriReplaces(target: SipUri, given: ReadonlyArray<readonly [string, string]>): [string, string][] {
  if (given.some(([name]) => name.toLowerCase() === "replaces")) return [];
  const key = Object.keys(target.headers).find((name) => name.toLowerCase() === "replaces");
  return key === undefined ? [] : [["Replaces", target.headers[key]!]];
}

function qValue(contact: NameAddr): number {
  const q = Number(contact.params["q"] ?? "1");
  return Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0;
}

function uriKey(uri: SipUri): string {
  return formatUri(requestUriForm(uri));
}
