/**
 * MediaSession audio end to end: two sessions on 127.0.0.1 over real UDP, negotiated
 * by real SDP offer/answer, paced by FramePumps on a FakeClock. A 1 kHz tone at
 * −10 dBm0 from A and a 600 Hz tone at −16 dBm0 from B are measured at the other
 * side (frequency within 2 Hz, level within 1 dB after G.711), for PCMU and PCMA and
 * for ptime 10, 20 and 30 ms, with the packet size on the wire checked, and the
 * buffering statistics (last and running mean) in range. Before start
 * and with nothing received the earpiece is silent; misuse throws; localMedia lists our
 * codecs, CN and telephone-event, on an even port in the range; a peer's ptime of 90 ms
 * is sent as 60, 15 ms as asked; send and receive gain change the measured level by
 * their dB; IPv6 works as IPv4 does. Not covered: jitter (the jitter
 * buffer's own tests), SRTP (its own helper), hardware pacing.
 */
import { describe, expect, it } from "vitest";
import { dbovToDbm0, dominantFrequency, rmsDbm0, ToneGenerator, toneDbov } from "../../../../src/dsp/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { lastHeard, negotiate, openSession, packets, routed, callsClosedAfterEach } from "./harness.js";

const startCall = callsClosedAfterEach();

function expectTone(signal: Int16Array, frequencyHz: number, levelDbm0: number): void {
  expect(dominantFrequency(signal)).toBeCloseTo(frequencyHz, -0.5);
  expect(Math.abs(dbovToDbm0(toneDbov(signal, frequencyHz)) - levelDbm0)).toBeLessThan(1);
  expect(Math.abs(rmsDbm0(signal) - levelDbm0)).toBeLessThan(1);
}

