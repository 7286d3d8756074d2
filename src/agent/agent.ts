/**
 * The running agent: the board (its lines), the web API and the SIP user agent.
 * start() opens the configured board (or the simulated one where the hardware is not
 * here) and the web server once, and keeps them across configuration changes unless
 * "board" or "web" changed; stop() ends the SIP side only (a configuration change
 * restarts it); shutdown() ends everything. Each port is a PhonePort: the line layer reads
 * it and its call controller places and answers calls on the line's SIP account.
 */
import { readFile } from "node:fs/promises";
import { detectBoard, findBoard, nodeDetectFs, openBoard, type DetectFs, type RunningBoard } from "../../board/index.js";
import { applyFeatureChange, defaultLine, verifyAdminPassword, type Config, type FeatureChange } from "../config/index.js";
import type { IncomingCall } from "../sip/session/index.js";
import type { Account } from "../sip/ua/account.js";
import { UserAgent } from "../sip/ua/user-agent.js";
import type { Clock } from "../util/clock.js";
import type { Logger, Logs } from "../util/log.js";
import type { Result } from "../util/result.js";
import { err, ok } from "../util/result.js";
import { onlyFeaturesDiffer } from "./config-change.js";
import { checkDialPlans } from "./dial-plans.js";
import { PhonePort } from "./phone-port.js";
import { PortState } from "../call/port/index.js";
import { enabledAccounts } from "./sip-accounts.js";
import { loadOrCreateTlsIdentity } from "./tls-identity.js";
import type { UserAgentOptions } from "../sip/ua/user-agent.js";
import { WebServer, type StatusDocument } from "../web/index.js";

export const VERSION = "0.1.0";

export interface AgentOptions {
  clock: Clock;
  logs: Logs;
  /** Folder for files the agent makes itself (the TLS certificate): beside the configuration file. */
  stateDir: string;
  /** Where board detection reads the machine; default the real file system. */
  detectFs?: DetectFs;
  /** Saves a feature change made from a handset (main.ts: the configuration store); default: kept in memory. */
  saveFeatures?: (lineIndex: number, change: FeatureChange) => Promise<void>;
}

export class Agent {
  private ua: UserAgent | undefined;
  private board: { requested: string; opened: RunningBoard; ports: PhonePort[] } | undefined;
  private web: { port: number; bind: string; server: WebServer } | undefined;
  private config: Config | undefined;
  private readonly startedAtMs: number;
  private readonly log: Logger;

  constructor(private readonly options: AgentOptions) {
    this.log = options.logs.get("agent");
    this.startedAtMs = options.clock.now();
  }

  get userAgent(): UserAgent | undefined {
    return this.ua;
  }

