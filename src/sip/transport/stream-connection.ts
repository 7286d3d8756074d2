/**
 * One TCP or TLS connection (RFC 3261 §18.3): bytes are split into whole
 * messages by the message layer's StreamFramer; a double-CRLF ping is answered
 * with a CRLF pong and a lone CRLF pong is reported (RFC 5626 §4.4.1); the
 * connection closes itself after `idleTimeoutMs` without traffic either way.
 */
import type { Socket } from "node:net";
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { StreamFramer } from "../message/index.js";
import { normalizeAddress } from "./address.js";
import type { Endpoint } from "./types.js";
import { TransportError } from "./types.js";

const PING = Buffer.from("\r\n\r\n");
const PONG = Buffer.from("\r\n");

export interface ConnectionEvents {
  onMessage(connection: StreamConnection, data: Buffer): void;
  /** Framing failed; the connection has stopped reading and the owner should close it. */
  onFramingError(connection: StreamConnection, reason: string, head: Buffer): void;
  onPing(connection: StreamConnection): void;
  onPong(connection: StreamConnection): void;
  onClosed(connection: StreamConnection, reason: string): void;
}

export interface StreamConnectionOptions {
  id: string;
  protocol: "tcp" | "tls";
  /** A connected socket (for TLS, after the handshake). */
  socket: Socket;
  direction: "inbound" | "outbound";
  /** Outbound TLS: the host name the server's certificate was verified for. */
  serverName?: string;
  clock: Clock;
  idleTimeoutMs: number;
  log: Logger;
  events: ConnectionEvents;
}

export class StreamConnection {
  readonly id: string;
  readonly protocol: "tcp" | "tls";
  readonly direction: "inbound" | "outbound";
  readonly serverName: string | undefined;
  readonly remote: Endpoint;
  readonly local: Endpoint;
  private readonly socket: Socket;
  private readonly framer = new StreamFramer();
  private idleTimer: Timer | undefined;
  private open = true;
  private reading = true;

  constructor(private readonly options: StreamConnectionOptions) {
    const { socket, protocol } = options;
    this.id = options.id;
    this.protocol = protocol;
    this.direction = options.direction;
    this.serverName = options.serverName;
    this.socket = socket;
    this.remote = { protocol, address: normalizeAddress(socket.remoteAddress ?? ""), port: socket.remotePort ?? 0 };
    this.local = { protocol, address: normalizeAddress(socket.localAddress ?? ""), port: socket.localPort ?? 0 };
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.onData(chunk));
    socket.on("error", (error) => options.log.debug(`${this.id}: ${error.message}`));
    socket.on("close", () => this.finish("closed by peer or network"));
    this.touch();
  }

  get isOpen(): boolean {
    return this.open;
  }

  /** Resolves once the bytes are handed to the OS; rejects with TransportError. */
  write(data: Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new TransportError(`${this.id} is closed`));
    this.touch();
    return new Promise((resolve, reject) => {
      this.socket.write(data, (error) => {
        if (error) reject(new TransportError(`${this.id} write: ${error.message}`));
        else resolve();
      });
    });
  }

  /** RFC 5626 §4.4.1: sends a double-CRLF ping; the pong is reported through onPong. */
  ping(): Promise<void> {
    this.framer.expectPong();
    return this.write(PING);
  }

  /** Closes at once; pending writes fail. Safe to call more than once. */
  close(reason: string): void {
    if (!this.open) return;
    this.socket.destroy();
    this.finish(reason);
  }

  private onData(chunk: Buffer): void {
    if (!this.reading) return;
    this.touch();
    for (const frame of this.framer.push(chunk)) {
      if (!this.reading) return;
      switch (frame.kind) {
        case "message":
          this.options.events.onMessage(this, frame.data);
          break;
        case "ping":
          // RFC 5626 §4.4.1: answer a double-CRLF ping with a single CRLF pong.
          this.options.events.onPing(this);
          this.write(PONG).catch((error: Error) => this.options.log.debug(`${this.id} pong: ${error.message}`));
          break;
        case "pong":
          this.options.events.onPong(this);
          break;
        case "error":
          this.reading = false;
          this.options.events.onFramingError(this, frame.reason, frame.head);
          return;
      }
    }
  }

  private touch(): void {
    this.idleTimer?.cancel();
    if (!this.open) return;
    this.idleTimer = this.options.clock.setTimer(this.options.idleTimeoutMs, () => this.close("idle"));
  }

  private finish(reason: string): void {
    if (!this.open) return;
    this.open = false;
    this.reading = false;
    this.idleTimer?.cancel();
    this.options.log.debug(`${this.id} closed: ${reason}`);
    this.options.events.onClosed(this, reason);
  }
}
