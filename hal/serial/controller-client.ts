/**
 * One line controller on one serial device (docs/line-protocol.md): opens the port,
 * handshakes, keeps the clock offset with pings, passes each port's events to the Line
 * serving it, and gets the controller back when it goes away.
 *
 *   connecting ─opened→ handshaking ─V, pings, H→ ready ─lost (close, error, silence, B)→ waiting
 *       ↑                     └─ failed ─→ waiting ──backoff timer──┘                      │
 *       └─────────────────────────────── backoff timer ────────────────────────────────────┘
 *   close() from any state → closed
 * A `B` while ready is handled on the same port (handshaking again without reopening).
 */
import type { Clock, Timer } from "../../src/util/clock.js";
import type { Logger, Logs } from "../../src/util/log.js";
import { err, ok, type Result } from "../../src/util/result.js";
import type { HardwareDigit, HookState, LineFault, Unsubscribe } from "../line.js";
import { CommandChannel, type Command, type Reply } from "./command-channel.js";
import { ControllerTime } from "./controller-time.js";
import { parseControllerLine, protocolMajor, PROTOCOL_MAJOR, type ControllerIdentity, type ControllerMessage } from "./line-protocol.js";
import { LineSplitter } from "./line-splitter.js";
import { SerialConnection } from "./serial-connection.js";
import type { SerialPortFactory } from "./serial-port.js";

export interface ControllerTiming {
  /** §3: wait for an answer before sending a command again. */
  readonly commandTimeoutMs: number;
  readonly commandTries: number;
  /** §2: `V?` is repeated this often, this many times. */
  readonly handshakeIntervalMs: number;
  readonly handshakeTries: number;
  /** §6: pings while ready, and pings at each handshake. */
  readonly pingIntervalMs: number;
  readonly handshakePings: number;
  /** §7: first wait before reopening, doubled per failure up to the maximum. */
  readonly reconnectFirstMs: number;
  readonly reconnectMaxMs: number;
}

export const DEFAULT_TIMING: ControllerTiming = {
  commandTimeoutMs: 250,
  commandTries: 3,
  handshakeIntervalMs: 500,
  handshakeTries: 6,
  pingIntervalMs: 5000,
  handshakePings: 3,
  reconnectFirstMs: 250,
  reconnectMaxMs: 5000,
};

export type ControllerState = "connecting" | "handshaking" | "ready" | "waiting" | "closed";

/** What a Line hears about its port. */
export interface PortListener {
  hookEdge(state: HookState, atMs: number): void;
  /** Called at the digit's start (no endMs) and again at its end. */
  digit(digit: HardwareDigit): void;
  fault(fault: LineFault): void;
  /** The controller is back and ready: re-apply what the port should be doing. */
  restored(): Promise<void>;
}

export interface ControllerClientOptions {
  readonly path: string;
  readonly baudRate: number;
  readonly clock: Clock;
  readonly logs: Logs;
  readonly portFactory: SerialPortFactory;
  readonly timing?: Partial<ControllerTiming>;
}

export class ControllerClient {
  private readonly log: Logger;
  private readonly timing: ControllerTiming;
  private readonly time = new ControllerTime();
  private readonly splitter = new LineSplitter();
  private readonly channel: CommandChannel;
  private readonly listeners = new Map<number, Set<PortListener>>();
  private readonly hooks = new Map<number, HookState>();
  private readonly digitStarts = new Map<number, { digit: string; startMs: number }>();
  private current: ControllerState = "connecting";
  private connection: SerialConnection | undefined;
  private id: ControllerIdentity | undefined;
  private versionWaiter: ((message: ControllerIdentity | undefined) => void) | undefined;
  /** The keepalive ping, and whatever the connect/handshake path waits on (V? retry, backoff). */
  private pingTimer: Timer | undefined;
  private waitTimer: Timer | undefined;
  private backoffMs: number;
  /** Set once the first handshake succeeded: from then on a lost link is recovered. */
  private inService = false;
  private recovering = false;