  /** Opens the board and the web server (unless already open as configured), then starts SIP. */
  async start(config: Config): Promise<Result<void>> {
    const plans = checkDialPlans(config);
    if (!plans.ok) return plans;
    this.config = config;
    const board = await this.openBoard(config.board);
    if (!board.ok) return board;
    await this.startWeb(config.web);
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
      account.onMessageSummary((summary) => this.portOf(account)?.messageWaiting(summary.messagesWaiting));
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

  /**
   * A new configuration: when only lines' features differ (a star code, or the web page
   * toggling one), the ports read them at their next decision and nothing restarts;
   * otherwise SIP restarts with it (calls end).
   */
  async apply(next: Config): Promise<Result<void>> {
    if (this.config && onlyFeaturesDiffer(this.config, next)) {
      this.config = next;
      return ok(undefined);
    }
    await this.stop();
    return this.start(next);
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

  /** Un-registers, ends calls and closes SIP sockets (bounded in time); the board and web stay. */
  async stop(): Promise<void> {
    const ua = this.ua;
    this.ua = undefined;
    await ua?.stop();
  }

  /** stop(), then closes the web server and the board. */
  async shutdown(): Promise<void> {
    await this.stop();
    await this.web?.server.close();
    this.web = undefined;
    await this.closeBoard();
  }

  private async closeBoard(): Promise<void> {
    for (const port of this.board?.ports ?? []) port.close();
    await this.board?.opened.close();
    this.board = undefined;
  }

  private async openBoard(name: string): Promise<Result<void>> {
    if (this.board?.requested === name) return ok(undefined);
    await this.closeBoard();
    const spec = findBoard(name);
    if (!spec.ok) return spec;
    const log = this.options.logs.get("board");
    const detected = await detectBoard(spec.value, this.options.detectFs ?? nodeDetectFs, log);
    const opened = await openBoard(detected.spec, { clock: this.options.clock, logs: this.options.logs });
    if (!opened.ok) return err(opened.error);
    const config = this.config!;
    const ports = opened.value.lines.map((line) => {
      // Raw edges, bounce and dial pulses included, for diagnosing a line; the port reads their meaning.
      line.onHookEdge((edge) => log.debug(`line ${line.index} hook ${edge.state} at ${edge.atMs.toFixed(1)} ms`));
      return new PhonePort({
        line, clock: this.options.clock, logs: this.options.logs,
        config: config.lines[line.index] ?? defaultLine(),
        current: () => this.config ?? config,
        account: () => this.ua?.accounts.find((a) => a.settings.id === `line${line.index}`),
        saveFeatures: (change) => this.saveFeatures(line.index, change),
      });
    });
    this.board = { requested: name, opened: opened.value, ports };
    log.info(`${opened.value.name} open with ${opened.value.lines.length} line(s)`);
    return ok(undefined);
  }

  private async startWeb(web: Config["web"]): Promise<void> {
    if (this.web?.port === web.port && this.web.bind === web.bind) return;
    await this.web?.server.close();
    this.web = undefined;
    const server = new WebServer({
      clock: this.options.clock, logs: this.options.logs,
      admin: {
        isSet: () => this.config?.admin.passwordHash !== undefined,
        verify: async (password) => this.config !== undefined && verifyAdminPassword(this.config, password),
      },
      status: () => this.status(),
      sim: (index) => this.board?.opened.handset(index),
    });
    const listening = await server.listen(web.port, web.bind);
    // The phone keeps working without its web page: a busy port is an error to fix, not a reason to stop.
    if (!listening.ok) this.log.error(`${listening.error}; the web API stays off until the next configuration change retries it`);
    else this.web = { ...web, server };
  }

  /** GET /api/status: per line as far as known (no call controller drives a line yet). */
  private status(): StatusDocument {
    const configured = this.config?.lines.length ?? 0;
    const ports = this.board?.opened.lines ?? [];
    const lines = Array.from({ length: Math.max(configured, ports.length) }, (_, index) => ({
      index,
      registration: this.ua?.accounts.find((a) => a.settings.id === `line${index}`)?.registrationState ?? "unregistered",
      hook: this.board?.ports[index]?.hook ?? ports[index]?.hook,
      dialled: this.board?.ports[index]?.dialled,
      state: this.board?.ports[index]?.controller.state ?? "unattached",
      call: this.board?.ports[index]?.callStatus() ?? null,
    }));
    const resources: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) resources[kind] = (resources[kind] ?? 0) + 1;
    return { version: VERSION, uptimeSec: Math.floor((this.options.clock.now() - this.startedAtMs) / 1000), board: this.board?.opened.name ?? "none", lines, resources };
  }

  /**
   * An incoming call rings the port of its account's line. Lines sharing one account (one
   * registration Contact, so the call arrives once) hunt: the first idle port of them rings,
   * and only when none is idle does the account's own port take it (call waiting or busy).
   * A line without a port refuses it.
   */
  private onIncoming(account: Account, call: IncomingCall): void {
    const sharing = (this.ua?.accounts ?? []).filter((a) => sameAccount(a, account)).map((a) => this.portOf(a));
    const port = sharing.find((p) => p?.controller.state === PortState.Idle) ?? this.portOf(account);
    if (port) return port.offered(call);
    this.log.info(`${account.settings.id}: incoming call refused, the board has no port for it`);
    call.reject(480, "No Phone Attached");
  }

  private portOf(account: Account): PhonePort | undefined {
    return this.board?.ports[Number(/^line(\d+)$/.exec(account.settings.id)?.[1])];
  }

  private async saveFeatures(lineIndex: number, change: FeatureChange): Promise<void> {
    if (this.options.saveFeatures) return this.options.saveFeatures(lineIndex, change);
    const next = this.config && applyFeatureChange(this.config, lineIndex, change);
    if (next?.ok) this.config = next.value;
  }
}

/** Two lines configured with the same user at the same registrar. */
function sameAccount(a: Account, b: Account): boolean {
  const [x, y] = [a.settings.aor, b.settings.aor];
  return x.user === y.user && x.host.toLowerCase() === y.host.toLowerCase() && x.port === y.port;
}
