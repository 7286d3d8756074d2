/**
 * Keeps one Contact bound to one address of record at one registrar
 * (RFC 3261 §10.2), refreshes it before it lapses, backs off after failures
 * (RFC 5626 §4.5) and removes it on stop (§10.2.2). Digest challenges are
 * answered by the sender it is given; a 401/407 seen here is a refusal.
 *
 *                 start()                2xx
 *  unregistered ──────────→ registering ─────→ registered ──┐ refresh 2xx: stays
 *       ↑                     │  ↑   ↑──OPTIONS lost──┘ │  ←─┘
 *       │                 fail│  └─retry timer─┐        │ refresh fails
 *       │                     └──────────────→ failed ←─┘
 *       └──── stop(): un-REGISTER answered or timed out (from any other state)
 *
 * Only one REGISTER is outstanding at a time (§10.2); answers to a request that
 * is no longer the current one are ignored. NAT Contact rewriting from the
 * 2xx's Via received/rport is not done.
 */
import { uriEqual } from "../message/index.js";
import type { SipResponse, SipUri } from "../message/index.js";
import { finalOutcomeUser, type FinalOutcome } from "../transaction/final-outcome.js";
import type { OutgoingRequest } from "../ua/types.js";
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { grantedExpiresSec, parseDeltaSeconds, retryAfterMs } from "./binding.js";
import { KeepAlive } from "./keep-alive.js";
import { newCallId, newTag } from "../dialog/index.js";
import { DEFAULT_ALLOW, buildRegister, cseqOf } from "./requests.js";
import type { RequestIdentity } from "./requests.js";
import { DEFAULT_BACKOFF, backoffDelayMs, refreshDelayMs } from "./timing.js";
import type { BackoffOptions, RegistrationDetail, RegistrationListener, RegistrationOptions, RegistrationState } from "./types.js";
import { tellEach } from "../../util/listeners.js";

const ALLOWED: Record<RegistrationState, readonly RegistrationState[]> = {
  unregistered: ["registering"],
  registering: ["registered", "failed", "unregistered"],
  registered: ["registering", "failed", "unregistered"],
  failed: ["registering", "unregistered"],
};

/** A 423 is retried at most this many times in a row, so a registrar raising Min-Expires by 1 cannot loop us. */
const MAX_423_RETRIES = 3;
const DEFAULT_STOP_TIMEOUT_MS = 5_000;

export class RegistrationStateError extends Error {}

export class RegistrationClient {
  private current: RegistrationState = "unregistered";
  private readonly listeners = new Set<RegistrationListener>();
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly backoff: BackoffOptions;
  private readonly identity: RequestIdentity;
  private readonly keepAlive: KeepAlive;
  /** §10.2.4: one Call-ID and one From tag for every REGISTER of this client. */
  private readonly callId = newCallId();
  private readonly fromTag = newTag();
  private cseq = 0;
  /** The last REGISTER as finally sent: a challenged re-send raised its CSeq (§22.2). */
  private lastSent: OutgoingRequest | undefined;
  private requestedSec: number;
  /** The Contact last sent with a non-zero expiry: it may be bound at the registrar. */
  private boundContact: SipUri | undefined;
  private failures = 0;
  private retries423 = 0;
  /** Id of the REGISTER awaiting its final outcome; answers to any other id are stale. */
  private inFlight: number | undefined;
  private sent = 0;
  /** The refresh timer while registered, the retry timer while failed. */
  private nextAttempt: Timer | undefined;
  private stopping: { done: Promise<void>; resolve: () => void; guard: Timer } | undefined;

