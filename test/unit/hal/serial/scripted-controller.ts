/**
 * A dialtone-line/1 controller in software (docs/line-protocol.md), for tests: it reads
 * host lines from whatever transport a test gives it (a MockBinding port, a pty), answers
 * them as the protocol says, and lets the test play the telephone side: close and open the
 * loop (ring trip included), press DTMF keys, restart, report errors, fall silent. Its
 * millisecond counter is `startMs + now()` wrapped to 32 bits, so tests can start it near
 * the wrap. Every host line it read is kept in `received`.
 */
import type { HookState, Polarity } from "../../../../hal/line.js";
import { formatControllerMessage, parseHostLine, type ControllerMessage } from "../../../../hal/serial/line-protocol.js";
import { LineSplitter } from "../../../../hal/serial/line-splitter.js";

export interface ScriptedControllerOptions {
  /** The test's clock, in ms (a FakeClock's now, or performance.now over a pty). */
  now: () => number;
  ports?: number;
  dtmf?: boolean;
  firmware?: string;
  /** Protocol name/version sent in V and B; default "dialtone-line/1". */
  protocol?: string;
  /** Controller counter at now() = 0; default 0. */
  startMs?: number;
}

export class ScriptedController {
  readonly received: string[] = [];
  /** What the controller answered `N ... syntax`/`E - ...` to: host lines it could not read. */
  readonly unreadable: string[] = [];
  readonly ring: boolean[];
  readonly polarity: Polarity[];
  readonly hook: HookState[];
  /** Commands (not V?) still to be ignored, as if lost on the wire. */
  dropCommands = 0;
  /** The next command (not V?) is refused with this code and text, as a controller whose hardware failed. */
  refuseNext: { code: string; text: string } | undefined;
  /** When true, nothing is answered at all (a hung controller, or the wrong device). */
  silent = false;
  private readonly splitter = new LineSplitter();
  private sink: ((text: string) => void) | undefined;

  constructor(private readonly o: ScriptedControllerOptions) {
    const ports = o.ports ?? 2;
    this.ring = new Array<boolean>(ports).fill(false);
    this.polarity = new Array<Polarity>(ports).fill("forward");
    this.hook = new Array<HookState>(ports).fill("on");
  }

  /** The controller's counter now. */
  get ms(): number {
    return (Math.floor((this.o.startMs ?? 0) + this.o.now())) % 2 ** 32;
  }

  /** A transport opened: `sink` sends one line to the host. */
  connect(sink: (text: string) => void): void {
    this.sink = sink;
    this.splitter.reset();
  }

  disconnect(): void {
    this.sink = undefined;
  }

  /** Bytes the host wrote. */
  receive(bytes: Uint8Array): void {
    for (const item of this.splitter.push(bytes)) {
      if (item.kind === "overlong") this.send({ kind: "error", port: undefined, code: "long", text: "" });
      else this.command(item.text);
    }
  }

  // ---- the telephone side ----

  /** The phone closes ("off") or opens ("on") the loop; closing it while ringing trips the ring. */
  setLoop(port: number, state: HookState, atMs = this.ms): void {
    if (this.hook[port] === state) return;
    this.hook[port] = state;
    if (state === "off") this.ring[port] = false;
    this.send({ kind: "hook", port, state, ms: atMs });
  }

  digit(port: number, digit: string, phase: "start" | "end", atMs = this.ms): void {
    this.send({ kind: "digit", port, digit, phase, ms: atMs });
  }

  /** Power lost: every port idle (ring off, polarity forward), the loops as they are. */
  reset(): void {
    this.ring.fill(false);
    this.polarity.fill("forward");
  }

  /** A restart: every port idle, and the boot banner. */
  boot(reset: string): void {
    this.reset();
    this.send({ kind: "boot", ...this.identity(), reset });
  }

  send(message: ControllerMessage): void {
    this.sendRaw(formatControllerMessage(message));
  }

  /** Any text, as the controller's UART would send it (CR LF added). */
  sendRaw(text: string): void {
    this.sink?.(`${text}\r\n`);
  }

  private identity(): { protocol: string; ports: number; firmware: string; dtmf: boolean } {
    return { protocol: this.o.protocol ?? "dialtone-line/1", ports: this.ring.length, firmware: this.o.firmware ?? "test-1.0", dtmf: this.o.dtmf ?? false };
  }

  private command(text: string): void {
    this.received.push(text);
    if (this.silent) return;
    const parsed = parseHostLine(text);
    if (!parsed.ok) {
      this.unreadable.push(text);
      const seq = /^[A-Z] ([0-9]+)/.exec(text)?.[1];
      if (seq === undefined) this.send({ kind: "error", port: undefined, code: "syntax", text: "" });
      else this.send({ kind: "refused", seq: Number(seq), code: parsed.error.startsWith("unknown command") ? "cmd" : "arg", text: parsed.error.slice(0, 40) });
      return;
    }
    const c = parsed.value;
    if (c.kind === "version") return this.send({ kind: "version", ...this.identity() });
    if (this.dropCommands > 0) {
      this.dropCommands--;
      return;
    }
    if (this.refuseNext) {
      const { code, text } = this.refuseNext;
      this.refuseNext = undefined;
      return this.send({ kind: "refused", seq: c.seq, code, text });
    }
    const ack = (fields: string[] = []): void => this.send({ kind: "ack", seq: c.seq, fields });
    if (c.kind === "ping") return ack([String(this.ms)]);
    if (c.port >= this.ring.length) return this.send({ kind: "refused", seq: c.seq, code: "port", text: "" });
    switch (c.kind) {
      case "hook":
        return ack([this.hook[c.port]!]);
      case "ring":
        if (c.on && this.hook[c.port] === "off") return this.send({ kind: "refused", seq: c.seq, code: "offhook", text: "" });
        this.ring[c.port] = c.on;
        return ack();
      case "polarity":
        this.polarity[c.port] = c.polarity;
        return ack();
    }
  }
}
