/**
 * The SIP transport layer (RFC 3261 §18): UDP, TCP and TLS listeners, client
 * connections opened on demand and reused, the §18.1.1 switch of large requests
 * to TCP, response routing (§18.2.2, RFC 3581), RFC 5626 §4.4.1 keep-alives and
 * a rate limit on the stateless 400s it generates. The constructor does no I/O;
 * start() binds.
 */
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import { serializeMessage } from "../message/index.js";
import type { SipMessage, SipRequest, SipResponse } from "../message/index.js";
import { describe } from "./address.js";
import { ConnectionPool } from "./connection-pool.js";
import type { TlsClientSettings } from "./connection-pool.js";
import { Inbound } from "./inbound.js";
import { mustAvoidUdp, viaOverTcp } from "./large-request.js";
import { LocalIdentity } from "./local-identity.js";
import { PendingOps } from "./pending.js";
import { ResponseRateLimiter } from "./rate-limiter.js";
import type { RateLimitSettings } from "./rate-limiter.js";
import { emptyStats } from "./stats.js";
import type { TransportStats } from "./stats.js";
import type { StreamConnection } from "./stream-connection.js";
import { StreamListener } from "./stream-listener.js";
import type { TlsServerSettings } from "./stream-listener.js";
import { TransportError } from "./types.js";
import type { Endpoint, KeepAliveTransport, Protocol, SipTransport, Source, TransportUser } from "./types.js";
import { UdpListener } from "./udp-listener.js";
import type { Datagram } from "./udp-listener.js";
import { responseTarget } from "./via-routing.js";
import { tellEach } from "../../util/listeners.js";

export interface ListenOptions {
  /** IP literal; "::" binds IPv6 and IPv4 on separate sockets, "0.0.0.0" IPv4 only. */
  address: string;
  /** 0 picks a free port; read it back with localEndpoint(). */
  port: number;
  /** What to put in Via/Contact instead of the bound address (e.g. behind NAT). */
  advertisedAddress?: string;
}

export interface TransportLayerOptions {
  clock: Clock;
  logs: Logs;
  user: TransportUser;
  udp?: ListenOptions;
  tcp?: ListenOptions;
  /** Server key/cert for accepting TLS, and how TLS servers we connect to are verified. */
  tls?: ListenOptions & TlsServerSettings & TlsClientSettings;
  /** Stream connections without traffic for this long are closed. Default 120 000. */
  idleTimeoutMs?: number;
  /** Connection attempts that take longer fail. Default 10 000. */
  connectTimeoutMs?: number;
  /** Most connections each TCP/TLS listener accepts at once. Default 1024. */
  maxConnections?: number;
  /** Settings for a limiter of our own, or `rateLimiter` to share one with the UA core. */
  rateLimit?: Partial<RateLimitSettings>;
  rateLimiter?: ResponseRateLimiter;
}

const UDP_KEEPALIVE = Buffer.from("\r\n");

type FlowListener = (flow: { connectionId: string; remote: Endpoint }) => void;

export class TransportLayer implements SipTransport, KeepAliveTransport {
  /** The limiter for stateless error responses; the UA core uses it for its 404/405/481 too. */
  readonly rateLimiter: ResponseRateLimiter;
  private readonly counters: TransportStats = emptyStats();
  private readonly log: Logger;
  private readonly identity = new LocalIdentity();
  private readonly pending = new PendingOps();
  private readonly pool: ConnectionPool;
  private readonly inbound: Inbound;
  private readonly pongListeners = new Set<FlowListener>();
  private readonly closeListeners = new Set<FlowListener>();
  private readonly udp: UdpListener;
  private readonly listeners: StreamListener[] = [];
  private started = false;

  constructor(private readonly options: TransportLayerOptions) {
    this.log = options.logs.get("sip.transport");
    this.rateLimiter = options.rateLimiter ?? new ResponseRateLimiter(options.clock, options.rateLimit);
    this.udp = new UdpListener(this.log, (d) => this.onDatagram(d));
    this.inbound = new Inbound({
      user: options.user, identity: this.identity, limiter: this.rateLimiter, stats: this.counters, log: this.log,
      reply: (response, source) => this.respond(response, source),
    });
    this.pool = new ConnectionPool({
      clock: options.clock, log: this.log, tls: options.tls ?? {},
      idleTimeoutMs: options.idleTimeoutMs ?? 120_000, connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      onFiled: (c) => {
        if (c.direction === "inbound") this.counters.connectionsAccepted++;
        else this.counters.connectionsOpened++;
      },
      events: {
        onMessage: (c, data) => this.inbound.receive(data, sourceOf(c)),
        onFramingError: (c, reason, head) => void this.onFramingError(c, reason, head),
        onPing: () => this.counters.pingsReceived++,
        onPong: (c) => {
          this.counters.pongsReceived++;
          this.notify(this.pongListeners, c);
        },
        onClosed: (c) => {
          this.counters.connectionsClosed++;
          this.notify(this.closeListeners, c);
        },
      },
    });
  }