describe("MediaSession audio", () => {
  for (const codec of ["PCMU", "PCMA"] as const) {
    it(`carries a tone each way with ${codec}`, async () => {
      const c = await startCall({ a: { codecs: [codec] }, b: { codecs: [codec] } });
      await c.run(1000);
      expectTone(lastHeard(c.heardByB, 500), 1000, -10);
      expectTone(lastHeard(c.heardByA, 500), 600, -16);
      const [sa, sb] = [c.a.stats(), c.b.stats()];
      expect(sa.codec).toBe(codec);
      expect(sb.remoteSsrc).toBe(sa.localSsrc);
      expect(sb.packetsReceived).toBe(sa.packetsSent);
      expect(sb.octetsReceived).toBe(sa.octetsSent);
      expect(sa.packetsSent).toBe(50);
      expect(sb.lost).toBe(0);
      expect(sb.concealedFrames).toBe(0);
      expect(sb.jitterBufferDelayMs).toBeGreaterThanOrEqual(20);
      expect(sb.jitterBufferDelayMs).toBeLessThanOrEqual(60);
      // The running mean covers every packet played; the delay only came down from the 40 ms start.
      expect(sb.packetsPlayed).toBeGreaterThanOrEqual(45);
      expect(sb.meanBufferingMs).toBeGreaterThanOrEqual(sb.jitterBufferDelayMs);
      expect(sb.meanBufferingMs).toBeLessThanOrEqual(60);
    });
  }

  for (const ptimeMs of [10, 20, 30]) {
    it(`packetizes at ${ptimeMs} ms and plays 20 ms frames`, async () => {
      const c = await startCall({ a: { ptimeMs }, b: { ptimeMs } });
      await c.run(1200);
      const [sa, sb] = [c.a.stats(), c.b.stats()];
      expect(sa.ptimeMs).toBe(ptimeMs);
      expect(sa.packetsSent).toBe(1200 / ptimeMs);
      expect(sb.octetsReceived / sb.packetsReceived).toBe(ptimeMs * 8);
      expectTone(lastHeard(c.heardByB, 500), 1000, -10);
      expectTone(lastHeard(c.heardByA, 500), 600, -16);
      expect(sb.concealedFrames).toBe(0);
    });
  }

  it("carries a tone over IPv6", async () => {
    const c = await startCall({ a: { bindAddress: "::1" }, b: { bindAddress: "::1" } });
    expect(c.a.localMedia().address).toBe("::1");
    await c.run(600);
    expectTone(lastHeard(c.heardByB, 400), 1000, -10);
    expect(c.a.stats().remote).toEqual({ address: "::1", port: c.b.localPort });
  });

  it("applies send and receive gain, and changes it mid-call", async () => {
    const c = await startCall({ a: { gain: { sendDb: -6 } }, b: { gain: { receiveDb: 3 } } });
    await c.run(600);
    expectTone(lastHeard(c.heardByB, 400), 1000, -13);
    expectTone(lastHeard(c.heardByA, 400), 600, -16);
    c.b.setGain({ receiveDb: -10 });
    c.a.setGain({ sendDb: 0 });
    await c.run(600);
    expectTone(lastHeard(c.heardByB, 400), 1000, -20);
  });

  it("moves a peer's ptime it cannot send into 10–60 ms", async () => {
    const c = await startCall({ relay: {} });
    const { forA } = negotiate(c.a.localMedia(), c.b.localMedia());
    c.a.update(routed(c, "a", { ...forA, ptimeMs: 90 }));
    await c.run(600);
    expect(c.a.stats().ptimeMs).toBe(60);
    expect(packets(c.rtpRelay, "a->b").slice(-5).map((p) => p.payload.length)).toEqual([480, 480, 480, 480, 480]);
    c.a.update(routed(c, "a", { ...forA, ptimeMs: 15 }));
    await c.run(300);
    expect(packets(c.rtpRelay, "a->b").slice(-5).map((p) => p.payload.length)).toEqual([120, 120, 120, 120, 120]);
    expect(dominantFrequency(lastHeard(c.heardByB, 200))).toBeCloseTo(1000, -0.5);
  });

  it("plays silence and sends nothing before start; refuses misuse", async () => {
    const clock = new FakeClock();
    const a = await openSession(clock);
    const b = await openSession(clock);
    try {
      expect(a.pull()).toEqual(new Int16Array(160));
      a.send(new ToneGenerator([{ frequencyHz: 1000, levelDbm0: 0 }]).next(160));
      expect(a.stats().packetsSent).toBe(0);
      expect(a.sendDigit("1")).toEqual({ ok: false, error: "media session is not running" });
      const { forA } = negotiate(a.localMedia(), b.localMedia());
      expect(() => a.update(forA)).toThrow(/before start/);
      expect(() => a.start({ ...forA, codec: { name: "G729", clockRate: 8000, channels: 1 } })).toThrow(/cannot play G729/);
      a.start(forA);
      expect(() => a.start(forA)).toThrow(/already started/);
      await a.close();
      expect(() => a.update(forA)).toThrow(/after close/);
      a.send(new Int16Array(160));
      expect(a.stats().packetsSent).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("offers our codecs in preference order, comfort noise and telephone-event", async () => {
    const clock = new FakeClock();
    const a = await openSession(clock, { codecs: ["PCMA", "PCMU"], telephoneEventPayloadType: 96, ptimeMs: 30, portRange: { min: 20000, max: 20101 } });
    try {
      const media = a.localMedia();
      expect(media.codecs.map((c) => `${c.name}/${c.payloadType}`)).toEqual(["PCMA/8", "PCMU/0", "CN/13"]);
      expect(media.telephoneEvent).toEqual({ payloadType: 96, events: "0-16" });
      expect(media.ptimeMs).toBe(30);
      expect(media.address).toBe("127.0.0.1");
      expect(a.localPort % 2).toBe(0);
      expect(a.localPort).toBeGreaterThanOrEqual(20000);
      expect(a.localPort).toBeLessThanOrEqual(20100);
      const range = { min: a.localPort, max: a.localPort + 1 };
      await expect(openSession(clock, { portRange: range })).rejects.toThrow(/no free RTP\/RTCP port pair/);
      await expect(openSession(clock, { bindAddress: "192.0.2.1" })).rejects.toThrow(/EADDRNOTAVAIL/);
      await expect(openSession(clock, { codecs: [] })).rejects.toThrow(/codec list is empty/);
    } finally {
      await a.close();
    }
  });
});
