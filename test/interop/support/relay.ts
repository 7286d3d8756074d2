/**
 * A userspace network impairment relay for RTP between our media session and a real peer
 * (kernel netem is not available here). Two pairs of UDP sockets on loopback, RTP on an even
 * port and RTCP on the next one:
 *
 *   peer ──▶ peerFacing ─[impair toLocal]─▶ (sent from localFacing) ──▶ our session
 *   peer ◀── (sent from peerFacing) ◀─[impair toPeer]─ localFacing ◀── our session
 *
 * Our SDP advertises `peerFacing`; our session is told the peer is at `localFacing`. Each
 * side therefore sees its partner's packets come from the address it sends to (symmetric
 * RTP holds). RTP datagrams are delayed, jittered, lost, reordered and duplicated by a seeded
 * SimNetwork (netem-like `delay B J`); RTCP passes unimpaired. Queues are bounded; counters
 * say what happened. Timers go through an injected Clock, so tests can use FakeClock.
 */
import { createSocket, type Socket } from "node:dgram";
import { SimNetwork, type NetworkProfile } from "../../../src/media/jitter/testing/network-sim.js";
import { RealClock, type Clock } from "../../../src/util/clock.js";

export type RelayDirection = "toLocal" | "toPeer";
export type RelayChannel = "rtp" | "rtcp";

export interface RelayEndpoint {
  host: string;
  rtpPort: number;
  rtcpPort: number;
}

export interface RelayOptions {
  clock?: Clock;
  /** Impairment of RTP from the peer to us; omitted: forwarded at once. */
  toLocal?: NetworkProfile;
  /** Impairment of RTP from us to the peer; omitted: forwarded at once. */
  toPeer?: NetworkProfile;
  /** Packet interval, for reordering holds of 1–3 packets. Default 20 ms. */
  frameMs?: number;
  /** Datagrams held at once per direction; more are dropped and counted. Default 500. */
  maxQueued?: number;
}

export interface DirectionCounters {
  received: number;
  /** Datagrams sent on, duplicates included. */
  forwarded: number;
  /** Dropped by the loss model. */
  lost: number;
  /** Extra copies sent. */
  duplicated: number;
  /** Dropped because the queue was full. */
  overflowed: number;
  /** Dropped because no target was known yet. */
  unrouted: number;
  /** RTP packets sent on with a lower sequence number than one sent before. */
  outOfOrder: number;
  /** Most datagrams held at once. */
  maxQueued: number;
}

export interface RelayEvent {
  direction: RelayDirection;
  channel: RelayChannel;
  /** "in": arrived at the relay; "out": sent on (after any delay). */
  stage: "in" | "out";
  data: Buffer;
  /** clock.now() */
  atMs: number;
}

interface Side {
  rtp: Socket;
  rtcp: Socket;
}

interface DirectionState {
  network: SimNetwork | undefined;
  counters: DirectionCounters;
  queued: number;
  highestSequence: number | undefined;
}

const PAIR_RANGE = { low: 20000, high: 32000 };
const MAX_BIND_ATTEMPTS = 50;

function bindUdp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", (error) => {
      socket.close();
      reject(error);
    });
    socket.bind({ address: "127.0.0.1", port, exclusive: true }, () => {
      socket.removeAllListeners("error");
      resolve(socket);
    });
  });
}

/** Binds an even RTP port and the RTCP port after it (RFC 3550 §11), below the ephemeral range. */
async function bindPair(): Promise<Side> {
  for (let attempt = 0; attempt < MAX_BIND_ATTEMPTS; attempt++) {
    const base = PAIR_RANGE.low + 2 * Math.floor((Math.random() * (PAIR_RANGE.high - PAIR_RANGE.low)) / 2);
    const rtp = await bindUdp(base).catch(() => undefined);
    if (rtp === undefined) continue;
    const rtcp = await bindUdp(base + 1).catch(() => undefined);
    if (rtcp !== undefined) return { rtp, rtcp };
    rtp.close();
  }
  throw new Error(`no free even/odd UDP port pair on 127.0.0.1 after ${MAX_BIND_ATTEMPTS} attempts`);
}

function zeroCounters(): DirectionCounters {
  return { received: 0, forwarded: 0, lost: 0, duplicated: 0, overflowed: 0, unrouted: 0, outOfOrder: 0, maxQueued: 0 };
}

export class ImpairmentRelay {
  private readonly clock: Clock;
  private readonly maxQueued: number;
  private readonly directions: Record<RelayDirection, DirectionState>;
  private readonly listeners: Array<(event: RelayEvent) => void> = [];
  private targets: { peer?: RelayEndpoint; local?: RelayEndpoint } = {};
  private closed = false;

