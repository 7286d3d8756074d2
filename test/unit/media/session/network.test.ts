/**
 * MediaSession against the network, over real UDP with a FakeClock: symmetric RTP
 * latches onto the address the peer's packets really come from (a relay standing in
 * for a NAT) and stops sending to the signalled one, and with the setting off it
 * keeps to the SDP; RTCP reports through a relay that delays 40 ms each way give an
 * RTT of 80 ms on both sides; close() sends RTCP BYE, is idempotent and frees the
 * ports; every 10th packet dropped by the relay is concealed with no click and no
 * level dip, and counted as lost; 0–50 ms of random delay still plays as a steady tone;
 * garbage datagrams are counted and ignored.
 * Not covered: jitter figures (the jitter buffer's simulator tests, bench/), real NAT boxes.
 */
import { createSocket, type Socket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { dominantFrequency, rmsDbm0, sineAmplitudeForDbm0, ToneGenerator } from "../../../../src/dsp/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Call, isRtcp, lastHeard, negotiate, openSession, sentBy, startCall, UdpRelay, until, type RelayedCall } from "./harness.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(call: Call | RelayedCall): void {
  cleanups.push(() => call.close());
}

/** A UDP socket that counts what reaches it: the address an outdated SDP points at. */
async function decoy(): Promise<{ port: number; count: () => number }> {
  const socket: Socket = createSocket("udp4");
  let received = 0;
  socket.on("message", () => received++);
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  cleanups.push(() => new Promise((resolve) => socket.close(() => resolve())));
  return { port: socket.address().port, count: () => received };
}

/** A is told B is at the decoy; B's packets reach A through a relay (a NAT rewriting the source). */
async function natCall(symmetricRtp: boolean) {
  const clock = new FakeClock();
  const a = await openSession(clock, { symmetricRtp });
  const b = await openSession(clock);
  const stale = await decoy();
  const relay = await UdpRelay.open({ address: "127.0.0.1", port: a.localPort }, { address: "127.0.0.1", port: b.localPort }, { clock });
  cleanups.push(() => relay.close());
  const { forA, forB } = negotiate(a.localMedia(), b.localMedia());
  a.start({ ...forA, remotePort: stale.port });
  b.start({ ...forB, remotePort: relay.portForB });
  const toneA = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
  const toneB = new ToneGenerator([{ frequencyHz: 600, levelDbm0: -16 }]);
  const call = new Call(clock, a, b, { a: () => toneA.next(160), b: () => toneB.next(160) });
  track(call);
  call.settled = () =>
    stale.count() + relay.received["a->b"] === a.stats().packetsSent &&
    b.stats().datagramsReceived === relay.forwarded["a->b"] + a.stats().rtcpSent &&
    relay.received["b->a"] === b.stats().packetsSent &&
    a.stats().datagramsReceived === relay.forwarded["b->a"] + b.stats().rtcpSent;
  return { call, a, b, relay, stale };
}

describe("MediaSession on the network", () => {
  it("latches onto the address the peer's packets come from", async () => {
    const { call, a, b, relay, stale } = await natCall(true);
    await call.run(600);
    expect(a.stats().latched).toBe(true);
    expect(a.stats().remote).toEqual({ address: "127.0.0.1", port: relay.portForA });
    const staleBefore = stale.count();
    expect(staleBefore).toBeGreaterThan(0);
    await call.run(400);
    expect(stale.count()).toBe(staleBefore);
    expect(b.stats().packetsReceived).toBeGreaterThan(40);
    expect(dominantFrequency(lastHeard(call.heardByB, 300))).toBeCloseTo(1000, -0.5);
  });

  it("keeps to the SDP address with symmetric RTP off", async () => {
    const { call, a, b, stale } = await natCall(false);
    await call.run(600);
    expect(a.stats().latched).toBe(false);
    expect(stale.count()).toBe(a.stats().packetsSent);
    expect(b.stats().packetsReceived).toBe(0);
  });

  it("measures the round-trip time from RTCP reports", async () => {
    const call = await startCall({ relay: { delayMs: 40 } });
    track(call);
    await call.run(15_000);
    const [sa, sb] = [call.a.stats(), call.b.stats()];
    expect(sa.rtcpSent).toBeGreaterThanOrEqual(2);
    expect(sb.rtcpReceived).toBe(sa.rtcpSent);
    // RTCP leaves between the 20 ms steps and the relay holds it from the next step:
    // each way takes 40 ms plus up to one step.
    for (const rtt of [sa.rttMs, sb.rttMs]) {
      expect(rtt).toBeGreaterThanOrEqual(79.9);
      expect(rtt).toBeLessThan(120);
    }
    expect(sb.jitterBufferDelayMs).toBeLessThanOrEqual(60);
  });

  it("sends BYE on close, once, and frees its ports", async () => {
    const call = await startCall({});
    track(call);
    await call.run(200);
    const reasons: Array<string | undefined> = [];
    call.b.onRemoteBye((reason) => reasons.push(reason));
    expect(call.b.stats().remoteSsrc).toBe(call.a.stats().localSsrc);
    const port = call.a.localPort;
    const closing = call.a.close();
    expect(call.a.close()).toBe(closing);
    await closing;
    await until(() => reasons.length > 0, () => "BYE at B");
    expect(reasons).toEqual(["hang-up"]);
    expect(call.b.stats().remoteSsrc).toBeUndefined();
    // Both ports can be bound again.
    const again = await openSession(call.clock, { portRange: { min: port, max: port + 1 } });
    expect(again.localPort).toBe(port);
    await again.close();
  });

  it("conceals every 10th packet lost without a click or a dip", async () => {
    const call = await startCall({ relay: { drop: (direction, index, data) => direction === "a->b" && !isRtcp(data) && index % 10 === 9 } });
    track(call);
    call.settled = () =>
      call.rtpRelay!.received["a->b"] === call.a.stats().packetsSent &&
      call.b.stats().datagramsReceived === call.rtpRelay!.forwarded["a->b"] + call.rtcpRelay!.forwarded["a->b"] &&
      call.a.stats().datagramsReceived === call.rtpRelay!.forwarded["b->a"] + call.rtcpRelay!.forwarded["b->a"];
    await call.run(2100);
    const dropped = call.rtpRelay!.received["a->b"] - call.rtpRelay!.forwarded["a->b"];
    expect(dropped).toBe(Math.floor(call.rtpRelay!.received["a->b"] / 10));
    expect(dropped).toBeGreaterThanOrEqual(9);
    const sb = call.b.stats();
    expect(sb.lost).toBe(dropped);
    expect(sb.concealedFrames).toBeGreaterThanOrEqual(dropped - 1);
    const heard = lastHeard(call.heardByB, 1800);
    // A 1 kHz sine moves at most 2·A·sin(π/8) per sample; G.711 adds a few percent.
    const cleanStep = 2 * sineAmplitudeForDbm0(-10) * Math.sin(Math.PI / 8);
    let maxStep = 0;
    for (let i = 1; i < heard.length; i++) maxStep = Math.max(maxStep, Math.abs(heard[i]! - heard[i - 1]!));
    expect(maxStep).toBeLessThan(1.1 * cleanStep);
    for (let f = 0; f < heard.length / 160; f++) {
      expect(Math.abs(rmsDbm0(heard.subarray(f * 160, (f + 1) * 160)) + 10)).toBeLessThan(2);
    }
  });

  it("plays a continuous tone through 0–50 ms of random delay", async () => {
    let seed = 12345;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const call = await startCall({ relay: { delayMs: () => random() * 50 } });
    track(call);
    await call.run(5000);
    const sb = call.b.stats();
    const heard = lastHeard(call.heardByB, 3000);
    // Packets arrive out of step and out of order; the buffer holds them, so few frames are concealed.
    expect(sb.jitterMs).toBeGreaterThan(5);
    expect(sb.concealedFrames).toBeLessThan(12);
    expect(dominantFrequency(heard)).toBeCloseTo(1000, -0.5);
    expect(Math.abs(rmsDbm0(heard) + 10)).toBeLessThan(1);
  });

  it("ignores garbage datagrams", async () => {
    const call = await startCall({});
    track(call);
    await call.run(200);
    const socket = createSocket("udp4");
    const junk = [Buffer.from("hello"), Buffer.from([0x80, 0x00]), Buffer.alloc(40, 0xff)];
    for (const data of junk) socket.send(data, call.b.localPort, "127.0.0.1");
    socket.send(Buffer.from([0x80, 0xc9, 0x00]), call.b.localPort + 1, "127.0.0.1");
    await until(() => call.b.stats().datagramsDropped === 4, () => `dropped ${call.b.stats().datagramsDropped}`);
    socket.close();
    call.settled = () => call.a.stats().datagramsReceived === sentBy(call.b) && call.b.stats().datagramsReceived === sentBy(call.a) + 4;
    await call.run(400);
    expect(dominantFrequency(lastHeard(call.heardByB, 300))).toBeCloseTo(1000, -0.5);
    expect(call.b.stats().concealedFrames).toBe(0);
  });
});
