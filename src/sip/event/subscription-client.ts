/**
 * One subscription to one event package at one resource, kept alive for as long
 * as it runs (RFC 6665 §4.1, the subscriber): SUBSCRIBE, refreshes in the dialog,
 * NOTIFY handling, a new subscription after termination or failure (bounded
 * back-off, Retry-After honoured) and un-SUBSCRIBE on stop. Digest challenges are
 * answered by the sender it is given.
 *
 *               start()           NOTIFY active/pending
 *  unsubscribed ──────→ subscribing ──────────────→ active ⇄ pending
 *       ↑                 ↑  │ fail / terminated        │ terminated, 481 refresh,
 *       │        retry due│  └────→ waiting ←───────────┘ expiry (or straight back
 *       │                 └───────────┘                    to subscribing)
 *       │                 489, rejected/noresource/invariant → rejected
 *       └──── stop(): un-SUBSCRIBE answered and final NOTIFY, or timed out (from any state)
 *
 * One SUBSCRIBE is outstanding at a time; answers to a request that is no longer
 * the current one are ignored. Every timer goes through the Clock and stops on stop().
 */
import { Dialog, incomingRequestDialogId, newCallId, newTag } from "../dialog/index.js";
import type { SipRequest, SipUri } from "../message/index.js";
import { DEFAULT_BACKOFF, backoffDelayMs, refreshDelayMs, type BackoffOptions } from "../registration/index.js";
import { parseDeltaSeconds, retryAfterMs } from "../registration/binding.js";
import { cseqOf } from "../registration/requests.js";
import type { ServerTransaction } from "../transaction/index.js";
import { finalOutcomeUser, type FinalOutcome } from "../transaction/final-outcome.js";
import type { OutgoingRequest, RequestSender } from "../ua/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import type { Result } from "../../util/result.js";
import { parseEvent, parseSubscriptionState, type SubscriptionStateHeader } from "./event-headers.js";
import { buildInitialSubscribe, notifyResponse, subscribeHeaders, type SubscribeIdentity } from "./subscribe-request.js";
import { StopGuard, SubscriptionTimers } from "./subscription-timers.js";
import { tellEach } from "../../util/listeners.js";

export type SubscriptionState = "unsubscribed" | "subscribing" | "active" | "pending" | "waiting" | "rejected";
export type SubscriptionListener = (state: SubscriptionState, why: string) => void;

const ALLOWED: Record<SubscriptionState, readonly SubscriptionState[]> = {
  unsubscribed: ["subscribing"],
  subscribing: ["active", "pending", "waiting", "rejected", "unsubscribed"],
  active: ["pending", "subscribing", "waiting", "rejected", "unsubscribed"],
  pending: ["active", "subscribing", "waiting", "rejected", "unsubscribed"],
  waiting: ["subscribing", "unsubscribed"],
  rejected: ["unsubscribed"],
};

export interface SubscriptionOptions {
  identity: SubscribeIdentity;
  /** Our current Contact, asked for at each SUBSCRIBE. */
  contact: () => SipUri;
  /** Expiry asked for, seconds; default 3600 (RFC 3842 §4.4: one hour for message-summary). */
  expiresSec?: number;
  sender: RequestSender;
  clock: Clock;
  logs: Logs;
  logId?: string;
  /** Uniform in [0, 1) for back-off jitter; default Math.random. */
  random?: () => number;
  backoff?: Partial<BackoffOptions>;
  /** Upper bound on how long stop() waits; default 5000 ms. */
  stopTimeoutMs?: number;
  /** RFC 3261 T1 in ms, for the 64·T1 wait for the first NOTIFY; default 500. */
  t1Ms?: number;
  /** Reads a NOTIFY body; an error answers the NOTIFY 400 with it as the reason. */
  onBody(body: string, contentType: string | undefined): Result<void>;
}

/** One subscription dialog attempt: its own Call-ID and From tag (a new subscription gets new ones). */
interface Attempt {
  callId: string;
  fromTag: string;
  cseq: number;
  dialog: Dialog | undefined;
  establishedAtMs: number | undefined;
  notified: boolean;
}

const MAX_423_RETRIES = 3;
/** After the un-SUBSCRIBE's 2xx, how long stop() waits for the final NOTIFY. */
const FINAL_NOTIFY_WAIT_MS = 2_000;
/** §4.1.3: the notifier asks us not to come back. */
const FINAL_REASONS = new Set(["rejected", "noresource", "invariant"]);
/** §4.1.3: come back at once (deactivated: moved; timeout: we were late). */
const AT_ONCE_REASONS = new Set(["deactivated", "timeout"]);
/** §4.1.2.2: these refresh answers end the subscription. */
const ENDING_REFRESH = new Set([404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604]);

