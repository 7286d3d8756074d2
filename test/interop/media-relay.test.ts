/**
 * The impairment relay (test/interop/support/relay.ts) on real loopback sockets:
 * - with a FakeClock, a seeded run of 1000 RTP packets: every datagram's delay is the one
 *   the seeded SimNetwork draws (so delay, jitter, loss, reordering, duplication are exactly
 *   those of the jitter buffer's simulator), the loss rate is near what was asked, copies
 *   and overtaking show up at the receiving socket, and counters add up;
 * - the queue bound drops and counts what does not fit;
 * - unimpaired, RTP and RTCP go both ways, each side seeing the other from the relay's
 *   address it sends to; with a real clock, a 30 ms delay holds to within timer slack (printed).
 * Not covered: media sessions through it (test/interop/media*.test.ts).
 */
import { createSocket, type Socket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { SimNetwork, type NetworkProfile } from "../../src/media/jitter/testing/network-sim.js";
import { FakeClock } from "../../src/util/clock.js";
import { ImpairmentRelay, type RelayEndpoint } from "./support/relay.js";

interface Received {
  data: Buffer;
  port: number;
  atMs: number;
}

interface Endpoint {
  socket: Socket;
  received: Received[];
  port: number;
}

const open: Array<{ close(): unknown }> = [];

async function endpoint(): Promise<Endpoint> {
  const socket = createSocket("udp4");
  const received: Received[] = [];
  socket.on("message", (data, from) => received.push({ data, port: from.port, atMs: performance.now() }));
  await new Promise<void>((resolve) => socket.bind({ address: "127.0.0.1", port: 0 }, resolve));
  open.push(socket);
  return { socket, received, port: socket.address().port };
}

function rtp(sequence: number): Buffer {
  const packet = Buffer.alloc(172);
  packet[0] = 0x80;
  packet.writeUInt16BE(sequence, 2);
  return packet;
}

async function until(probe: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!probe()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function relayWith(options: Parameters<typeof ImpairmentRelay.open>[0], peer: Endpoint, local: Endpoint): Promise<ImpairmentRelay> {
  const relay = await ImpairmentRelay.open(options);
  open.push(relay);
  const at = (e: Endpoint): RelayEndpoint => ({ host: "127.0.0.1", rtpPort: e.port, rtcpPort: e.port });
  relay.connect({ peer: at(peer), local: at(local) });
  return relay;
}

afterEach(async () => {
  for (const thing of open.splice(0)) await thing.close();
});

describe("impairment relay", () => {
  const profile: NetworkProfile = { seed: 42, baseDelayMs: 40, jitterMs: 30, lossRate: 0.05, duplicateRate: 0.02, reorderRate: 0.05 };

  it("delays, drops, duplicates and reorders RTP exactly as the seeded network model draws", async () => {
    const clock = new FakeClock();
    const [peer, local] = [await endpoint(), await endpoint()];
    const relay = await relayWith({ clock, toLocal: profile }, peer, local);
    const sentAt = new Map<number, number>();
    const outDelays = new Map<number, number[]>();
    relay.observe((e) => {
      if (e.stage !== "out") return;
      const sequence = e.data.readUInt16BE(2);
      outDelays.set(sequence, [...(outDelays.get(sequence) ?? []), e.atMs - sentAt.get(sequence)!]);
    });

    const count = 1000;
    for (let i = 0; i < count; i++) {
      const sequence = (65000 + i) & 0xffff; // wraps once
      sentAt.set(sequence, clock.now());
      peer.socket.send(rtp(sequence), relay.peerFacing.rtpPort, "127.0.0.1");
      await until(() => relay.counters("toLocal").received === i + 1, `packet ${i} at the relay`);
      clock.advance(20);
    }
    clock.advance(1_000);
    const counters = relay.counters("toLocal");
    await until(() => local.received.length === counters.forwarded, "forwarded datagrams at the local socket");

    const model = new SimNetwork(profile, 20);
    for (let i = 0; i < count; i++) {
      const sequence = (65000 + i) & 0xffff;
      const expected = model.arrivalDelays(sentAt.get(sequence)!).map((d) => Math.round(d));
      expect((outDelays.get(sequence) ?? []).map((d) => Math.round(d))).toEqual(expected);
    }
    expect(counters.received).toBe(count);
    expect(counters.lost / count).toBeGreaterThan(0.03);
    expect(counters.lost / count).toBeLessThan(0.07);
    expect(counters.duplicated).toBeGreaterThan(5);
    expect(counters.forwarded).toBe(count - counters.lost + counters.duplicated);
    expect(counters.outOfOrder).toBeGreaterThan(50);
    expect(counters.overflowed + counters.unrouted).toBe(0);
    const arrivalOrder = local.received.map((r) => r.data.readUInt16BE(2));
    expect(arrivalOrder).not.toEqual([...arrivalOrder].sort((a, b) => ((a - 65000) & 0xffff) - ((b - 65000) & 0xffff)));
    expect(local.received.every((r) => r.port === relay.localFacing.rtpPort)).toBe(true);
  });

  it("drops and counts datagrams beyond its queue bound", async () => {
    const clock = new FakeClock();
    const [peer, local] = [await endpoint(), await endpoint()];
    const relay = await relayWith({ clock, toPeer: { seed: 1, baseDelayMs: 100, jitterMs: 0 }, maxQueued: 5 }, peer, local);
    for (let i = 0; i < 20; i++) local.socket.send(rtp(i), relay.localFacing.rtpPort, "127.0.0.1");
    await until(() => relay.counters("toPeer").received === 20, "20 datagrams at the relay");
    expect(relay.counters("toPeer")).toMatchObject({ overflowed: 15, maxQueued: 5, forwarded: 0 });
    clock.advance(100);
    await until(() => peer.received.length === 5, "the 5 queued datagrams at the peer");
    expect(peer.received.map((r) => r.data.readUInt16BE(2))).toEqual([0, 1, 2, 3, 4]);
  });

  it("passes RTP and RTCP both ways unimpaired, from the addresses each side sends to", async () => {
    const [peerRtp, peerRtcp, localRtp, localRtcp] = [await endpoint(), await endpoint(), await endpoint(), await endpoint()];
    const relay = await ImpairmentRelay.open();
    open.push(relay);
    relay.connect({
      peer: { host: "127.0.0.1", rtpPort: peerRtp.port, rtcpPort: peerRtcp.port },
      local: { host: "127.0.0.1", rtpPort: localRtp.port, rtcpPort: localRtcp.port },
    });
    expect(relay.peerFacing.rtpPort % 2).toBe(0);
    expect(relay.peerFacing.rtcpPort).toBe(relay.peerFacing.rtpPort + 1);
    peerRtp.socket.send(rtp(1), relay.peerFacing.rtpPort, "127.0.0.1");
    peerRtcp.socket.send(Buffer.from("rtcp-from-peer"), relay.peerFacing.rtcpPort, "127.0.0.1");
    localRtp.socket.send(rtp(2), relay.localFacing.rtpPort, "127.0.0.1");
    localRtcp.socket.send(Buffer.from("rtcp-from-us"), relay.localFacing.rtcpPort, "127.0.0.1");
    await until(() => [peerRtp, peerRtcp, localRtp, localRtcp].every((e) => e.received.length === 1), "one datagram at each end");
    expect(localRtp.received[0]).toMatchObject({ port: relay.localFacing.rtpPort });
    expect(localRtcp.received[0]!.data.toString()).toBe("rtcp-from-peer");
    expect(localRtcp.received[0]!.port).toBe(relay.localFacing.rtcpPort);
    expect(peerRtp.received[0]!.data.readUInt16BE(2)).toBe(2);
    expect(peerRtp.received[0]!.port).toBe(relay.peerFacing.rtpPort);
    expect(peerRtcp.received[0]!.port).toBe(relay.peerFacing.rtcpPort);
  });

  it("never delivers before the configured delay on a real clock", async () => {
    const [peer, local] = [await endpoint(), await endpoint()];
    const relay = await relayWith({ toLocal: { seed: 3, baseDelayMs: 30, jitterMs: 0 } }, peer, local);
    const sentAt: number[] = [];
    for (let i = 0; i < 25; i++) {
      sentAt.push(performance.now());
      peer.socket.send(rtp(i), relay.peerFacing.rtpPort, "127.0.0.1");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => local.received.length === 25, "25 delayed datagrams");
    const delays = local.received.map((r) => r.atMs - sentAt[r.data.readUInt16BE(2)]!);
    // libuv starts a timer from its cached loop time, which can lag performance.now() by the
    // time the current callback has run: allow that much (a few ms on a busy machine).
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(26);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    console.log(`relay at 30 ms delay: measured min ${Math.min(...delays).toFixed(1)} ms, mean ${mean.toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms`);
  });
});
