/**
 * Test support for MediaSession: two sessions on 127.0.0.1 negotiated through real
 * SDP offer/answer, a FakeClock whose every 20 ms step pumps both sides, and a wait
 * after each step until the datagrams sent in it have arrived (probing with a
 * deadline, never sleeping). Also a tiny UDP relay between them that can drop, delay
 * (on the FakeClock) and record packets.
 */
import { createSocket, type Socket } from "node:dgram";
import { afterEach } from "vitest";
import { ToneGenerator } from "../../../../src/dsp/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import {
  createAnswer, createOffer, FramePump, MediaSession, parseAnswer, parseRtp,
  type MediaEndpoint, type MediaOptions, type MediaSessionOptions, type NegotiatedAudio, type RtpPacket,
} from "../../../../src/media/index.js";

export const ORIGIN = { sessionId: "1", sessionVersion: 1 };

/** Polls `ready` until it holds, failing after `timeoutMs` of real time with `what`. */
export async function until(ready: () => boolean, what: () => string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export type SessionOptions = Partial<Omit<MediaSessionOptions, "clock" | "logs">>;

export function openSession(clock: FakeClock, options: SessionOptions = {}): Promise<MediaSession> {
  return MediaSession.open({ clock, logs: silentLogs, bindAddress: "127.0.0.1", ...options });
}

/** A offers, B answers; returns what each side negotiated. */
export function negotiate(
  a: MediaOptions,
  b: MediaOptions,
): { forA: NegotiatedAudio; forB: NegotiatedAudio } {
  const offer = createOffer({ ...a, origin: ORIGIN });
  const answer = createAnswer(offer, { ...b, origin: ORIGIN });
  if (!answer.ok) throw new Error(`answer failed: ${answer.error.detail}`);
  const forA = parseAnswer(answer.value.sdp, offer);
  if (!forA.ok) throw new Error(`parseAnswer failed: ${forA.error.detail}`);
  return { forA: forA.value, forB: answer.value.negotiated };
}

/** Datagrams a session has put on the wire (RTP and RTCP). */
export function sentBy(session: MediaSession): number {
  const s = session.stats();
  return s.packetsSent + s.rtcpSent;
}

/**
 * Two sessions and a clock. `step()` advances 20 ms (each side's FramePump sends one
 * frame and pulls one) and waits until `settled()` holds: by default, every datagram
 * either side sent has reached the other.
 */
export class Call {
  readonly heardByA: Int16Array[] = [];
  readonly heardByB: Int16Array[] = [];
  private readonly pumps: FramePump[];
  settled: () => boolean;

  constructor(
    readonly clock: FakeClock,
    readonly a: MediaSession,
    readonly b: MediaSession,
    sources: { a: () => Int16Array | undefined; b: () => Int16Array | undefined },
  ) {
    this.pumps = [
      new FramePump({ clock, session: a, source: sources.a, sink: (f) => this.heardByA.push(f) }),
      new FramePump({ clock, session: b, source: sources.b, sink: (f) => this.heardByB.push(f) }),
    ];
    for (const pump of this.pumps) pump.start();
    this.settled = () => a.stats().datagramsReceived === sentBy(b) && b.stats().datagramsReceived === sentBy(a);
  }

  async run(ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 20) {
      this.clock.advance(20);
      await until(this.settled, () => `datagrams in flight at ${this.clock.now()} ms: A ${JSON.stringify(this.a.stats())} B ${JSON.stringify(this.b.stats())}`);
    }
  }

  /** Waits (real time, with a deadline) until `ready` holds. */
  settleOn(ready: () => boolean): Promise<void> {
    return until(ready, () => `condition at ${this.clock.now()} ms`);
  }

  async close(): Promise<void> {
    for (const pump of this.pumps) pump.stop();
    await Promise.all([this.a.close(), this.b.close()]);
  }
}

/** The last `ms` of what a side heard, as one signal. */
export function lastHeard(frames: Int16Array[], ms: number): Int16Array {
  const count = ms / 20;
  const out = new Int16Array(count * 160);
  frames.slice(-count).forEach((f, i) => out.set(f, i * 160));
  return out;
}

export interface Relayed {
  direction: "a->b" | "b->a";
  packet: RtpPacket | undefined;
  atMs: number;
}

export interface RelayOptions {
  clock: FakeClock;
  /** Held this long on the FakeClock before forwarding (a number, or one per datagram); default 0. */
  delayMs?: number | (() => number);
  /** Return true to drop a datagram; `index` counts datagrams in that direction from 0. */
  drop?: (direction: Relayed["direction"], index: number, data: Buffer) => boolean;
}

/**
 * A UDP relay between A and B: A sends to `portForA`, B to `portForB`; datagrams from
 * A leave through B's socket and vice versa, so each side sees the relay as its peer.
 */
export class UdpRelay {
  readonly log: Relayed[] = [];
  readonly received = { "a->b": 0, "b->a": 0 };
  readonly forwarded = { "a->b": 0, "b->a": 0 };

  private constructor(
    private readonly facingA: Socket,
    private readonly facingB: Socket,
    private readonly a: MediaEndpoint,
    private readonly b: MediaEndpoint,
    private readonly options: RelayOptions,
  ) {
    facingA.on("message", (data) => this.onDatagram("a->b", data));
    facingB.on("message", (data) => this.onDatagram("b->a", data));
  }

  static async open(a: MediaEndpoint, b: MediaEndpoint, options: RelayOptions): Promise<UdpRelay> {
    const bind = (): Promise<Socket> =>
      new Promise((resolve) => {
        const socket = createSocket("udp4");
        socket.bind(0, "127.0.0.1", () => resolve(socket));
      });
    return new UdpRelay(await bind(), await bind(), a, b, options);
  }

