/**
 * The two UDP sockets of one RTP session: RTP on an even port and RTCP on the next
 * odd one (RFC 3550 §11), both in the configured range, found by trying random even
 * ports so concurrent calls (and other programs) do not collide.
 */
import { createSocket, type Socket } from "node:dgram";
import { lookup as dnsLookup, type LookupOneOptions } from "node:dns";
import { isIP, isIPv6 } from "node:net";
import type { Logger } from "../../util/log.js";
import type { RandomSource } from "../rtp/index.js";
import type { MediaEndpoint } from "../rtp/index.js";
import { closeSocket } from "../../util/close-socket.js";

export interface PortRange {
  /** Lowest port for RTP (rounded up to even). */
  readonly min: number;
  /** Highest port for RTCP (RTP + 1). */
  readonly max: number;
}

/** Below Linux's ephemeral range, so a call never races the OS for a port. */
export const DEFAULT_PORT_RANGE: PortRange = { min: 16384, max: 32767 };

const ATTEMPTS = 64;

export type DatagramHandler = (data: Buffer, from: MediaEndpoint) => void;

export interface SocketPairOptions {
  bindAddress: string;
  portRange: PortRange;
  random: RandomSource;
  logger: Logger;
  onRtp: DatagramHandler;
  onRtcp: DatagramHandler;
}

export class RtpSocketPair {
  private closed = false;

  private constructor(
    private readonly rtp: Socket,
    private readonly rtcp: Socket,
    readonly rtpPort: number,
    private readonly logger: Logger,
  ) {}

  static async bind(options: SocketPairOptions): Promise<RtpSocketPair> {
    const first = options.portRange.min + (options.portRange.min % 2);
    const pairs = Math.floor((options.portRange.max - first + 1) / 2);
    if (pairs < 1) throw new RangeError(`RTP port range ${options.portRange.min}-${options.portRange.max} holds no even/odd pair`);
    let lastError: Error | undefined;
    for (let attempt = 0; attempt < Math.min(ATTEMPTS, pairs * 2); attempt++) {
      const port = first + 2 * (options.random.uint32() % pairs);
      const rtp = await bindOne(options.bindAddress, port).catch((e: Error) => e);
      if (rtp instanceof Error) {
        lastError = retryable(rtp);
        continue;
      }
      const rtcp = await bindOne(options.bindAddress, port + 1).catch((e: Error) => e);
      if (rtcp instanceof Error) {
        await closeSocket(rtp);
        lastError = retryable(rtcp);
        continue;
      }
      const pair = new RtpSocketPair(rtp, rtcp, port, options.logger);
      pair.listen(rtp, options.onRtp, "RTP");
      pair.listen(rtcp, options.onRtcp, "RTCP");
      return pair;
    }
    throw new Error(`no free RTP/RTCP port pair in ${options.portRange.min}-${options.portRange.max} on ${options.bindAddress}: ${lastError?.message ?? "range exhausted"}`);
  }

  /** Fire and forget, 50 times a second: no completion callback (a failure comes as the socket's error event, logged). */
  sendRtp(data: Uint8Array, to: MediaEndpoint): void {
    if (this.closed) return;
    try {
      this.rtp.send(data, to.port, to.address);
    } catch (error) {
      this.logger.warn(`send to ${to.address}:${to.port}: ${(error as Error).message}`);
    }
  }

  /** `sent` is called once the OS took the datagram, or it failed, or the pair was closed. */
  sendRtcp(data: Uint8Array, to: MediaEndpoint, sent?: () => void): void {
    this.send(this.rtcp, data, to, sent);
  }

  /** Resolves once both sockets are closed; further sends are ignored. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([closeSocket(this.rtp), closeSocket(this.rtcp)]);
  }

  private listen(socket: Socket, handler: DatagramHandler, what: string): void {
    socket.on("message", (data, rinfo) => handler(data, { address: rinfo.address, port: rinfo.port }));
    socket.on("error", (error) => this.logger.warn(`${what} socket: ${error.message}`));
  }

  /** UDP is fire and forget: a failed send is logged, the media path goes on (RFC 3550 tolerates loss). */
  private send(socket: Socket, data: Uint8Array, to: MediaEndpoint, sent?: () => void): void {
    if (this.closed) return sent?.();
    try {
      socket.send(data, to.port, to.address, (error) => {
        if (error) this.logger.debug(`send to ${to.address}:${to.port}: ${error.message}`);
        sent?.();
      });
    } catch (error) {
      this.logger.warn(`send to ${to.address}:${to.port}: ${(error as Error).message}`);
      sent?.();
    }
  }
}

/** A port in use (or reserved) means "try another"; anything else (a bad address) is thrown at once. */
function retryable(error: Error): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE" || code === "EACCES") return error;
  throw error;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * dgram resolves every destination before each send; dns.lookup answers an IP literal (what
 * SDP gives nearly always) only on the next tick. Answering at once spares a tick per packet.
 */
function literalFirstLookup(hostname: string, options: LookupOneOptions, callback: LookupCallback): void {
  const family = isIP(hostname);
  if (family !== 0) callback(null, hostname, family);
  else dnsLookup(hostname, options, callback);
}

function bindOne(address: string, port: number): Promise<Socket> {
  const socket = createSocket({ type: isIPv6(address) ? "udp6" : "udp4", lookup: literalFirstLookup });
  return new Promise((resolve, reject) => {
    socket.once("error", (error) => {
      socket.close();
      reject(error);
    });
    socket.bind({ address, port, exclusive: true }, () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
  });
}
