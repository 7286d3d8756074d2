/**
 * Shared pieces for the transport tests: a transport on loopback with a
 * FakeClock, a TransportUser that records, raw UDP/TCP peers that speak bytes,
 * and request/response text builders. Waiting is always on events.
 */
import { createSocket } from "node:dgram";
import type { Socket as UdpSocket } from "node:dgram";
import { createServer, connect } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs } from "../../../../src/util/log.js";
import type { LogRecord } from "../../../../src/util/log.js";
import { parseMessage } from "../../../../src/sip/message/index.js";
import type { SipMessage, SipRequest, SipResponse } from "../../../../src/sip/message/index.js";
import { TransportLayer } from "../../../../src/sip/transport/transport-layer.js";
import type { TransportLayerOptions } from "../../../../src/sip/transport/transport-layer.js";
import type { Source, TransportUser } from "../../../../src/sip/transport/types.js";

/** Values pushed by callbacks, taken in order by awaiting next(). */
export class Queue<T> {
  private readonly items: T[] = [];
  private readonly waiters: Array<(item: T) => void> = [];

  push(item: T): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  next(): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  get length(): number {
    return this.items.length;
  }
}

export class RecordingUser implements TransportUser {
  readonly received = new Queue<{ message: SipMessage; source: Source }>();
  onMessage(message: SipMessage, source: Source): void {
    this.received.push({ message, source });
  }
}

/** Every log line of a transport, and a way to wait for one (an event, not a sleep). */
export class LogWatch {
  readonly lines: string[] = [];
  private readonly waiters: Array<{ pattern: RegExp; resolve: (line: string) => void }> = [];

  readonly sink = (record: LogRecord): void => {
    const line = `${record.level} ${record.message}`;
    this.lines.push(line);
    for (const w of [...this.waiters]) {
      if (w.pattern.test(line)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };

  waitFor(pattern: RegExp): Promise<string> {
    const found = this.lines.find((l) => pattern.test(l));
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => this.waiters.push({ pattern, resolve }));
  }
}

export interface TestTransport {
  transport: TransportLayer;
  user: RecordingUser;
  clock: FakeClock;
  logs: LogWatch;
}

export async function startTransport(options: Partial<Omit<TransportLayerOptions, "user" | "clock" | "logs">>): Promise<TestTransport> {
  const clock = new FakeClock();
  const user = new RecordingUser();
  const logs = new LogWatch();
  const transport = new TransportLayer({ clock, logs: new Logs(logs.sink, "debug"), user, ...options });
  await transport.start();
  return { transport, user, clock, logs };
}

export function parse(data: Buffer | string): SipMessage {
  const parsed = parseMessage(typeof data === "string" ? Buffer.from(data) : data);
  if (!parsed.ok) throw new Error(`test message does not parse: ${parsed.error.reason}`);
  return parsed.value;
}

export function asRequest(message: SipMessage): SipRequest {
  if (message.type !== "request") throw new Error(`expected a request, got ${message.status}`);
  return message;
}

export function asResponse(message: SipMessage): SipResponse {
  if (message.type !== "response") throw new Error(`expected a response, got ${message.method}`);
  return message;
}

export interface RequestText {
  method?: string;
  via: string;
  callId?: string;
  cseq?: string;
  maxForwards?: string;
  body?: string;
  /** Extra header lines, or replacements written before the standard ones. */
  extra?: string[];
}

export function requestText(r: RequestText): string {
  const method = r.method ?? "OPTIONS";
  const body = r.body ?? "";
  return [
    `${method} sip:1001@127.0.0.1 SIP/2.0`,
    `Via: ${r.via}`,
    `Max-Forwards: ${r.maxForwards ?? "70"}`,
    "From: <sip:alice@example.com>;tag=a1",
    "To: <sip:1001@example.com>",
    `Call-ID: ${r.callId ?? "call-1"}`,
    `CSeq: ${r.cseq ?? `1 ${method}`}`,
    ...(r.extra ?? []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}

export function responseText(status: number, reason: string, via: string, callId = "call-1"): string {
  return [
    `SIP/2.0 ${status} ${reason}`,
    `Via: ${via}`,
    "From: <sip:1001@example.com>;tag=a1",
    "To: <sip:alice@example.com>;tag=b2",
    `Call-ID: ${callId}`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

/** A raw UDP socket on loopback that records every datagram it gets. */
export class UdpPeer {
  readonly datagrams = new Queue<Buffer>();
  private constructor(readonly socket: UdpSocket, readonly port: number, readonly address: string) {}

  static async open(address = "127.0.0.1"): Promise<UdpPeer> {
    const socket = createSocket(address.includes(":") ? "udp6" : "udp4");
    await new Promise<void>((resolve) => socket.bind(0, address, resolve));
    const peer = new UdpPeer(socket, socket.address().port, address);
    socket.on("message", (data) => peer.datagrams.push(data));
    return peer;
  }

  send(data: string | Buffer, port: number, address = this.address): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, address, (e) => (e ? reject(e) : resolve())));
  }

  async nextMessage(): Promise<SipMessage> {
    return parse(await this.datagrams.next());
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** A TCP server on loopback counting accepted connections and collecting their bytes. */
export class TcpPeer {
  readonly sockets = new Queue<Socket>();
  accepted = 0;
  private readonly open = new Set<Socket>();
  private constructor(readonly server: Server, readonly port: number) {}

  static async listen(address = "127.0.0.1", port = 0): Promise<TcpPeer> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, address, () => resolve());
    });
    const peer = new TcpPeer(server, (server.address() as AddressInfo).port);
    server.on("connection", (socket) => {
      peer.accepted++;
      peer.open.add(socket);
      socket.on("close", () => peer.open.delete(socket));
      peer.sockets.push(socket);
    });
    return peer;
  }

  /** Stops listening and drops every accepted connection. */
  close(): Promise<void> {
    for (const socket of this.open) socket.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Collects bytes from a stream socket and hands them out as they are awaited. */
export class ByteReader {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;

  constructor(socket: Socket) {
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.wake?.();
    });
    socket.on("close", () => {
      this.ended = true;
      this.wake?.();
    });
  }

  /** Waits until the bytes so far satisfy `complete` (returning how many to take), or the socket closes. */
  async take(complete: (buffer: Buffer) => number): Promise<Buffer | undefined> {
    for (;;) {
      const n = complete(this.buffer);
      if (n > 0) {
        const out = this.buffer.subarray(0, n);
        this.buffer = this.buffer.subarray(n);
        return out;
      }
      if (this.ended) return undefined;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** One whole SIP message (headers and Content-Length body). */
  async message(): Promise<SipMessage | undefined> {
    const bytes = await this.take(messageLength);
    return bytes === undefined ? undefined : parse(bytes);
  }

  /** Resolves when the peer has closed the connection. */
  async closed(): Promise<void> {
    await this.take(() => 0);
  }
}

function messageLength(buffer: Buffer): number {
  const end = buffer.indexOf("\r\n\r\n");
  if (end < 0) return 0;
  const match = /\r\nContent-Length:\s*(\d+)/i.exec(buffer.subarray(0, end).toString("latin1"));
  const total = end + 4 + (match ? Number(match[1]) : 0);
  return buffer.length >= total ? total : 0;
}

export function connectTcp(port: number, address = "127.0.0.1"): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host: address }, () => resolve(socket));
    socket.once("error", reject);
  });
}