  get portForA(): number {
    return this.facingA.address().port;
  }

  get portForB(): number {
    return this.facingB.address().port;
  }

  close(): Promise<void> {
    const close = (s: Socket): Promise<void> => new Promise((resolve) => s.close(() => resolve()));
    return Promise.all([close(this.facingA), close(this.facingB)]).then(() => undefined);
  }

  private onDatagram(direction: Relayed["direction"], data: Buffer): void {
    const index = this.received[direction]++;
    if (this.options.drop?.(direction, index, data)) return;
    const parsed = parseRtp(data);
    this.log.push({ direction, packet: parsed.ok && !isRtcp(data) ? parsed.value : undefined, atMs: this.options.clock.now() });
    const forward = (): void => {
      this.forwarded[direction]++;
      const [socket, to] = direction === "a->b" ? [this.facingB, this.b] : [this.facingA, this.a];
      socket.send(data, to.port, to.address);
    };
    const delay = this.options.delayMs;
    const delayMs = typeof delay === "function" ? delay() : delay ?? 0;
    if (delayMs > 0) this.options.clock.setTimer(delayMs, forward);
    else forward();
  }
}

export interface CallSetup {
  a?: SessionOptions;
  b?: SessionOptions;
  /** Changes B's answer options (e.g. no telephone-event). */
  answer?: (media: MediaOptions) => MediaOptions;
  /** Put relays for RTP and RTCP between the two. */
  relay?: Omit<RelayOptions, "clock">;
  /** What each side's microphone says; default 1 kHz at −10 dBm0 from A, 600 Hz at −16 dBm0 from B. */
  sourceA?: () => Int16Array | undefined;
  sourceB?: () => Int16Array | undefined;
}

export interface RelayedCall extends Call {
  rtpRelay: UdpRelay | undefined;
  rtcpRelay: UdpRelay | undefined;
}

/** A negotiation result for one side, pointed at the relays when the call has them. */
export function routed(call: RelayedCall, side: "a" | "b", negotiated: NegotiatedAudio): NegotiatedAudio {
  if (!call.rtpRelay || !call.rtcpRelay) return negotiated;
  const [rtp, rtcp] = side === "a" ? [call.rtpRelay.portForA, call.rtcpRelay.portForA] : [call.rtpRelay.portForB, call.rtcpRelay.portForB];
  return { ...negotiated, remotePort: rtp, remoteRtcpPort: rtcp };
}

/** Opens, negotiates and starts two sessions, optionally through relays, with tone sources. */
export async function startCall(setup: CallSetup = {}): Promise<RelayedCall> {
  const clock = new FakeClock();
  const a = await openSession(clock, setup.a);
  const b = await openSession(clock, setup.b);
  const answerMedia = setup.answer ? setup.answer(b.localMedia()) : b.localMedia();
  let { forA, forB } = negotiate(a.localMedia(), answerMedia);
  let rtpRelay: UdpRelay | undefined;
  let rtcpRelay: UdpRelay | undefined;
  if (setup.relay) {
    const at = (port: number): MediaEndpoint => ({ address: "127.0.0.1", port });
    rtpRelay = await UdpRelay.open(at(a.localPort), at(b.localPort), { clock, ...setup.relay });
    rtcpRelay = await UdpRelay.open(at(a.localPort + 1), at(b.localPort + 1), { clock, ...setup.relay });
    forA = { ...forA, remotePort: rtpRelay.portForA, remoteRtcpPort: rtcpRelay.portForA };
    forB = { ...forB, remotePort: rtpRelay.portForB, remoteRtcpPort: rtcpRelay.portForB };
  }
  a.start(forA);
  b.start(forB);
  const toneA = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
  const toneB = new ToneGenerator([{ frequencyHz: 600, levelDbm0: -16 }]);
  const call = new Call(clock, a, b, { a: setup.sourceA ?? (() => toneA.next(160)), b: setup.sourceB ?? (() => toneB.next(160)) }) as RelayedCall;
  call.rtpRelay = rtpRelay;
  call.rtcpRelay = rtcpRelay;
  if (rtpRelay && rtcpRelay) {
    const through = (from: MediaSession, to: MediaSession, direction: Relayed["direction"]): boolean =>
      rtpRelay.received[direction] === from.stats().packetsSent &&
      rtcpRelay.received[direction] === from.stats().rtcpSent &&
      to.stats().datagramsReceived === rtpRelay.forwarded[direction] + rtcpRelay.forwarded[direction];
    call.settled = () => through(a, b, "a->b") && through(b, a, "b->a");
    const close = call.close.bind(call);
    call.close = async () => {
      await close();
      await Promise.all([rtpRelay.close(), rtcpRelay.close()]);
    };
  }
  return call;
}

/** RTP packets the relay passed in one direction, in order. */
export function packets(relay: UdpRelay | undefined, direction: Relayed["direction"]): RtpPacket[] {
  return (relay?.log ?? []).filter((r) => r.direction === direction && r.packet).map((r) => r.packet!);
}

/** RTCP packet types 200–204 in the second octet (RFC 3550 §12.1); RTP payload types of these tests never collide. */
export function isRtcp(data: Uint8Array): boolean {
  return data.length > 1 && data[1]! >= 200 && data[1]! <= 204;
}

/** startCall for a test file: every call it starts is closed after its test. */
export function callsClosedAfterEach(): (setup?: CallSetup) => Promise<RelayedCall> {
  const open: RelayedCall[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((call) => call.close()));
  });
  return async (setup = {}) => {
    const call = await startCall(setup);
    open.push(call);
    return call;
  };
}