  /** Binds every configured listener; rejects (having released them all) if one cannot bind. */
  async start(): Promise<void> {
    if (this.started) throw new Error("transport: start() called twice");
    this.started = true;
    const { udp, tcp, tls } = this.options;
    try {
      if (udp) this.identity.add("udp", { address: udp.address, port: await this.udp.bind(udp.address, udp.port) }, udp.advertisedAddress);
      if (tcp) await this.listen("tcp", tcp, undefined);
      if (tls) await this.listen("tls", tls, { key: tls.key, cert: tls.cert });
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  send(message: SipMessage, destination: Endpoint): Promise<void> {
    return this.pending.track(async () => {
      const bytes = serializeMessage(message);
      if (destination.protocol !== "udp") return this.writeStream(bytes, destination);
      if (mustAvoidUdp(message, bytes.length) && (await this.sentOverTcpInstead(message, destination))) return;
      await this.writeDatagram(bytes, destination);
    });
  }

  respond(response: SipResponse, to: Source): Promise<void> {
    return this.pending.track(async () => {
      const bytes = serializeMessage(response);
      if (to.protocol !== "udp") {
        // §18.2.2: back on the connection the request came on, if it is still open.
        const connection = to.connectionId === undefined ? undefined : this.pool.get(to.connectionId);
        if (connection?.isOpen) {
          await connection.write(bytes);
          this.counters.messagesOut++;
          return;
        }
      }
      const target = responseTarget(response, to.protocol);
      if (!target) throw new TransportError(`response ${response.status}: no usable top Via to route it`);
      if (to.protocol === "udp") await this.writeDatagram(bytes, target);
      else await this.writeStream(bytes, { protocol: to.protocol, ...target });
    });
  }

  sendKeepAlive(destination: Endpoint): Promise<void> {
    return this.pending.track(async () => {
      if (destination.protocol === "udp") await this.udp.send(UDP_KEEPALIVE, destination);
      else await (await this.pool.connect(destination)).ping();
    });
  }

  onPong(listener: FlowListener): () => void {
    this.pongListeners.add(listener);
    return () => this.pongListeners.delete(listener);
  }

  onFlowClosed(listener: FlowListener): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  localEndpoint(protocol: Protocol): Endpoint {
    return this.identity.endpoint(protocol);
  }

  isReliable(protocol: Protocol): boolean {
    return protocol !== "udp";
  }

  /** A copy of the counters. */
  get stats(): TransportStats {
    return { ...this.counters };
  }

  /** Number of open TCP/TLS connections. */
  get connectionCount(): number {
    return this.pool.size;
  }

  async close(): Promise<void> {
    this.pending.cancelAll();
    this.pool.closeAll();
    await Promise.all([this.udp.close(), ...this.listeners.map((l) => l.close())]);
  }

  private async listen(protocol: "tcp" | "tls", options: ListenOptions, tls: TlsServerSettings | undefined): Promise<void> {
    const max = this.options.maxConnections ?? 1024;
    const listener = new StreamListener(protocol, tls, max, this.log, (socket) => this.pool.adopt(socket, protocol));
    this.listeners.push(listener);
    const port = await listener.listen(options.address, options.port);
    this.identity.add(protocol, { address: options.address, port }, options.advertisedAddress);
  }

  /**
   * RFC 3261 §18.1.1: a large request meant for UDP goes over TCP to the same
   * address and port. False when that is impossible (no TCP listener to name in
   * the Via) or the TCP attempt failed: the caller then uses UDP, as §18.1.1 says.
   */
  private async sentOverTcpInstead(request: SipRequest, destination: Endpoint): Promise<boolean> {
    if (!this.identity.has("tcp")) return false;
    const overTcp = viaOverTcp(request, this.identity.endpoint("tcp"));
    if (!overTcp) return false;
    try {
      await this.writeStream(serializeMessage(overTcp), { ...destination, protocol: "tcp" });
      this.counters.switchedToTcp++;
      return true;
    } catch (error) {
      if (error instanceof TransportError && error.canceled) throw error;
      this.counters.tcpFallbacks++;
      this.log.info(`${request.method} too large for udp; tcp failed (${(error as Error).message}), using udp`);
      return false;
    }
  }

  private async writeDatagram(bytes: Buffer, target: { address: string; port: number }): Promise<void> {
    await this.udp.send(bytes, target);
    this.counters.messagesOut++;
  }

  private async writeStream(bytes: Buffer, destination: Endpoint): Promise<void> {
    const connection = await this.pool.connect(destination);
    await connection.write(bytes);
    this.counters.messagesOut++;
  }

  private onDatagram(datagram: Datagram): void {
    // A CRLF keep-alive from a peer's NAT refresh (RFC 5626 §4.4.1 style on UDP): nothing to do.
    if (isOnlyCrlf(datagram.data)) return;
    const source: Source = { protocol: "udp", ...datagram.from, connectionId: undefined, local: datagram.local };
    this.inbound.receive(datagram.data, source);
  }

  /** The stream cannot be resynchronised: answer with a 400 if possible, then close (§18.3). */
  private async onFramingError(connection: StreamConnection, reason: string, head: Buffer): Promise<void> {
    this.counters.framingErrors++;
    this.log.info(`${connection.id} from ${describe(connection.remote)}: framing error (${reason}), closing`);
    await this.inbound.rejectFraming(reason, head, sourceOf(connection));
    connection.close(`framing error: ${reason}`);
  }

  private notify(listeners: Set<FlowListener>, connection: StreamConnection): void {
    tellEach(listeners, this.log, "flow", { connectionId: connection.id, remote: { ...connection.remote } });
  }
}

function sourceOf(connection: StreamConnection): Source {
  return { ...connection.remote, connectionId: connection.id, local: { ...connection.local } };
}

function isOnlyCrlf(data: Buffer): boolean {
  return data.length > 0 && data.every((b) => b === 0x0d || b === 0x0a);
}
