/**
 * Every open TCP/TLS connection, accepted or opened, filed by id and by the
 * peer's address and port. A send to a destination reuses any open connection
 * whose remote end is that destination (RFC 3261 §18.1.1, RFC 5923's idea of
 * connection reuse) before opening a new one; two sends racing to the same new
 * destination share one connection attempt.
 */
import { connect as tcpConnect } from "node:net";
import type { Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { describe, endpointKey, ipFamily } from "./address.js";
import { StreamConnection } from "./stream-connection.js";
import type { ConnectionEvents } from "./stream-connection.js";
import type { Endpoint } from "./types.js";
import { TransportError } from "./types.js";

/** How this side verifies TLS servers it connects to (RFC 5246/8446 via node:tls, RFC 5922 §7). */
export interface TlsClientSettings {
  /** Trusted CAs (PEM); the system store when absent. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** false only for tests and lab setups: accept any certificate. Default true. */
  rejectUnauthorized?: boolean;
  /** Name to verify when the destination carries none; else the address itself is verified. */
  servername?: string;
}

export interface ConnectionPoolOptions {
  clock: Clock;
  log: Logger;
  idleTimeoutMs: number;
  connectTimeoutMs: number;
  tls: TlsClientSettings;
  /** Called for every connection filed, accepted or opened. */
  onFiled?: (connection: StreamConnection) => void;
  /** Events of every connection; the pool forgets a connection before passing onClosed on. */
  events: ConnectionEvents;
}

export class ConnectionPool {
  private readonly byId = new Map<string, StreamConnection>();
  private readonly byRemote = new Map<string, StreamConnection>();
  private readonly connecting = new Map<string, Promise<StreamConnection>>();
  private readonly attempts = new Set<Socket>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: ConnectionPoolOptions) {}

  get size(): number {
    return this.byId.size;
  }

  get(id: string): StreamConnection | undefined {
    return this.byId.get(id);
  }

  /**
   * An open connection whose remote end is this endpoint, if any. A TLS
   * destination that names a server only matches a connection verified for that name.
   */
  find(destination: Endpoint): StreamConnection | undefined {
    const found = this.byRemote.get(endpointKey(destination.protocol, destination.address, destination.port));
    const name = destination.protocol === "tls" ? destination.serverName?.toLowerCase() : undefined;
    return name === undefined || found?.serverName === name ? found : undefined;
  }

  /** Takes a socket accepted by a listener (after the TLS handshake for tls). */
  adopt(socket: Socket, protocol: "tcp" | "tls"): StreamConnection {
    return this.file(socket, protocol, "inbound");
  }

  /** Reuses an open connection to `destination` or opens one; rejects with TransportError. */
  connect(destination: Endpoint): Promise<StreamConnection> {
    if (this.closed) return Promise.reject(new TransportError("transport closed", true));
    const open = this.find(destination);
    if (open) return Promise.resolve(open);
    const key = `${endpointKey(destination.protocol, destination.address, destination.port)}/${destination.serverName ?? ""}`;
    const inFlight = this.connecting.get(key);
    if (inFlight) return inFlight;
    const attempt = this.open(destination).finally(() => this.connecting.delete(key));
    this.connecting.set(key, attempt);
    return attempt;
  }

  /** Closes every connection and abandons every connection attempt. */
  closeAll(): void {
    this.closed = true;
    for (const socket of this.attempts) socket.destroy();
    for (const connection of [...this.byId.values()]) connection.close("transport closed");
  }

  private open(destination: Endpoint): Promise<StreamConnection> {
    const { protocol, address, port } = destination;
    if (protocol === "udp") return Promise.reject(new TransportError("udp is not connection-oriented"));
    const family = ipFamily(address);
    if (family === undefined) return Promise.reject(new TransportError(`not an IP address: ${address}`));
    const serverName = protocol === "tls" ? this.verifiedName(destination) : undefined;
    const socket = protocol === "tls" ? this.openTls(destination, serverName) : tcpConnect({ host: address, port, family });
    const ready = protocol === "tls" ? "secureConnect" : "connect";
    this.attempts.add(socket);
    return new Promise<StreamConnection>((resolve, reject) => {
      const timer = this.options.clock.setTimer(this.options.connectTimeoutMs, () => {
        socket.destroy(new Error(`no connection after ${this.options.connectTimeoutMs} ms`));
      });
      const settle = (): void => {
        timer.cancel();
        this.attempts.delete(socket);
        socket.off("error", onError);
        socket.off("close", onClose);
      };
      const onError = (error: Error): void => {
        settle();
        socket.destroy();
        reject(new TransportError(`connect to ${describe(destination)}: ${error.message}`, this.closed));
      };
      const onClose = (): void => onError(new Error(this.closed ? "transport closed" : "closed before ready"));
      socket.once("error", onError);
      socket.once("close", onClose);
      socket.once(ready, () => {
        settle();
        resolve(this.file(socket, protocol, "outbound", serverName));
      });
    });
  }

  /** The host name to send as SNI and verify (RFC 5922 §4); undefined: verify the address itself. */
  private verifiedName(destination: Endpoint): string | undefined {
    const name = (destination.serverName ?? this.options.tls.servername)?.toLowerCase();
    // SNI must be a host name, never an address (RFC 6066 §3).
    return name !== undefined && ipFamily(name) === undefined ? name : undefined;
  }

  private openTls(destination: Endpoint, servername: string | undefined): Socket {
    const settings = this.options.tls;
    return tlsConnect({
      host: destination.address,
      port: destination.port,
      ...(servername !== undefined ? { servername } : {}),
      ...(settings.ca !== undefined ? { ca: settings.ca } : {}),
      rejectUnauthorized: settings.rejectUnauthorized ?? true,
    });
  }

  private file(socket: Socket, protocol: "tcp" | "tls", direction: "inbound" | "outbound", serverName?: string): StreamConnection {
    const events: ConnectionEvents = {
      ...this.options.events,
      onClosed: (connection, reason) => {
        this.forget(connection);
        this.options.events.onClosed(connection, reason);
      },
    };
    const connection = new StreamConnection({
      id: `${protocol}-${this.nextId++}`, protocol, socket, direction, events, serverName,
      clock: this.options.clock, idleTimeoutMs: this.options.idleTimeoutMs, log: this.options.log,
    });
    this.byId.set(connection.id, connection);
    this.byRemote.set(endpointKey(protocol, connection.remote.address, connection.remote.port), connection);
    this.options.log.debug(`${connection.id} ${direction} ${describe(connection.remote)}`);
    this.options.onFiled?.(connection);
    if (this.closed) connection.close("transport closed");
    return connection;
  }

  private forget(connection: StreamConnection): void {
    this.byId.delete(connection.id);
    const key = endpointKey(connection.protocol, connection.remote.address, connection.remote.port);
    if (this.byRemote.get(key) === connection) this.byRemote.delete(key);
  }
}