  constructor(private readonly options: RegistrationOptions) {
    this.requestedSec = options.expiresSec ?? 300;
    if (!Number.isInteger(this.requestedSec) || this.requestedSec <= 0) {
      throw new RangeError(`expiresSec must be a positive integer, got ${this.requestedSec}`);
    }
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.log = options.logs.get("sip.reg", options.logId ?? options.aor.user);
    this.identity = {
      aor: options.aor,
      registrar: options.registrar,
      displayName: options.displayName,
      userAgent: options.userAgent,
      allow: options.allow ?? DEFAULT_ALLOW,
    };
    this.keepAlive = new KeepAlive({
      options: options.keepAlive ?? { mode: "off", intervalMs: 0 },
      clock: this.clock,
      random: this.random,
      sender: options.sender,
      identity: this.identity,
      log: this.log,
      onRegistrarLost: (status, reason) => this.onRegistrarLost(status, reason),
    });
  }

  get state(): RegistrationState {
    return this.current;
  }

  /** Calls `listener` on every state change; returns a function that unsubscribes it. */
  onChange(listener: RegistrationListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Sends the first REGISTER. Does nothing unless unregistered and not stopping. */
  start(): void {
    if (this.current !== "unregistered" || this.stopping) {
      this.log.debug(`start ignored in ${this.current}`);
      return;
    }
    this.transition("registering", {});
    this.sendRegister();
  }

  /** Registers again now: refreshes a binding, or cuts a failure backoff short. */
  refreshNow(): void {
    if (this.current === "unregistered" || this.stopping || this.inFlight !== undefined) {
      this.log.debug(`refreshNow ignored in ${this.current}`);
      return;
    }
    this.cancelNextAttempt();
    if (this.current === "failed") this.transition("registering", {});
    this.sendRegister();
  }

  /**
   * RFC 3261 §10.2.2: removes our binding (expires=0 for our Contact only), then
   * settles in unregistered once answered or after `stopTimeoutMs`. Cancels every timer.
   */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping.done;
    if (this.current === "unregistered") return Promise.resolve();
    this.cancelNextAttempt();
    this.keepAlive.stop();
    let resolve = (): void => undefined;
    const done = new Promise<void>((r) => {
      resolve = r;
    });
    const guard = this.clock.setTimer(this.options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS, () =>
      this.finishStop({ reason: "un-REGISTER not answered in time" }),
    );
    this.stopping = { done, resolve, guard };
    // §10.2: a new REGISTER waits for the final answer to the outstanding one.
    if (this.inFlight === undefined) this.sendUnregister();
    return done;
  }

  private sendRegister(): void {
    const contact = this.options.contact();
    const bindings = [{ uri: contact, expiresSec: this.requestedSec }];
    // Our Contact changed (new address): drop the old binding in the same request.
    if (this.boundContact && !uriEqual(this.boundContact, contact)) bindings.push({ uri: this.boundContact, expiresSec: 0 });
    this.boundContact = contact;
    this.send(bindings, this.requestedSec, (outcome) => this.onRegisterOutcome(outcome, contact));
  }

  private sendUnregister(): void {
    const contact = this.boundContact;
    if (!contact) {
      this.finishStop({});
      return;
    }
    this.send([{ uri: contact, expiresSec: 0 }], 0, (outcome) => {
      if (outcome.status >= 200 && outcome.status < 300) this.boundContact = undefined;
      this.finishStop({ status: outcome.status, reason: outcome.reason });
    });
  }

  private send(bindings: Array<{ uri: SipUri; expiresSec: number }>, expiresSec: number, onFinal: (outcome: FinalOutcome) => void): void {
    const id = ++this.sent;
    this.inFlight = id;
    // §10.2.4: CSeq rises by one per REGISTER, above any CSeq an authenticated re-send used.
    this.cseq = Math.max(this.cseq, this.lastSent ? cseqOf(this.lastSent.request) : 0) + 1;
    const request = buildRegister({ identity: this.identity, callId: this.callId, fromTag: this.fromTag, cseq: this.cseq, bindings, expiresSec });
    const settle = (outcome: FinalOutcome): void => {
      if (this.inFlight !== id) return;
      this.inFlight = undefined;
      onFinal(outcome);
    };
    this.lastSent = this.options.sender.send(request, finalOutcomeUser(settle));
  }

