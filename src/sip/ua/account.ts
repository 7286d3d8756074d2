/**
 * One SIP account: its authenticated sender, its registration, its INVITE
 * sessions and its message waiting (RFC 3842). The UA core hands it the requests
 * addressed to its user; sessions see them first, then message waiting (NOTIFY).
 */
import { AuthenticatingSender, DigestAuthenticator } from "../auth/index.js";
import { MessageWaiting } from "../event/index.js";
import type { MessageSummary, MessageSummaryListener, MwiSettings, SubscriptionState } from "../event/index.js";
import type { SipRequest, SipResponse, SipUri } from "../message/index.js";
import { RegistrationClient } from "../registration/index.js";
import type { RegistrationState } from "../registration/index.js";
import { SessionManager } from "../session/index.js";
import type { CallUser, IncomingCall, OutgoingCall } from "../session/index.js";
import type { ServerTransaction, TimerSettings } from "../transaction/index.js";
import type { Protocol } from "../transport/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logs } from "../../util/log.js";
import { callerIdentity, type CallExtras } from "./caller-identity.js";
import type { CoreHandler, UserAgentCore } from "./core.js";

export interface AccountSettings {
  /** For logs, e.g. "line0". */
  id: string;
  /** Address of record, sip:user@domain. */
  aor: SipUri;
  /** Request-URI of REGISTER, sip:domain[:port]. */
  registrar: SipUri;
  outboundProxy?: SipUri | undefined;
  authUser: string;
  password: string;
  displayName: string;
  protocol: Protocol;
  /** Expiry asked for, seconds; 0 means do not register. */
  registerExpiresSec: number;
  keepAlive: { mode: "crlf" | "options" | "off"; intervalMs: number };
  /** Message waiting: subscribe to message-summary (RFC 3842); unsolicited NOTIFYs are taken either way. */
  mwi?: MwiSettings | undefined;
  /** How calls with hidden caller ID say so (CallExtras.anonymousMethod); default "from". */
  anonymousMethod?: "from" | "privacy" | undefined;
}

export interface AccountDeps {
  core: UserAgentCore;
  clock: Clock;
  logs: Logs;
  timers: TimerSettings;
  allow: string[];
  supported: string[];
  userAgent: string;
  /** Sends a CRLF keep-alive on the flow towards `uri` (RFC 5626 §4.4.1). */
  sendCrlf(towards: SipUri): void;
  onIncoming(account: Account, call: IncomingCall): void;
}

export class Account implements CoreHandler {
  readonly registration: RegistrationClient | undefined;
  readonly sessions: SessionManager;
  readonly mwi: MessageWaiting;
  private readonly sender: AuthenticatingSender;

  constructor(readonly settings: AccountSettings, deps: AccountDeps) {
    const log = deps.logs.get("sip.account", settings.id);
    this.sender = new AuthenticatingSender(
      deps.core.senderFor({ outboundProxy: settings.outboundProxy, protocol: settings.protocol }),
      new DigestAuthenticator({ authUser: settings.authUser || settings.aor.user || "", password: settings.password }, { logger: log }),
      { logger: log },
    );
    const contact = (): SipUri => this.sender.contactUri(settings.protocol, settings.aor.user);
    this.sessions = new SessionManager({
      sender: this.sender, clock: deps.clock, logs: deps.logs, timers: { T1: deps.timers.T1, T2: deps.timers.T2 },
      allow: deps.allow, supported: deps.supported, userAgent: deps.userAgent,
      localContact: (protocol) => this.sender.contactUri(protocol, settings.aor.user),
      onIncoming: (call) => deps.onIncoming(this, call),
      // Referred-By (RFC 3892) names the account even on calls that hide our identity.
      aor: callerIdentity(settings.aor, settings.displayName, {}).from,
    });
    this.mwi = new MessageWaiting({
      settings: settings.mwi, from: callerIdentity(settings.aor, settings.displayName, {}).from, contact,
      sender: this.sender, clock: deps.clock, logs: deps.logs, logId: settings.id,
      allow: deps.allow, userAgent: deps.userAgent, t1Ms: deps.timers.T1,
    });
    if (settings.registerExpiresSec > 0) {
      const flow = settings.outboundProxy ?? settings.registrar;
      this.registration = new RegistrationClient({
        aor: settings.aor, registrar: settings.registrar, contact, displayName: settings.displayName || undefined,
        expiresSec: settings.registerExpiresSec, sender: this.sender, clock: deps.clock, logs: deps.logs,
        keepAlive: { ...settings.keepAlive, sendCrlf: () => deps.sendCrlf(flow) },
        userAgent: deps.userAgent, allow: deps.allow, logId: settings.id,
      });
    }
  }

  get registrationState(): RegistrationState {
    return this.registration?.state ?? "unregistered";
  }

  /** The message-summary subscription's state; undefined when not subscribing. */
  get mwiState(): SubscriptionState | undefined {
    return this.mwi.subscription?.state;
  }

  /** The last message summary received (subscription or unsolicited NOTIFY). */
  get messageSummary(): MessageSummary | undefined {
    return this.mwi.latest;
  }

  /** Calls `listener` with every message summary received; returns a function that removes it. */
  onMessageSummary(listener: MessageSummaryListener): () => void {
    return this.mwi.onSummary(listener);
  }

  /**
   * Calls `target`: a full SIP URI, or a user part (digits) at the account's domain.
   * `extras.anonymous` hides our identity (RFC 3323/3325); `extras.headers` go into the INVITE.
   */
  call(target: SipUri, offer: string, user: CallUser, extras: CallExtras = {}): OutgoingCall {
    const { from, headers } = callerIdentity(this.settings.aor, this.settings.displayName, { anonymousMethod: this.settings.anonymousMethod, ...extras });
    return this.sessions.call({ target, offer, user, protocol: this.settings.protocol, from, headers });
  }

  /** The URI for dialling `digits` through this account: sip:digits@domain. */
  targetFor(digits: string): SipUri {
    return { ...this.settings.aor, user: digits, params: {}, headers: {} };
  }

  start(): void {
    this.registration?.start();
    this.mwi.start();
  }

  /** Ends calls (BYE/CANCEL), then un-SUBSCRIBEs and removes the registration; bounded in time. */
  async stop(): Promise<void> {
    await this.sessions.close();
    await Promise.all([this.mwi.stop(), this.registration?.stop()]);
  }

  serves(requestUri: SipUri): boolean {
    return requestUri.user === this.settings.aor.user;
  }

  handleRequest(request: SipRequest, transaction: ServerTransaction | undefined): boolean {
    return this.sessions.handleRequest(request, transaction) || this.mwi.handleRequest(request, transaction);
  }

  handleCancel(cancel: SipRequest, cancelTransaction: ServerTransaction, inviteTransaction: ServerTransaction): boolean {
    return this.sessions.handleCancel(cancel, cancelTransaction, inviteTransaction);
  }

  handleStrayResponse(response: SipResponse): boolean {
    return this.sessions.handleStrayResponse(response);
  }
}