  /** Opens the port and handshakes once; an error says why the controller is not usable. */
  static async open(options: ControllerClientOptions): Promise<Result<ControllerClient, string>> {
    const client = new ControllerClient(options);
    const connected = await client.connect();
    if (!connected.ok) {
      await client.close();
      return connected;
    }
    client.inService = true;
    client.schedulePing();
    return ok(client);
  }

  private constructor(private readonly o: ControllerClientOptions) {
    this.log = o.logs.get("hal.serial", o.path);
    this.timing = { ...DEFAULT_TIMING, ...o.timing };
    this.backoffMs = this.timing.reconnectFirstMs;
    this.channel = new CommandChannel({
      clock: o.clock,
      log: this.log,
      timeoutMs: this.timing.commandTimeoutMs,
      tries: this.timing.commandTries,
      write: (line) => this.connection?.write(line),
      onExhausted: (reason) => this.lost(`controller stopped answering: ${reason}`),
    });
  }

  get state(): ControllerState {
    return this.current;
  }

  get identity(): ControllerIdentity {
    return this.id!;
  }

  hook(port: number): HookState {
    return this.hooks.get(port) ?? "on";
  }

  attach(port: number, listener: PortListener): Unsubscribe {
    const set = this.listeners.get(port) ?? new Set();
    this.listeners.set(port, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Sends a command when the controller is ready; refuses at once while it is not. */
  async command(command: Command): Promise<Result<Reply, string>> {
    if (this.current !== "ready") return err(`serial controller ${this.o.path} is not connected (${this.current})`);
    return this.channel.send(command);
  }

  async close(): Promise<void> {
    if (this.current === "closed") return;
    this.current = "closed";
    this.pingTimer?.cancel();
    this.waitTimer?.cancel();
    this.channel.failAll(`serial controller ${this.o.path} closed`);
    this.versionWaiter?.(undefined);
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
    this.log.info("closed");
  }

  private async connect(): Promise<Result<void, string>> {
    this.current = "connecting";
    this.splitter.reset();
    const opened = await SerialConnection.open(this.o.portFactory, { path: this.o.path, baudRate: this.o.baudRate }, {
      data: (chunk) => this.receive(chunk),
      lost: (reason) => this.lost(reason),
    });
    if (!opened.ok) return opened;
    if (this.closed()) {
      await opened.value.close();
      return err("closed while opening");
    }
    this.connection = opened.value;
    return this.handshake();
  }

  /** §2: V?, then pings for the clock offset, then each port's hook state. */
  private async handshake(): Promise<Result<void, string>> {
    const connection = this.connection;
    this.current = "handshaking";
    this.time.reset();
    const identity = await this.askVersion();
    if (!identity.ok) return identity;
    this.id = identity.value;
    for (let i = 0; i < this.timing.handshakePings; i++) {
      const pinged = await this.ping();
      if (!pinged.ok) return pinged;
    }
    const states: HookState[] = [];
    for (let port = 0; port < identity.value.ports; port++) {
      const reply = await this.channel.send({ kind: "hook", port });
      if (!reply.ok) return reply;
      const state = reply.value.answer.kind === "ack" ? reply.value.answer.fields[0] : undefined;
      if (state !== "on" && state !== "off") return err(`controller answered H for port ${port} with ${JSON.stringify(reply.value.answer)}`);
      states.push(state);
    }
    if (this.connection !== connection || this.current !== "handshaking") return err("connection lost during the handshake");
    const now = this.o.clock.now();
    for (const [port, state] of states.entries()) {
      const before = this.hooks.get(port);
      this.hooks.set(port, state);
      if (before !== undefined && before !== state) this.emit(port, (l) => l.hookEdge(state, now));
    }
    this.current = "ready";
    this.log.info(`ready: ${identity.value.protocol}, ${identity.value.ports} port(s), firmware ${identity.value.firmware}, DTMF ${identity.value.dtmf ? "decoded by the controller" : "not decoded"}, offset ${this.time.offsetMs?.toFixed(1)} ms (round trip ${this.time.bestRoundTripMs?.toFixed(1)} ms), hooks ${states.join(" ")}`);
    return ok(undefined);
  }

  private async askVersion(): Promise<Result<ControllerIdentity, string>> {
    for (let attempt = 0; attempt < this.timing.handshakeTries; attempt++) {
      const answer = new Promise<ControllerIdentity | undefined>((resolve) => {
        this.versionWaiter = resolve;
        this.waitTimer = this.o.clock.setTimer(this.timing.handshakeIntervalMs, () => resolve(undefined));
      });
      this.connection?.write("V?");
      const identity = await answer;
      this.waitTimer?.cancel();
      this.versionWaiter = undefined;
      if (this.current !== "handshaking") return err("connection lost during the handshake");
      if (identity) {
        const major = protocolMajor(identity.protocol);
        if (major !== PROTOCOL_MAJOR) return err(`controller speaks ${identity.protocol}; this host speaks dialtone-line/${PROTOCOL_MAJOR}`);
        return ok(identity);
      }
    }
    return err(`no answer to V? after ${this.timing.handshakeTries} tries of ${this.timing.handshakeIntervalMs} ms: is a dialtone-line controller on ${this.o.path} at ${this.o.baudRate} baud?`);
  }

  private async ping(): Promise<Result<void, string>> {
    const reply = await this.channel.send({ kind: "ping" });
    if (!reply.ok) return reply;
    const { answer, sentAtMs, tries } = reply.value;
    const ms = answer.kind === "ack" && answer.fields[0] !== undefined ? Number(answer.fields[0]) : NaN;
    if (!Number.isInteger(ms)) return err(`controller answered a ping with ${JSON.stringify(answer)}`);
    // §6: a retried ping's answer may belong to an earlier try; only first tries time the link.
    if (tries === 1) this.time.addPing(sentAtMs, this.o.clock.now(), ms);
    return ok(undefined);
  }

  private schedulePing(): void {
    this.pingTimer?.cancel();
    this.pingTimer = this.o.clock.setTimer(this.timing.pingIntervalMs, () => {
      if (this.current !== "ready") return;
      void this.ping().then(() => {
        if (this.current === "ready") this.schedulePing();
      });
    });
  }

  private receive(chunk: Uint8Array): void {
    for (const item of this.splitter.push(chunk)) {
      if (item.kind === "overlong") {
        this.log.warn(`discarded a line of ${item.length} characters from the controller (limit 64)`);
        continue;
      }
      const parsed = parseControllerLine(item.text);
      if (parsed.ok) this.dispatch(parsed.value);
      else this.log.warn(`unreadable line from the controller (${parsed.error}): ${JSON.stringify(item.text)}`);
    }
  }

  private dispatch(m: ControllerMessage): void {
    const now = this.o.clock.now();
    switch (m.kind) {
      case "version":
        this.versionWaiter?.(m);
        return;
      case "boot":
        this.log.warn(`controller restarted (reset=${m.reset}, firmware ${m.firmware})`);
        // §4: a B while the link was up means the controller lost its state.
        if (this.current === "ready") void this.recover(`controller restarted (reset=${m.reset})`, false);
        return;
      case "ack":
        this.channel.answer(m.seq, { kind: "ack", fields: m.fields });
        return;
      case "refused":
        this.channel.answer(m.seq, { kind: "refused", code: m.code, text: m.text });
        return;
      case "hook": {
        const atMs = this.time.toHost(m.ms, now);
        // Two edges to one state: the one between was lost; states stay alternating.
        if (this.hooks.get(m.port) === m.state) return;
        this.hooks.set(m.port, m.state);
        this.emit(m.port, (l) => l.hookEdge(m.state, atMs));
        return;
      }
      case "digit":
        return this.digit(m.port, m.digit, m.phase, this.time.toHost(m.ms, now));
      case "error": {
        const where = m.port === undefined ? "controller" : `port ${m.port}`;
        const message = `${where} reports ${m.code}${m.text ? `: ${m.text}` : ""}`;
        this.log.warn(message);
        const ports = m.port === undefined ? [...this.listeners.keys()] : [m.port];
        for (const port of ports) this.emit(port, (l) => l.fault({ message, retrying: false }));
        if (m.code === "overflow" && this.current === "ready") void this.rereadHooks();
        return;
      }
    }
  }

  private digit(port: number, digit: string, phase: "start" | "end", atMs: number): void {
    if (phase === "start") {
      this.digitStarts.set(port, { digit, startMs: atMs });
      this.emit(port, (l) => l.digit({ digit, startMs: atMs }));
      return;
    }
    const start = this.digitStarts.get(port);
    this.digitStarts.delete(port);
    this.emit(port, (l) => l.digit({ digit, startMs: start?.digit === digit ? start.startMs : atMs, endMs: atMs }));
  }

  /** §4 overflow: edges were lost, so ask each port where it is now. */
  private async rereadHooks(): Promise<void> {
    for (const port of this.listeners.keys()) {
      const reply = await this.command({ kind: "hook", port });
      const state = reply.ok && reply.value.answer.kind === "ack" ? reply.value.answer.fields[0] : undefined;
      if ((state === "on" || state === "off") && state !== this.hooks.get(port)) {
        this.hooks.set(port, state);
        this.emit(port, (l) => l.hookEdge(state, this.o.clock.now()));
      }
    }
  }

  /** §7 step 1: the port closed or failed, or the controller fell silent. */
  private lost(reason: string): void {
    if (this.current === "closed" || this.current === "waiting") return;
    this.log.warn(`lost the controller: ${reason}`);
    this.drop(reason);
    if (this.inService && !this.recovering) void this.recover(reason, true);
  }

  /** Ends the connection and everything waiting on it; the state becomes "waiting". */
  private drop(reason: string): void {
    this.current = "waiting";
    this.pingTimer?.cancel();
    this.waitTimer?.cancel();
    this.channel.failAll(`serial controller ${this.o.path}: ${reason}`);
    this.versionWaiter?.(undefined);
    const connection = this.connection;
    this.connection = undefined;
    void connection?.close();
  }

  /** §7 steps 2–3; after a `B` (`reopen` false) first a handshake on the same port. */
  private async recover(reason: string, reopen: boolean): Promise<void> {
    this.recovering = true;
    for (const port of this.listeners.keys()) this.emit(port, (l) => l.fault({ message: `${reason}; reconnecting`, retrying: true }));
    let back = false;
    if (!reopen) {
      this.pingTimer?.cancel();
      this.channel.failAll(`serial controller ${this.o.path}: ${reason}`);
      const again = await this.handshake();
      back = again.ok;
      if (!again.ok && !this.closed()) this.drop(again.error);
    }
    while (!back && !this.closed()) {
      await new Promise<void>((resolve) => {
        this.waitTimer = this.o.clock.setTimer(this.backoffMs, resolve);
      });
      if (this.closed()) break;
      const connected = await this.connect();
      back = connected.ok;
      if (connected.ok || this.closed()) break;
      this.backoffMs = Math.min(this.backoffMs * 2, this.timing.reconnectMaxMs);
      this.log.info(`reconnect failed (${connected.error}); next try in ${this.backoffMs} ms`);
      this.drop(connected.error);
    }
    this.recovering = false;
    if (!back) return;
    this.backoffMs = this.timing.reconnectFirstMs;
    await this.restored();
  }

  private async restored(): Promise<void> {
    this.schedulePing();
    for (const port of [...this.listeners.keys()]) {
      for (const l of [...(this.listeners.get(port) ?? [])]) await l.restored();
    }
  }

  /** Read through a call, so TypeScript does not narrow the state across awaits. */
  private closed(): boolean {
    return this.current === "closed";
  }

  private emit(port: number, call: (listener: PortListener) => void): void {
    for (const l of [...(this.listeners.get(port) ?? [])]) call(l);
  }
}