  private onRegisterOutcome(outcome: FinalOutcome, contact: SipUri): void {
    if (this.stopping) {
      this.sendUnregister();
      return;
    }
    const { status, response } = outcome;
    if (status >= 200 && status < 300 && response) {
      this.onRegistered(response, contact);
      return;
    }
    // RFC 3261 §10.2.8: 423 Interval Too Brief → retry at once with Min-Expires, if it is larger.
    const minExpires = status === 423 && response ? parseDeltaSeconds(response.headers.get("Min-Expires")) : undefined;
    if (minExpires !== undefined && minExpires > this.requestedSec && this.retries423 < MAX_423_RETRIES) {
      this.retries423++;
      this.log.info(`registrar wants at least ${minExpires} s; asking again`);
      this.requestedSec = minExpires;
      this.sendRegister();
      return;
    }
    this.onFailed(outcome);
  }

  private onRegistered(response: SipResponse, contact: SipUri): void {
    const granted = grantedExpiresSec(response, contact, this.requestedSec);
    if (granted === 0) {
      this.onFailed({ status: response.status, reason: "registrar granted 0 s", response });
      return;
    }
    this.failures = 0;
    this.retries423 = 0;
    const refreshMs = refreshDelayMs(granted);
    this.nextAttempt = this.clock.setTimer(refreshMs, () => this.onRefreshDue());
    if (this.current === "registered") {
      this.log.debug(`refreshed, expires ${granted} s, next refresh in ${refreshMs / 1000} s`);
      return;
    }
    this.log.info(`registered, expires ${granted} s, refresh in ${refreshMs / 1000} s`);
    this.keepAlive.start();
    this.transition("registered", { status: response.status, reason: response.reason, expiresSec: granted });
  }

  private onFailed(outcome: FinalOutcome): void {
    this.failures++;
    let delayMs = backoffDelayMs(this.failures, this.random, this.backoff);
    const notBefore = outcome.response ? retryAfterMs(outcome.response) : undefined;
    // §20.33 Retry-After: not before then; capped at max-time so a hostile value cannot park us for days.
    if (notBefore !== undefined) delayMs = Math.min(Math.max(delayMs, notBefore), this.backoff.maxMs);
    this.keepAlive.stop();
    this.nextAttempt = this.clock.setTimer(delayMs, () => this.onRetryDue());
    this.log.warn(`registration failed: ${outcome.status} ${outcome.reason}; retry in ${Math.round(delayMs / 1000)} s`);
    this.transition("failed", { status: outcome.status, reason: outcome.reason, retryInMs: delayMs });
  }

  private onRefreshDue(): void {
    this.nextAttempt = undefined;
    this.sendRegister();
  }

  private onRetryDue(): void {
    this.nextAttempt = undefined;
    this.transition("registering", {});
    this.sendRegister();
  }

  /** The keep-alive found the registrar gone: re-register now, backing off if that fails too. */
  private onRegistrarLost(status: number, reason: string): void {
    if (this.current !== "registered" || this.stopping || this.inFlight !== undefined) return;
    this.cancelNextAttempt();
    this.transition("registering", { status, reason });
    this.sendRegister();
  }

  private finishStop(detail: RegistrationDetail): void {
    const stopping = this.stopping;
    if (!stopping) return;
    stopping.guard.cancel();
    this.stopping = undefined;
    this.inFlight = undefined;
    this.failures = 0;
    this.retries423 = 0;
    this.log.info(detail.status === undefined ? `unregistered (${detail.reason ?? "nothing to remove"})` : `unregistered (${detail.status} ${detail.reason ?? ""})`);
    this.transition("unregistered", detail);
    stopping.resolve();
  }

  private cancelNextAttempt(): void {
    this.nextAttempt?.cancel();
    this.nextAttempt = undefined;
  }

  private transition(to: RegistrationState, detail: RegistrationDetail): void {
    if (!ALLOWED[this.current].includes(to)) throw new RegistrationStateError(`${this.current} -> ${to}`);
    this.log.debug(`${this.current} -> ${to}`);
    this.current = to;
    tellEach(this.listeners, this.log, "state", to, detail);
  }
}
