/**
 * The UDP side (RFC 3261 §18): one datagram socket per address family, each
 * datagram handed up whole. Sending picks the socket of the destination's family.
 */
import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import type { Logger } from "../../util/log.js";
import { describe, ipFamily, normalizeAddress } from "./address.js";
import { bindSamePort, bindSpecs } from "./bind.js";
import type { BindSpec } from "./bind.js";
import type { Endpoint } from "./types.js";
import { TransportError } from "./types.js";
import { closeSocket } from "../../util/close-socket.js";

export interface Datagram {
  data: Buffer;
  from: { address: string; port: number };
  /** Our socket's local endpoint. */
  local: Endpoint;
}

const RECEIVE_BUFFER_BYTES = 1024 * 1024;

interface BoundSocket {
  socket: Socket;
  family: 4 | 6;
  local: Endpoint;
}

export class UdpListener {
  private sockets: BoundSocket[] = [];

  constructor(private readonly log: Logger, private readonly onDatagram: (datagram: Datagram) => void) {}

  /** Binds; returns the real port (the same for every family). */
  async bind(address: string, port: number): Promise<number> {
    const bound = await bindSamePort(bindSpecs(address), port, (spec, p) => this.bindOne(spec, p), closeSocket);
    for (const b of bound) {
      const local: Endpoint = { protocol: "udp", address: b.spec.address, port: b.port };
      this.sockets.push({ socket: b.handle, family: b.spec.family, local });
      b.handle.on("message", (data, rinfo) => {
        this.onDatagram({ data, from: { address: normalizeAddress(rinfo.address), port: rinfo.port }, local });
      });
      b.handle.on("error", (error) => this.log.warn(`socket ${describe(local)}: ${error.message}`));
      this.growReceiveBuffer(b.handle);
      this.log.info(`listening on ${describe(local)}`);
    }
    return bound[0]!.port;
  }

  /** Resolves once the OS took the datagram; rejects with TransportError. */
  send(data: Uint8Array, to: { address: string; port: number }): Promise<void> {
    const family = ipFamily(to.address);
    const bound = this.sockets.find((s) => s.family === family);
    if (!bound) return Promise.reject(new TransportError(`udp: no IPv${family ?? "?"} socket for ${to.address}`));
    return new Promise((resolve, reject) => {
      try {
        bound.socket.send(data, to.port, normalizeAddress(to.address), (error) => {
          if (error) reject(new TransportError(`udp send to ${to.address}:${to.port}: ${error.message}`));
          else resolve();
        });
      } catch (error) {
        // dgram throws synchronously on a bad port or a closed socket.
        reject(new TransportError(`udp send to ${to.address}:${to.port}: ${(error as Error).message}`));
      }
    });
  }

  async close(): Promise<void> {
    const sockets = this.sockets;
    this.sockets = [];
    await Promise.all(sockets.map((s) => closeSocket(s.socket)));
  }

  /** Room for bursts of datagrams; the kernel caps the request silently at its own maximum. */
  private growReceiveBuffer(socket: Socket): void {
    try {
      socket.setRecvBufferSize(RECEIVE_BUFFER_BYTES);
    } catch (error) {
      this.log.debug(`receive buffer left at its default: ${(error as Error).message}`);
    }
  }

  private bindOne(spec: BindSpec, port: number): Promise<{ handle: Socket; port: number }> {
    const socket = createSocket({ type: spec.family === 6 ? "udp6" : "udp4", ipv6Only: spec.ipv6Only });
    return new Promise((resolve, reject) => {
      const fail = (error: Error): void => {
        socket.close();
        reject(error);
      };
      socket.once("error", fail);
      socket.bind({ address: spec.address, port, exclusive: true }, () => {
        socket.off("error", fail);
        resolve({ handle: socket, port: socket.address().port });
      });
    });
  }
}