  private constructor(private readonly peerSide: Side, private readonly localSide: Side, options: RelayOptions) {
    this.clock = options.clock ?? new RealClock();
    this.maxQueued = options.maxQueued ?? 500;
    const frameMs = options.frameMs ?? 20;
    const state = (profile: NetworkProfile | undefined): DirectionState => ({
      network: profile === undefined ? undefined : new SimNetwork(profile, frameMs),
      counters: zeroCounters(),
      queued: 0,
      highestSequence: undefined,
    });
    this.directions = { toLocal: state(options.toLocal), toPeer: state(options.toPeer) };
    for (const channel of ["rtp", "rtcp"] as const) {
      peerSide[channel].on("message", (data) => this.onDatagram("toLocal", channel, data));
      localSide[channel].on("message", (data) => this.onDatagram("toPeer", channel, data));
    }
  }

  static async open(options: RelayOptions = {}): Promise<ImpairmentRelay> {
    const peerSide = await bindPair();
    const localSide = await bindPair().catch((error: unknown) => {
      peerSide.rtp.close();
      peerSide.rtcp.close();
      throw error;
    });
    return new ImpairmentRelay(peerSide, localSide, options);
  }

  /** Where the peer must send (advertise this in our SDP). */
  get peerFacing(): RelayEndpoint {
    return { host: "127.0.0.1", rtpPort: this.peerSide.rtp.address().port, rtcpPort: this.peerSide.rtcp.address().port };
  }

  /** Where our session must send (in place of the peer's address). */
  get localFacing(): RelayEndpoint {
    return { host: "127.0.0.1", rtpPort: this.localSide.rtp.address().port, rtcpPort: this.localSide.rtcp.address().port };
  }

  /** Sets where datagrams go: the peer's RTP/RTCP (from its SDP) and ours. Either may come later. */
  connect(targets: { peer?: RelayEndpoint; local?: RelayEndpoint }): void {
    this.targets = { ...this.targets, ...targets };
  }

  counters(direction: RelayDirection): DirectionCounters {
    return { ...this.directions[direction].counters };
  }

  /** Calls `listener` for every datagram in and out; returns a function that stops it. */
  observe(listener: (event: RelayEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const at = this.listeners.indexOf(listener);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const sockets = [this.peerSide.rtp, this.peerSide.rtcp, this.localSide.rtp, this.localSide.rtcp];
    await Promise.all(sockets.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  }

  private onDatagram(direction: RelayDirection, channel: RelayChannel, data: Buffer): void {
    const state = this.directions[direction];
    const now = this.clock.now();
    state.counters.received++;
    this.emit({ direction, channel, stage: "in", data, atMs: now });
    const target = direction === "toLocal" ? this.targets.local : this.targets.peer;
    if (target === undefined) {
      state.counters.unrouted++;
      return;
    }
    const delays = channel === "rtp" && state.network !== undefined ? state.network.arrivalDelays(now) : [0];
    if (delays.length === 0) {
      state.counters.lost++;
      return;
    }
    state.counters.duplicated += delays.length - 1;
    for (const delayMs of delays) {
      if (delayMs <= 0) {
        this.forward(direction, channel, data, target);
        continue;
      }
      if (state.queued >= this.maxQueued) {
        state.counters.overflowed++;
        continue;
      }
      state.queued++;
      state.counters.maxQueued = Math.max(state.counters.maxQueued, state.queued);
      this.clock.setTimer(delayMs, () => {
        state.queued--;
        this.forward(direction, channel, data, target);
      });
    }
  }

  private forward(direction: RelayDirection, channel: RelayChannel, data: Buffer, target: RelayEndpoint): void {
    if (this.closed) return;
    const state = this.directions[direction];
    if (channel === "rtp" && data.length >= 12) {
      const sequence = data.readUInt16BE(2);
      const highest = state.highestSequence;
      // RFC 3550 Appendix A.1: a sequence number behind the highest (mod 2^16) arrived late.
      if (highest !== undefined && ((highest - sequence) & 0xffff) !== 0 && ((highest - sequence) & 0xffff) < 0x8000) state.counters.outOfOrder++;
      else state.highestSequence = sequence;
    }
    const from = direction === "toLocal" ? this.localSide : this.peerSide;
    from[channel].send(data, channel === "rtp" ? target.rtpPort : target.rtcpPort, target.host);
    state.counters.forwarded++;
    this.emit({ direction, channel, stage: "out", data, atMs: this.clock.now() });
  }

  private emit(event: RelayEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
