/**
 * Accepts TCP or TLS connections (RFC 3261 §18.3, RFC 5246/8446 through
 * node:tls) on one server per address family and hands each connected socket
 * to `onSocket` (for TLS, once the handshake is done). At most `maxConnections`
 * are accepted at once; sockets still in their handshake are tracked so that
 * close() does not wait for a silent client.
 */
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo, Server, Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import type { Logger } from "../../util/log.js";
import { describe } from "./address.js";
import { bindSamePort, bindSpecs } from "./bind.js";
import type { BindSpec } from "./bind.js";

/** Server certificate and key (PEM) for accepting TLS. */
export interface TlsServerSettings {
  key: string | Buffer;
  cert: string | Buffer;
}

export class StreamListener {
  private servers: Server[] = [];
  private readonly accepted = new Set<Socket>();

  constructor(
    private readonly protocol: "tcp" | "tls",
    private readonly tls: TlsServerSettings | undefined,
    private readonly maxConnections: number,
    private readonly log: Logger,
    private readonly onSocket: (socket: Socket) => void,
  ) {}

  /** Binds; returns the real port (the same for every family). */
  async listen(address: string, port: number): Promise<number> {
    const bound = await bindSamePort(bindSpecs(address), port, (spec, p) => this.listenOne(spec, p), closeServer);
    for (const b of bound) {
      this.servers.push(b.handle);
      b.handle.on("error", (error) => this.log.warn(`${this.protocol} server: ${error.message}`));
      this.log.info(`listening on ${describe({ protocol: this.protocol, address: b.spec.address, port: b.port })}`);
    }
    return bound[0]!.port;
  }

  /** Stops accepting and drops sockets not yet handed over; the others are closed by their owner. */
  async close(): Promise<void> {
    const servers = this.servers;
    this.servers = [];
    const closing = Promise.all(servers.map(closeServer));
    for (const socket of this.accepted) socket.destroy();
    await closing;
  }

  private listenOne(spec: BindSpec, port: number): Promise<{ handle: Server; port: number }> {
    const server = this.createServer();
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: spec.address, port, ipv6Only: spec.ipv6Only, exclusive: true }, () => {
        server.off("error", reject);
        resolve({ handle: server, port: (server.address() as AddressInfo).port });
      });
    });
  }

  private createServer(): Server {
    const server = this.protocol === "tcp" ? createTcpServer() : createTlsServer({ ...this.tls });
    server.maxConnections = this.maxConnections;
    // "connection" carries the raw socket, before any TLS handshake.
    server.on("connection", (socket: Socket) => {
      this.accepted.add(socket);
      socket.once("close", () => this.accepted.delete(socket));
      if (this.protocol === "tcp") this.onSocket(socket);
    });
    if (this.protocol === "tls") {
      server.on("secureConnection", (socket: Socket) => this.onSocket(socket));
      server.on("tlsClientError", (error) => this.log.debug(`tls handshake failed: ${error.message}`));
    }
    return server;
  }
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
