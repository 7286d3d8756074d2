/**
 * A UDP relay between one SIP client and a registrar, for timing what goes over the wire:
 * the client sends to `port`, the relay forwards each datagram to the registrar from a
 * socket of its own per client address, and forwards the registrar's datagrams back.
 * It notes (process.hrtime.bigint()) when the first REGISTER arrives and when the first
 * 2xx to a REGISTER leaves the registrar. Both clients put `rport` in their Via (RFC 3581),
 * so replies come back to the relay's socket rather than to the client directly.
 */
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";

/** More client addresses than this are ignored: one client sends from one socket. */
const MAX_CLIENT_ADDRESSES = 8;

export interface Upstream {
  host: string;
  port: number;
}

export class UdpRelay {
  /** When the first REGISTER request reached the relay; undefined until then. */
  firstRegisterAt: bigint | undefined;
  /** When the first 2xx response to a REGISTER reached the relay; undefined until then. */
  registeredAt: bigint | undefined;
  /** REGISTER requests seen up to and including the one the first 2xx answered. */
  registersBeforeOk = 0;
  private readonly upstreams = new Map<string, Socket>();
  private readonly waiters: Array<() => void> = [];

  private constructor(
    private readonly front: Socket,
    private readonly upstream: Upstream,
  ) {
    front.on("message", (data, from) => this.fromClient(data, from));
  }

  /** Binds the client-facing socket on 127.0.0.1 (a free port) and resolves once bound. */
  static async open(upstream: Upstream): Promise<UdpRelay> {
    const front = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      front.once("error", reject);
      front.bind({ address: "127.0.0.1", port: 0 }, () => {
        front.off("error", reject);
        resolve();
      });
    });
    return new UdpRelay(front, upstream);
  }

  get port(): number {
    return this.front.address().port;
  }

  /** Resolves with registeredAt once a 2xx to REGISTER passed; undefined after `timeoutMs`. */
  waitRegistered(timeoutMs: number): Promise<bigint | undefined> {
    if (this.registeredAt !== undefined) return Promise.resolve(this.registeredAt);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(undefined), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(this.registeredAt);
      });
    });
  }

  async close(): Promise<void> {
    const sockets = [this.front, ...this.upstreams.values()];
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private fromClient(data: Buffer, from: RemoteInfo): void {
    const now = process.hrtime.bigint();
    if (isRegisterRequest(data)) {
      this.firstRegisterAt ??= now;
      if (this.registeredAt === undefined) this.registersBeforeOk++;
    }
    this.upstreamFor(from)?.send(data, this.upstream.port, this.upstream.host);
  }

  private fromRegistrar(data: Buffer, client: RemoteInfo): void {
    const now = process.hrtime.bigint();
    if (this.registeredAt === undefined && isSuccessToRegister(data)) {
      this.registeredAt = now;
      for (const wake of this.waiters.splice(0)) wake();
    }
    this.front.send(data, client.port, client.address);
  }

  private upstreamFor(client: RemoteInfo): Socket | undefined {
    const key = `${client.address}:${client.port}`;
    const known = this.upstreams.get(key);
    if (known !== undefined || this.upstreams.size >= MAX_CLIENT_ADDRESSES) return known;
    const socket = createSocket("udp4");
    socket.on("message", (data) => this.fromRegistrar(data, client));
    socket.on("error", () => {
      // A broken socket is replaced on the client's next datagram.
      this.upstreams.delete(key);
      socket.close();
    });
    // Sends made while binding are queued by dgram, so the first datagram keeps its place.
    socket.bind({ address: "127.0.0.1", port: 0 });
    this.upstreams.set(key, socket);
    return socket;
  }
}

/** The start line of a SIP datagram, read as bytes (no full parse: same cost for both clients). */
function startLine(data: Buffer): string {
  const end = data.indexOf("\r\n");
  return data.toString("latin1", 0, end < 0 ? Math.min(data.length, 200) : end);
}

function isRegisterRequest(data: Buffer): boolean {
  return /^REGISTER\s/.test(startLine(data));
}

/** RFC 3261 §20.16: the CSeq method says which request a response answers. */
function isSuccessToRegister(data: Buffer): boolean {
  if (!/^SIP\/2\.0\s+2\d\d\s/.test(startLine(data))) return false;
  return /\r\nCSeq:[ \t]*\d+[ \t]+REGISTER[ \t]*\r\n/i.test(data.toString("latin1"));
}
