/**
 * Re-offers on a running MediaSession: hold both ways (the peer's a=sendonly makes us
 * recvonly, so we send nothing while it still reaches us; old-style c=0.0.0.0 does the
 * same), resuming with the SSRC kept, the sequence running on and the marker bit on
 * the first packet; a re-offer that moves the peer to another port (the new socket
 * gets our audio, same SSRC); a re-offer that changes codec (PCMU to PCMA on the wire,
 * tone still measured); a re-offer that changes ptime. Not covered: the SIP
 * re-INVITE itself (the call layer).
 */
import { afterEach, describe, expect, it } from "vitest";
import { dominantFrequency } from "../../../../src/dsp/index.js";
import type { MediaSession } from "../../../../src/media/index.js";
import { callsClosedAfterEach, lastHeard, negotiate, openSession, packets, routed } from "./harness.js";

const startCall = callsClosedAfterEach();
const extra: MediaSession[] = [];
afterEach(async () => {
  await Promise.all(extra.splice(0).map((s) => s.close()));
});

describe("MediaSession re-offers", () => {
  it("sends nothing while the peer holds us, and resumes the same stream", async () => {
    const c = await startCall({ relay: {} });
    await c.run(400);
    // B puts A on hold: B offers sendonly, A answers recvonly.
    const { forA: forB, forB: forA } = negotiate({ ...c.b.localMedia(), direction: "sendonly" }, c.a.localMedia());
    expect(forA.direction).toBe("recvonly");
    c.a.update(routed(c, "a", forA));
    c.b.update(routed(c, "b", forB));
    const heldAt = c.a.stats().packetsSent;
    await c.run(1000);
    expect(c.a.stats().packetsSent).toBe(heldAt);
    expect(c.a.sendDigit("1").ok).toBe(false);
    expect(dominantFrequency(lastHeard(c.heardByA, 400))).toBeCloseTo(600, -0.5);
    // Resume.
    const resumed = negotiate(c.b.localMedia(), c.a.localMedia());
    c.a.update(routed(c, "a", resumed.forB));
    c.b.update(routed(c, "b", resumed.forA));
    await c.run(400);
    const audio = packets(c.rtpRelay, "a->b");
    const gapAt = audio.findIndex((p, i) => i > 0 && p.timestamp - audio[i - 1]!.timestamp > 160);
    expect(gapAt).toBeGreaterThan(0);
    const [last, first] = [audio[gapAt - 1]!, audio[gapAt]!];
    expect(first.ssrc).toBe(last.ssrc);
    expect(first.sequenceNumber).toBe((last.sequenceNumber + 1) & 0xffff);
    expect(first.marker).toBe(true);
    // The timestamp kept counting through the hold: about 1 s of samples passed.
    expect(first.timestamp - last.timestamp).toBeGreaterThanOrEqual(8000);
    expect(dominantFrequency(lastHeard(c.heardByB, 200))).toBeCloseTo(1000, -0.5);
  });

  it("sends nothing to a peer that answers with c=0.0.0.0", async () => {
    const c = await startCall({});
    await c.run(200);
    const { forA } = negotiate(c.a.localMedia(), { ...c.b.localMedia(), address: "0.0.0.0" });
    expect(forA.remoteHold).toBe(true);
    c.a.update(forA);
    const sent = c.a.stats().packetsSent;
    await c.run(400);
    expect(c.a.stats().packetsSent).toBe(sent);
    expect(c.b.stats().packetsSent).toBeGreaterThan(sent);
  });

  it("follows a re-offer to another port with the same SSRC", async () => {
    const c = await startCall({});
    await c.run(200);
    // The peer's media moves to a new socket: the old one falls silent.
    await c.b.close();
    const moved = await openSession(c.clock);
    extra.push(moved);
    const { forA, forB } = negotiate(c.a.localMedia(), moved.localMedia());
    moved.start(forB);
    c.a.update(forA);
    const heard: Int16Array[] = [];
    for (let i = 0; i < 25; i++) {
      c.clock.advance(20);
      heard.push(moved.pull());
      await c.settleOn(() => moved.stats().datagramsReceived === c.a.stats().packetsSent - 10);
    }
    expect(moved.stats().remoteSsrc).toBe(c.a.stats().localSsrc);
    expect(moved.stats().packetsReceived).toBe(c.a.stats().packetsSent - 10);
    expect(dominantFrequency(lastHeard(heard, 200))).toBeCloseTo(1000, -0.5);
  });

  it("changes codec and ptime on a re-offer", async () => {
    const c = await startCall({ relay: {} });
    await c.run(200);
    const pcma = negotiate({ ...c.a.localMedia(), codecs: [c.a.localMedia().codecs[1]!], ptimeMs: 30 }, { ...c.b.localMedia(), ptimeMs: 30 });
    expect(pcma.forA.codec.name).toBe("PCMA");
    c.a.update(routed(c, "a", pcma.forA));
    c.b.update(routed(c, "b", pcma.forB));
    await c.run(600);
    const sent = packets(c.rtpRelay, "a->b");
    expect(sent.slice(0, 10).every((p) => p.payloadType === 0 && p.payload.length === 160)).toBe(true);
    expect(sent.slice(-10).every((p) => p.payloadType === 8 && p.payload.length === 240)).toBe(true);
    expect(new Set(sent.map((p) => p.ssrc)).size).toBe(1);
    expect(c.a.stats().codec).toBe("PCMA");
    expect(dominantFrequency(lastHeard(c.heardByB, 300))).toBeCloseTo(1000, -0.5);
    expect(dominantFrequency(lastHeard(c.heardByA, 300))).toBeCloseTo(600, -0.5);
  });
});
