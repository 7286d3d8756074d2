/**
 * The running agent: the configuration, the logs and the SIP user agent, started
 * and stopped together. (Lines, media and the web page join here in later work.)
 * A configuration change restarts the SIP side with the new accounts.
 */
import { readFile } from "node:fs/promises";
import type { Config } from "../config/index.js";
import type { IncomingCall } from "../sip/session/index.js";
import type { Account } from "../sip/ua/account.js";
import { UserAgent } from "../sip/ua/user-agent.js";
import type { Clock } from "../util/clock.js";
import type { Logger, Logs } from "../util/log.js";
import type { Result } from "../util/result.js";
import { err, ok } from "../util/result.js";
import { enabledAccounts } from "./sip-accounts.js";
import { loadOrCreateTlsIdentity } from "./tls-identity.js";
import type { UserAgentOptions } from "../sip/ua/user-agent.js";

export const VERSION = "0.1.0";

export interface AgentOptions {
  clock: Clock;
  logs: Logs;
  /** Folder for files the agent makes itself (the TLS certificate): beside the configuration file. */
  stateDir: string;
}

export class Agent {
  private ua: UserAgent | undefined;
  private readonly log: Logger;

  constructor(private readonly options: AgentOptions) {
    this.log = options.logs.get("agent");
  }

  get userAgent(): UserAgent | undefined {
    return this.ua;
  }

  /** Starts SIP with the configuration's enabled accounts. */
  async start(config: Config): Promise<Result<void>> {
    const accounts = enabledAccounts(config);
    if (!accounts.ok) return err(accounts.error);
    const listen = await this.listenOptions(config);
    if (!listen.ok) return err(listen.error);
    const { clock, logs } = this.options;
    const { sip } = config;
    const ua = new UserAgent({
      clock, logs,
      listen: listen.value,
      timers: { T1: sip.T1Ms, T2: sip.T2Ms, T4: sip.T4Ms },
      userAgent: sip.userAgent,
      accounts: accounts.value,
      onIncoming: (account, call) => this.onIncoming(account, call),
    });
    for (const account of ua.accounts) {
      account.registration?.onChange((state, detail) => {
        const extra = [detail.status && `${detail.status} ${detail.reason ?? ""}`.trim(), detail.expiresSec && `expires ${detail.expiresSec} s`, detail.retryInMs && `retry in ${Math.round(detail.retryInMs / 1000)} s`].filter(Boolean);
        this.log.info(`${account.settings.id} registration ${state}${extra.length ? ` (${extra.join(", ")})` : ""}`);
      });
    }
    try {
      await ua.start();
    } catch (error) {
      return err(`SIP could not start: ${(error as Error).message}`);
    }
    this.ua = ua;
    if (accounts.value.length === 0) this.log.warn("no line is enabled: add a SIP account to the configuration");
    return ok(undefined);
  }

  /** UDP and TCP as configured; TLS when asked for or when a line uses it (DESIGN: sip.tlsPort). */
  private async listenOptions(config: Config): Promise<Result<UserAgentOptions["listen"]>> {
    const { sip } = config;
    const socket = (port: number) => ({ address: sip.bindAddress, port, advertisedAddress: sip.advertisedAddress || undefined });
    const listen: UserAgentOptions["listen"] = {
      udp: sip.udp ? socket(sip.localPort) : undefined,
      tcp: sip.tcp ? socket(sip.localPort) : undefined,
    };
    const tlsLines = config.lines.filter((l) => l.enabled && l.account.transport === "tls");
    if (sip.tlsPort === undefined && tlsLines.length === 0) return ok(listen);
    const identity = await loadOrCreateTlsIdentity(`${this.options.stateDir}/tls`, this.log);
    if (!identity.ok) return identity;
    let ca: string | undefined;
    if (sip.tlsCaFile) {
      try {
        ca = await readFile(sip.tlsCaFile, "utf8");
      } catch (error) {
        return err(`sip.tlsCaFile ${sip.tlsCaFile}: ${(error as Error).message}`);
      }
    }
    const port = sip.tlsPort ?? (sip.localPort === 0 ? 0 : sip.localPort + 1);
    const verify = tlsLines.every((l) => l.account.tlsVerify);
    listen.tls = { ...socket(port), ...identity.value, ca, rejectUnauthorized: verify };
    return ok(listen);
  }

  /** Un-registers, ends calls and closes sockets (bounded in time). */
  async stop(): Promise<void> {
    const ua = this.ua;
    this.ua = undefined;
    await ua?.stop();
  }

  /** Until the phone line is wired (next issue), an incoming call finds no phone to ring. */
  private onIncoming(account: Account, call: IncomingCall): void {
    this.log.info(`${account.settings.id}: incoming call refused, no line attached yet`);
    call.reject(480, "No Phone Attached");
  }
}
