/**
 * Talks to a running baresip over its two loopback control ports:
 * - ctrl_tcp: netstrings (`<len>:<json>,`) each way. We send {command, params, token}; it
 *   answers {response:true, ok, data, token} and pushes every UA event as
 *   {event:true, type, class, param, id, ...} (e.g. CALL_ESTABLISHED, CALL_DTMF_START with the
 *   digit in `param`, CALL_DTMF_END without one). Only one connection is served at a time.
 * - cons: raw key presses, as from a keyboard. baresip 1.0.0 has no ctrl_tcp command to send
 *   DTMF; in a call the menu turns a digit key into a telephone-event start and 0x04
 *   (KEYCODE_REL) into its end, so the key press lasts the digit's duration.
 * Every wait has a deadline; buffers are bounded.
 */
import { connect, type Socket } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { LOOPBACK, PROBE_INTERVAL_MS } from "./ports.js";

const MAX_NETSTRING_BYTES = 1_000_000;
const MAX_EVENTS = 10_000;
const KEY_RELEASE = "\x04";

export interface BaresipEvent {
  type: string;
  class: string | undefined;
  /** Call id, on call events. */
  id: string | undefined;
  param: string | undefined;
  /** performance.now() when it arrived. */
  atMs: number;
  raw: Record<string, unknown>;
}

export interface BaresipResponse {
  ok: boolean;
  data: string;
}

/** Splits netstrings out of a byte stream; throws on a malformed or oversized one. */
export class NetstringReader {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const out: string[] = [];
    for (;;) {
      const colon = this.buffer.indexOf(0x3a);
      if (colon < 0) {
        if (this.buffer.length > 10) throw new Error("netstring length prefix too long");
        return out;
      }
      const lengthText = this.buffer.toString("latin1", 0, colon);
      if (!/^\d{1,9}$/.test(lengthText)) throw new Error(`bad netstring length ${JSON.stringify(lengthText)}`);
      const length = Number(lengthText);
      if (length > MAX_NETSTRING_BYTES) throw new Error(`netstring of ${length} bytes is over the limit`);
      const end = colon + 1 + length;
      if (this.buffer.length < end + 1) return out;
      if (this.buffer[end] !== 0x2c) throw new Error("netstring does not end with a comma");
      out.push(this.buffer.toString("utf8", colon + 1, end));
      this.buffer = this.buffer.subarray(end + 1);
    }
  }
}

export function encodeNetstring(text: string): string {
  return `${Buffer.byteLength(text)}:${text},`;
}

function connectOnce(port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port });
    socket.once("connect", () => resolve(socket));
    socket.once("error", () => {
      socket.destroy();
      resolve(undefined);
    });
  });
}

/** Connects to a loopback TCP port, retrying until the deadline (the peer may still be starting). */
export async function connectWithin(port: number, timeoutMs: number, what: string): Promise<Socket> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const socket = await connectOnce(port);
    if (socket !== undefined) return socket;
    await delay(PROBE_INTERVAL_MS);
  }
  throw new Error(`${what}: nothing accepted a TCP connection on ${LOOPBACK}:${port} within ${timeoutMs} ms`);
}

interface EventWaiter {
  matches: (event: BaresipEvent) => boolean;
  resolve: (event: BaresipEvent) => void;
}

export class BaresipControl {
  readonly events: BaresipEvent[] = [];
  private readonly reader = new NetstringReader();
  private readonly pending = new Map<string, (response: BaresipResponse) => void>();
  private waiters: EventWaiter[] = [];
  private nextToken = 1;
  private failure: Error | undefined;

  private constructor(private readonly ctrl: Socket, private readonly cons: Socket) {
    ctrl.on("data", (chunk) => this.onData(chunk));
    ctrl.on("error", (error) => this.fail(error));
    ctrl.on("close", () => this.fail(new Error("baresip closed the ctrl_tcp connection")));
    cons.on("error", () => undefined); // key presses fail loudly in sendKeys when it is gone
    cons.on("data", () => undefined); // menu output echoed to the console: not needed
  }

  static async connect(ctrlPort: number, consPort: number, timeoutMs: number): Promise<BaresipControl> {
    const ctrl = await connectWithin(ctrlPort, timeoutMs, "baresip ctrl_tcp");
    const cons = await connectWithin(consPort, timeoutMs, "baresip cons").catch((error: unknown) => {
      ctrl.destroy();
      throw error;
    });
    return new BaresipControl(ctrl, cons);
  }

  /** Runs a menu command ("reginfo", "dial sip:…", "hangup"); rejects if baresip does not answer in time. */
  async command(line: string, timeoutMs = 5_000): Promise<BaresipResponse> {
    if (this.failure !== undefined) throw this.failure;
    const [command, ...params] = line.split(" ");
    const token = `t${this.nextToken++}`;
    const answered = new Promise<BaresipResponse>((resolve) => this.pending.set(token, resolve));
    this.ctrl.write(encodeNetstring(JSON.stringify({ command, params: params.join(" "), token })));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`baresip did not answer "${line}" within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([answered, timedOut]);
    } finally {
      clearTimeout(timer);
      this.pending.delete(token);
    }
  }

  /** The first event (already received or coming) that `matches`; rejects after `timeoutMs`. */
  waitForEvent(matches: (event: BaresipEvent) => boolean, what: string, timeoutMs = 10_000, since = 0): Promise<BaresipEvent> {
    const seen = this.events.find((e) => e.atMs >= since && matches(e));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: EventWaiter = {
        matches: (e) => e.atMs >= since && matches(e),
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`baresip: no ${what} within ${timeoutMs} ms; events: ${this.events.map((e) => e.type).join(", ")}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Presses `key` for `holdMs`, then releases it (in a call: one DTMF digit of that length). */
  async pressKey(key: string, holdMs: number): Promise<void> {
    if (key.length !== 1) throw new Error(`one key at a time, got ${JSON.stringify(key)}`);
    await this.writeCons(key);
    await delay(holdMs);
    await this.writeCons(KEY_RELEASE);
  }

  close(): void {
    this.ctrl.destroy();
    this.cons.destroy();
  }

  private writeCons(text: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.cons.write(text, (error) => (error ? reject(error) : resolve()));
    });
  }

  private onData(chunk: Buffer): void {
    let messages: string[];
    try {
      messages = this.reader.push(chunk);
    } catch (error) {
      this.fail(error as Error);
      this.ctrl.destroy();
      return;
    }
    for (const text of messages) this.onMessage(JSON.parse(text) as Record<string, unknown>);
  }

  private onMessage(message: Record<string, unknown>): void {
    const text = (key: string): string | undefined => (typeof message[key] === "string" ? (message[key] as string) : undefined);
    if (message.response === true) {
      this.pending.get(text("token") ?? "")?.({ ok: message.ok === true, data: text("data") ?? "" });
      return;
    }
    if (message.event !== true) return;
    const event: BaresipEvent = {
      type: text("type") ?? "", class: text("class"), id: text("id"), param: text("param"), atMs: performance.now(), raw: message,
    };
    if (this.events.length < MAX_EVENTS) this.events.push(event);
    this.waiters = this.waiters.filter((w) => {
      if (!w.matches(event)) return true;
      w.resolve(event);
      return false;
    });
  }

  private fail(error: Error): void {
    this.failure ??= error;
  }
}
