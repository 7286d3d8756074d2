/**
 * The PacketProtector hook (where SRTP plugs in): with a stand-in protector that wraps
 * each datagram in a marker byte, every RTP and RTCP datagram on the wire is wrapped,
 * and audio and RTCP get through when both sides use it; a side without it cannot read
 * the other's packets (counted as dropped, silence played); a re-offer can switch it on
 * mid-call. Not covered: SRTP itself (test/unit/media/srtp, test/interop).
 */
import { describe, expect, it } from "vitest";
import { dominantFrequency } from "../../../../src/dsp/index.js";
import type { PacketProtector } from "../../../../src/media/index.js";
import { callsClosedAfterEach, lastHeard, negotiate, routed } from "./harness.js";

/** Version bits 0: a wrapped datagram never reads as RTP version 2. */
const MARK = 0x01;
const wrap = (packet: Uint8Array): Uint8Array => Uint8Array.of(MARK, ...packet);
const unwrap = (packet: Uint8Array): Uint8Array | undefined => (packet[0] === MARK ? packet.subarray(1) : undefined);
const marking: PacketProtector = { protectRtp: wrap, unprotectRtp: unwrap, protectRtcp: wrap, unprotectRtcp: unwrap };

const startCall = callsClosedAfterEach();

describe("MediaSession with a PacketProtector", () => {
  it("protects every datagram both ways when both sides use it", async () => {
    const c = await startCall({ relay: {} });
    const { forA, forB } = negotiate(c.a.localMedia(), c.b.localMedia());
    c.a.update(routed(c, "a", forA), marking);
    c.b.update(routed(c, "b", forB), marking);
    const before = c.rtpRelay!.log.length;
    await c.run(15_000);
    const wire = [...c.rtpRelay!.log.slice(before), ...c.rtcpRelay!.log];
    expect(c.rtcpRelay!.received["a->b"]).toBeGreaterThan(0);
    expect(wire.every((r) => r.packet === undefined)).toBe(true); // none parses as plain RTP
    expect(dominantFrequency(lastHeard(c.heardByB, 300))).toBeCloseTo(1000, -0.5);
    expect(dominantFrequency(lastHeard(c.heardByA, 300))).toBeCloseTo(600, -0.5);
    expect(c.b.stats().rtcpReceived).toBe(c.a.stats().rtcpSent);
    expect(c.a.stats().rttMs).toBeDefined();
  });

  it("cannot read a protected peer without the protector", async () => {
    const c = await startCall({});
    const { forA } = negotiate(c.a.localMedia(), c.b.localMedia());
    c.a.update(forA, marking);
    const dropped = c.b.stats().datagramsDropped;
    const heard = c.heardByB.length;
    await c.run(1000);
    expect(c.b.stats().datagramsDropped - dropped).toBe(50);
    expect(c.heardByB.slice(heard + 10).every((f) => f.every((s) => s === 0))).toBe(true);
  });
});