export class SubscriptionClient {
  private current: SubscriptionState = "unsubscribed";
  private readonly listeners = new Set<SubscriptionListener>();
  private readonly log: Logger;
  private readonly backoff: BackoffOptions;
  private readonly timers: SubscriptionTimers;
  private requestedSec: number;
  private attempt: Attempt | undefined;
  private inFlight: number | undefined;
  private sent = 0;
  private lastSent: OutgoingRequest | undefined;
  private failures = 0;
  private retries423 = 0;
  private stopping: StopGuard | undefined;

  constructor(private readonly options: SubscriptionOptions) {
    this.requestedSec = options.expiresSec ?? 3600;
    if (!Number.isInteger(this.requestedSec) || this.requestedSec <= 0) throw new RangeError(`expiresSec must be a positive integer, got ${this.requestedSec}`);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.log = options.logs.get("sip.subscription", options.logId ?? options.identity.event);
    this.timers = new SubscriptionTimers(options.clock);
  }

  get state(): SubscriptionState {
    return this.current;
  }

  onChange(listener: SubscriptionListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Sends the first SUBSCRIBE. Does nothing unless unsubscribed and not stopping. */
  start(): void {
    if (this.current !== "unsubscribed" || this.stopping) return;
    this.subscribeNow("start");
  }

  /** RFC 6665 §4.1.2.3: un-SUBSCRIBE (Expires: 0), then settle once the final NOTIFY came or in bounded time. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping.done;
    if (this.current === "unsubscribed") return Promise.resolve();
    this.timers.cancelAll();
    const guard = new StopGuard(this.options.clock, this.options.stopTimeoutMs ?? 5_000, () => this.finishStop("un-SUBSCRIBE not settled in time"));
    this.stopping = guard;
    if (this.inFlight === undefined) this.sendUnsubscribe();
    return guard.done;
  }

  /** A NOTIFY from the core. True if it belongs to this subscription (it has been answered). */
  handleNotify(request: SipRequest, tx: ServerTransaction): boolean {
    const attempt = this.attempt;
    const id = incomingRequestDialogId(request);
    if (!attempt || !id || id.callId !== attempt.callId || id.localTag !== attempt.fromTag) return false;
    const answer = (status: number, reason?: string): true => {
      tx.respond(notifyResponse(request, status, { reason }));
      return true;
    };
    // One dialog per subscription: a NOTIFY from another fork is refused, which ends it there (§4.2.2).
    if (attempt.dialog && attempt.dialog.id.remoteTag !== id.remoteTag) return answer(481);
    if (!attempt.dialog) {
      // §4.1.2.4: a NOTIFY may arrive before the SUBSCRIBE's 2xx; it creates the dialog.
      const made = Dialog.asUas(request, { localTag: attempt.fromTag, localContact: this.options.contact(), overTls: false });
      if (!made.ok) return answer(400, made.error);
      attempt.dialog = made.value;
    }
    const dialog = attempt.dialog;
    const order = dialog.receiveRequest(request);
    if (!order.ok) return answer(order.error);
    const event = parseEvent(request.headers.get("Event"));
    if (!event.ok) return answer(400, event.error);
    if (event.value.package !== this.options.identity.event) return answer(489); // §4.1.3
    const state = parseSubscriptionState(request.headers.get("Subscription-State"));
    if (!state.ok) return answer(400, state.error);
    if (request.body.length > 0) {
      const read = this.options.onBody(request.body.toString("utf8"), request.headers.get("Content-Type"));
      if (!read.ok) return answer(400, read.error);
    }
    dialog.refreshTarget(request); // NOTIFY is a target refresh request (RFC 6665 §3.2)
    answer(200);
    attempt.notified = true;
    this.timers.noNotify.cancel();
    this.onState(state.value);
    return true;
  }

  private subscribeNow(why: string): void {
    this.timers.cancelAll();
    this.attempt = { callId: newCallId(), fromTag: newTag(), cseq: 0, dialog: undefined, establishedAtMs: undefined, notified: false };
    this.transition("subscribing", why);
    this.sendInitial();
  }

  private sendInitial(): void {
    const attempt = this.attempt!;
    // A 423 retry stays in the Call-ID: its CSeq rises above the last one sent, challenged re-sends included.
    attempt.cseq = Math.max(attempt.cseq, this.lastSent ? cseqOf(this.lastSent.request) : 0) + 1;
    const request = buildInitialSubscribe(this.options.identity, {
      callId: attempt.callId, fromTag: attempt.fromTag, cseq: attempt.cseq, contact: this.options.contact(), expiresSec: this.requestedSec,
    });
    this.send(request, (outcome) => this.onInitialOutcome(outcome, request, attempt));
  }

  private sendInDialog(expiresSec: number, onFinal: (outcome: FinalOutcome) => void): void {
    const dialog = this.attempt!.dialog!;
    const request = dialog.createRequest("SUBSCRIBE", { headers: subscribeHeaders(this.options.identity, this.options.contact(), expiresSec) });
    this.send(request, (outcome) => {
      // RFC 3261 §22.2: a challenged re-send raised the CSeq; keep the dialog's count at or above it.
      const used = this.lastSent ? cseqOf(this.lastSent.request) : 0;
      while ((dialog.localSeq ?? 0) < used) dialog.createRequest("SUBSCRIBE");
      onFinal(outcome);
    });
  }

  private send(request: SipRequest, onFinal: (outcome: FinalOutcome) => void): void {
    const id = ++this.sent;
    this.inFlight = id;
    const settle = (outcome: FinalOutcome): void => {
      if (this.inFlight !== id) return;
      this.inFlight = undefined;
      onFinal(outcome);
    };
    this.lastSent = this.options.sender.send(request, finalOutcomeUser(settle));
  }

  private onInitialOutcome(outcome: FinalOutcome, request: SipRequest, attempt: Attempt): void {
    const { status, response } = outcome;
    if (status >= 200 && status < 300 && response) {
      const dialog = Dialog.asUac(request, response, this.options.contact());
      if (!dialog.ok) return this.stopping ? this.finishStop(dialog.error) : this.onFailed({ ...outcome, reason: dialog.error });
      // §4.1.2.1: the 2xx's Expires is the duration granted.
      attempt.dialog = dialog.value;
      attempt.establishedAtMs = this.options.clock.now();
      if (this.stopping) return this.sendUnsubscribe();
      const granted = parseDeltaSeconds(response.headers.get("Expires")) ?? this.requestedSec;
      if (granted === 0) return this.onFailed({ ...outcome, reason: "notifier granted 0 s" });
      this.retries423 = 0;
      this.schedule(granted);
      // §4.1.2.4: no NOTIFY within 64·T1 of the 2xx → the subscription failed.
      if (!attempt.notified) this.timers.noNotify.set(64 * (this.options.t1Ms ?? 500), () => this.onFailed({ status: 408, reason: "no NOTIFY after the 2xx", response: undefined }));
      this.log.info(`SUBSCRIBE ${this.options.identity.event} accepted (${status}), expires ${granted} s`);
      return;
    }
    if (this.stopping) return this.finishStop(`SUBSCRIBE answered ${status}`);
    if (this.retryBrief(outcome)) return this.sendInitial();
    if (status === 489) return this.reject(`489 ${outcome.reason}: the notifier does not know event ${this.options.identity.event}`);
    this.onFailed(outcome);
  }

  private onRefreshDue(): void {
    if (this.inFlight !== undefined || !this.attempt?.dialog) return;
    this.sendInDialog(this.requestedSec, (outcome) => this.onRefreshOutcome(outcome));
  }

  private onRefreshOutcome(outcome: FinalOutcome): void {
    if (this.stopping) return this.sendUnsubscribe();
    const { status, response } = outcome;
    if (status >= 200 && status < 300 && response) {
      this.failures = 0;
      this.attempt?.dialog?.refreshTarget(response);
      const granted = parseDeltaSeconds(response.headers.get("Expires")) ?? this.requestedSec;
      if (granted === 0) return this.subscribeNow("notifier granted 0 s on refresh");
      this.schedule(granted);
      return;
    }
    if (this.retryBrief(outcome)) return this.onRefreshDue();
    if (status === 489) return this.reject(`489 ${outcome.reason} on refresh`);
    // §4.1.2.2: 481 and its kin end the subscription; any other failure leaves it valid until it expires.
    if (status === 481) return this.subscribeNow("refresh answered 481");
    if (ENDING_REFRESH.has(status)) return this.onFailed(outcome);
    const delayMs = this.nextDelayMs(response ? retryAfterMs(response) : undefined);
    this.log.warn(`refresh failed: ${status} ${outcome.reason}; trying again in ${Math.round(delayMs / 1000)} s`);
    this.timers.next.set(delayMs, () => this.onRefreshDue());
  }

  /** §4.1.3: what the Subscription-State of a NOTIFY we accepted asks for. */
  private onState(header: SubscriptionStateHeader): void {
    if (this.stopping) {
      if (header.state === "terminated") this.finishStop(`terminated (${header.reason ?? "no reason"})`);
      return;
    }
    if (header.state !== "terminated") {
      if (header.expiresSec !== undefined && header.expiresSec > 0 && this.attempt?.establishedAtMs !== undefined && this.inFlight === undefined) {
        this.schedule(header.expiresSec); // §4.1.3: the expires parameter is authoritative
      }
      this.transition(header.state, "NOTIFY");
      return;
    }
    const reason = header.reason ?? "no reason";
    if (FINAL_REASONS.has(reason)) return this.reject(`terminated by the notifier (${reason})`);
    this.creditLongLife();
    if (AT_ONCE_REASONS.has(reason) && this.failures === 0) {
      this.failures++;
      return this.subscribeNow(`terminated (${reason}); subscribing again`);
    }
    const floor = header.retryAfterSec === undefined ? undefined : header.retryAfterSec * 1000;
    this.retryLater(`terminated (${reason})`, floor);
  }

  private onFailed(outcome: FinalOutcome): void {
    this.creditLongLife();
    this.retryLater(`${outcome.status} ${outcome.reason}`, outcome.response ? retryAfterMs(outcome.response) : undefined);
  }

  private retryLater(why: string, notBeforeMs: number | undefined): void {
    const delayMs = this.nextDelayMs(notBeforeMs);
    this.dropAttempt();
    this.log.warn(`subscription to ${this.options.identity.event}: ${why}; subscribing again in ${Math.round(delayMs / 1000)} s`);
    this.timers.next.set(delayMs, () => this.subscribeNow("retry"));
    this.transition("waiting", why);
  }

  /** One more failure: RFC 5626 §4.5 back-off; Retry-After (RFC 3261 §20.33, RFC 6665 §4.1.3) is a floor, capped at max-time. */
  private nextDelayMs(notBeforeMs: number | undefined): number {
    this.failures++;
    const jitterMs = backoffDelayMs(this.failures, this.options.random ?? Math.random, this.backoff);
    return notBeforeMs === undefined ? jitterMs : Math.min(Math.max(jitterMs, notBeforeMs), this.backoff.maxMs);
  }

  /** A subscription that lived at least base-time counts as a success: back-off starts over. */
  private creditLongLife(): void {
    const since = this.attempt?.establishedAtMs;
    if (since !== undefined && this.options.clock.now() - since >= this.backoff.baseMs) this.failures = 0;
  }

  /** RFC 3261 §10.2.8 applied to SUBSCRIBE (RFC 6665 §4.2.1.1): 423 → ask again with Min-Expires. */
  private retryBrief(outcome: FinalOutcome): boolean {
    const min = outcome.status === 423 && outcome.response ? parseDeltaSeconds(outcome.response.headers.get("Min-Expires")) : undefined;
    if (min === undefined || min <= this.requestedSec || this.retries423 >= MAX_423_RETRIES) return false;
    this.retries423++;
    this.requestedSec = min;
    return true;
  }

  /** Forgets the current subscription: its timers, and the answer to any SUBSCRIBE still out for it. */
  private dropAttempt(): void {
    this.timers.cancelAll();
    this.attempt = undefined;
    this.inFlight = undefined;
  }

  private reject(why: string): void {
    this.log.error(`subscription to ${this.options.identity.event} given up: ${why}`);
    this.dropAttempt();
    this.transition("rejected", why);
  }

  /** Refresh at the registration rule (half the grant when short, grant − 64 s when long); lapse at the grant. */
  private schedule(grantedSec: number): void {
    this.timers.next.set(refreshDelayMs(grantedSec), () => this.onRefreshDue());
    this.timers.expiry.set(grantedSec * 1000, () => this.subscribeNow("subscription lapsed without a refresh"));
  }

  private sendUnsubscribe(): void {
    if (!this.attempt?.dialog) return this.finishStop("nothing to remove");
    this.sendInDialog(0, (outcome) => {
      if (outcome.status < 200 || outcome.status >= 300) return this.finishStop(`un-SUBSCRIBE answered ${outcome.status}`);
      this.stopping?.shorten(FINAL_NOTIFY_WAIT_MS);
    });
  }

  private finishStop(why: string): void {
    const stopping = this.stopping;
    if (!stopping) return;
    this.stopping = undefined;
    this.inFlight = undefined;
    this.attempt = undefined;
    this.failures = 0;
    this.timers.cancelAll();
    this.log.info(`unsubscribed from ${this.options.identity.event} (${why})`);
    this.transition("unsubscribed", why);
    stopping.finish();
  }

  private transition(to: SubscriptionState, why: string): void {
    if (to === this.current) return;
    if (!ALLOWED[this.current].includes(to)) throw new Error(`subscription ${this.current} -> ${to}`);
    this.log.debug(`${this.current} -> ${to} (${why})`);
    this.current = to;
    tellEach(this.listeners, this.log, "state", to, why);
  }
}
