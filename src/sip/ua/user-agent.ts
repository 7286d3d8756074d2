/**
 * The SIP user agent as the rest of dialtone sees it: one transport, one core,
 * and an Account per configured SIP account. Knows nothing of lines or media.
 */
import { SystemDnsResolver, locate } from "../locate/index.js";
import type { DnsResolver } from "../locate/index.js";
import type { MessageSummary, MessageSummarySource } from "../event/index.js";
import type { SipUri } from "../message/index.js";
import type { IncomingCall } from "../session/index.js";
import { DEFAULT_TIMERS, newBranch } from "../transaction/index.js";
import type { TimerSettings } from "../transaction/index.js";
import { TransportLayer } from "../transport/transport-layer.js";
import type { TransportLayerOptions } from "../transport/transport-layer.js";
import type { Protocol } from "../transport/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import { ok } from "../../util/result.js";
import { Account } from "./account.js";
import type { AccountSettings } from "./account.js";
import { UserAgentCore } from "./core.js";

export const ALLOW = ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE", "INFO", "REFER", "NOTIFY"];
export const SUPPORTED = ["replaces"];

export interface UserAgentOptions {
  clock: Clock;
  logs: Logs;
  /** Listening sockets: which protocols, on which address and ports. */
  listen: Pick<TransportLayerOptions, "udp" | "tcp" | "tls">;
  timers?: TimerSettings;
  userAgent: string;
  /** DNS for RFC 3263; the system resolver when absent. */
  resolver?: DnsResolver;
  accounts: AccountSettings[];
  /** A new incoming call; MUST attach a user to it (else it is refused with 480). */
  onIncoming?(account: Account, call: IncomingCall): void;
  /** A message summary arrived for an account (RFC 3842), by subscription or unsolicited NOTIFY. */
  onMessageSummary?(account: Account, summary: MessageSummary, source: MessageSummarySource): void;
}

export class UserAgent {
  readonly transport: TransportLayer;
  readonly core: UserAgentCore;
  readonly accounts: Account[];
  private readonly log: Logger;
  private readonly resolver: DnsResolver;

  constructor(options: UserAgentOptions) {
    this.log = options.logs.get("sip.ua");
    this.resolver = options.resolver ?? new SystemDnsResolver();
    const timers = options.timers ?? DEFAULT_TIMERS;
    this.transport = new TransportLayer({ clock: options.clock, logs: options.logs, user: { onMessage: (m, s) => this.core.receive(m, s) }, ...options.listen });
    this.core = new UserAgentCore({
      clock: options.clock, logs: options.logs, transport: this.transport, timers,
      locate: async (uri, protocol) => ok(await this.locate(uri, protocol)),
      limiter: this.transport.rateLimiter, newBranch, allow: ALLOW, supported: SUPPORTED, userAgent: options.userAgent,
    });
    const onIncoming = options.onIncoming ?? (() => undefined);
    this.accounts = options.accounts.map((settings) => new Account(settings, {
      core: this.core, clock: options.clock, logs: options.logs, timers, allow: ALLOW, supported: SUPPORTED,
      userAgent: options.userAgent, onIncoming, sendCrlf: (towards) => this.sendCrlf(towards, settings.protocol),
    }));
    for (const account of this.accounts) {
      this.core.addHandler(account);
      const report = options.onMessageSummary;
      if (report) account.onMessageSummary((summary, source) => report(account, summary, source));
    }
  }

  /** Binds the sockets and starts every account's registration. */
  async start(): Promise<void> {
    await this.transport.start();
    for (const account of this.accounts) account.start();
  }

  /** Ends calls, un-registers (bounded in time), then closes the sockets. */
  async stop(): Promise<void> {
    await Promise.all(this.accounts.map((a) => a.stop()));
    this.core.close();
    await this.transport.close();
  }

  /**
   * The account's transport decides how its own targets are reached, but a URI that names
   * its transport is followed (RFC 3263 §4.1): a proxy that took our large INVITE over TCP
   * (§18.1.1) record-routes with ;transport=tcp, and the ACK and BYE must go that way too.
   */
  private locate(uri: SipUri, protocol: Protocol | undefined) {
    const named = uri.params.transport !== undefined && uri.params.transport !== null;
    const supported: Protocol[] = protocol === undefined || named ? ["udp", "tcp", "tls"] : [protocol];
    return locate(uri, { resolver: this.resolver, supported, logger: this.log });
  }

  private sendCrlf(towards: SipUri, protocol: Protocol): void {
    void this.locate(towards, protocol).then((targets) => {
      const first = targets[0];
      if (first) this.transport.sendKeepAlive(first).catch((e: Error) => this.log.debug(`keep-alive not sent: ${e.message}`));
    });
  }
}
