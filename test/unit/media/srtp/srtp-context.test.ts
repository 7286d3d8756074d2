/**
 * SRTP and SRTCP receive-side rules (RFC 3711 §3.3, §3.4) through SrtpContext:
 * the 64-packet replay list (a replay and a packet older than the window are
 * dropped, reordering inside the window is taken), authentication (a flipped
 * bit anywhere fails, and a failed packet moves no state), ROC estimation by
 * Appendix A across the 16-bit wrap with late packets on both sides, separate
 * state per SSRC, tag lengths per suite, malformed input. Byte-exactness
 * against libsrtp is in srtp-libsrtp.test.ts; the Appendix B vectors in
 * rfc3711-vectors.test.ts.
 */
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { serializeRtp } from "../../../../src/media/rtp/index.js";
import { deriveKeys } from "../../../../src/media/srtp/key-derivation.js";
import { ReplayWindow } from "../../../../src/media/srtp/replay-window.js";
import { RolloverCounter } from "../../../../src/media/srtp/rollover.js";
import { SrtpContext, srtpSuite, type SrtpSuiteName } from "../../../../src/media/srtp/index.js";
import { seededRandom } from "../../../../src/media/jitter/testing/network-sim.js";

const KEY = Uint8Array.from({ length: 16 }, (_, i) => i * 17);
const SALT = Uint8Array.from({ length: 14 }, (_, i) => 0xa0 + i);

function pair(suite: SrtpSuiteName = "AES_CM_128_HMAC_SHA1_80"): { sender: SrtpContext; receiver: SrtpContext } {
  const options = { suite: srtpSuite(suite)!, masterKey: KEY, masterSalt: SALT };
  return { sender: new SrtpContext(options), receiver: new SrtpContext(options) };
}

function rtp(seq: number, ssrc = 0x5eed5eed): Uint8Array {
  return new Uint8Array(serializeRtp({
    marker: false, payloadType: 8, sequenceNumber: seq & 0xffff, timestamp: (seq * 160) >>> 0, ssrc, csrcs: [],
    extension: undefined, payload: Uint8Array.from({ length: 160 }, (_, i) => (seq + i) & 0xff), paddingLength: 0,
  }));
}

/** Protects packets for these sequence numbers, in order, and returns them by sequence number. */
function sent(sender: SrtpContext, seqs: number[], ssrc?: number): Map<number, { plain: Uint8Array; wire: Uint8Array }> {
  return new Map(seqs.map((seq) => {
    const plain = rtp(seq, ssrc);
    return [seq, { plain, wire: sender.protectRtp(plain) }];
  }));
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe("SRTP receive: replay list", () => {
  it("takes packets reordered within the window and drops a replay", () => {
    const { sender, receiver } = pair();
    const packets = sent(sender, range(1, 100));
    const order = [...range(1, 40), 45, 41, 44, 42, 43, ...range(46, 100), 50, 37];
    const results = order.map((seq) => receiver.unprotectRtp(packets.get(seq)!.wire));
    expect(results.slice(0, 100).map((r, i) => r && Buffer.from(r).equals(packets.get(order[i]!)!.plain))).toEqual(Array(100).fill(true));
    expect(results.slice(100)).toEqual([undefined, undefined]);
    expect(receiver.stats).toEqual({ authenticationFailures: 0, replayed: 2, malformed: 0 });
  });

  it("drops a never-seen packet older than 64 behind the highest, takes one 63 behind", () => {
    const { sender, receiver } = pair();
    const packets = sent(sender, range(1, 100));
    for (const seq of range(1, 100)) if (seq !== 36 && seq !== 37) receiver.unprotectRtp(packets.get(seq)!.wire);
    expect(receiver.unprotectRtp(packets.get(36)!.wire)).toBeUndefined(); // 64 behind 100
    expect(receiver.unprotectRtp(packets.get(37)!.wire)).toBeDefined(); // 63 behind
    expect(receiver.stats.replayed).toBe(1);
  });

  it("ReplayWindow: fresh, replayed and too-old verdicts around a jump larger than the window", () => {
    const window = new ReplayWindow();
    expect(window.check(5)).toBe("fresh");
    window.record(5);
    window.record(3);
    expect([window.check(5), window.check(3), window.check(4)]).toEqual(["replayed", "replayed", "fresh"]);
    window.record(1000);
    expect([window.check(5), window.check(936), window.check(937), window.check(1000)]).toEqual(["too-old", "too-old", "fresh", "replayed"]);
  });
});

describe("SRTP receive: authentication", () => {
  it("a single flipped bit in the header, payload or tag fails, and the genuine packet still passes afterwards", () => {
    const { sender, receiver } = pair();
    const { plain, wire } = sent(sender, [500]).get(500)!;
    for (const offset of [1, 3, 11, 12, 100, wire.length - 11, wire.length - 1]) {
      const tampered = wire.slice();
      tampered[offset]! ^= 0x40;
      expect(receiver.unprotectRtp(tampered)).toBeUndefined();
    }
    expect(receiver.stats.authenticationFailures).toBe(7);
    expect(Buffer.from(receiver.unprotectRtp(wire)!).equals(plain)).toBe(true);
  });

  it("a forged packet that would roll the ROC over moves nothing: later genuine packets still decrypt", () => {
    const { sender, receiver } = pair();
    const packets = sent(sender, range(65_000, 65_010));
    expect(receiver.unprotectRtp(packets.get(65_000)!.wire)).toBeDefined();
    const forged = packets.get(65_001)!.wire.slice();
    forged[2] = 0x00; // sequence 0x00e9: would be taken as ROC 1
    expect(receiver.unprotectRtp(forged)).toBeUndefined();
    expect(receiver.unprotectRtp(packets.get(65_001)!.wire)).toBeDefined();
    expect(receiver.stats).toEqual({ authenticationFailures: 1, replayed: 0, malformed: 0 });
  });

  it("the tag is 10 octets with _80 and 4 with _32; the wrong suite does not authenticate", () => {
    const s80 = pair("AES_CM_128_HMAC_SHA1_80");
    const s32 = pair("AES_CM_128_HMAC_SHA1_32");
    expect(s80.sender.protectRtp(rtp(1)).length).toBe(rtp(1).length + 10);
    const short = s32.sender.protectRtp(rtp(1));
    expect(short.length).toBe(rtp(1).length + 4);
    expect(Buffer.from(s32.receiver.unprotectRtp(short)!).equals(rtp(1))).toBe(true);
    expect(s80.receiver.unprotectRtp(short)).toBeUndefined();
  });
});

describe("SRTP: rollover counter (RFC 3711 §3.3.1, Appendix A)", () => {
  it("guesses ROC + 1 just past the wrap and ROC − 1 for a late packet from before it", () => {
    const counter = new RolloverCounter(65_500);
    expect(counter.estimate(10)).toBe(65_536 + 10);
    counter.update(65_536 + 10);
    expect(counter.estimate(65_530)).toBe(65_530);
    expect(counter.estimate(20)).toBe(65_536 + 20);
    expect(new RolloverCounter(10).estimate(65_500)).toBe(65_500 - 65_536); // before the stream began
  });

  it("late packets on either side of the wrap and a second SSRC all decrypt", () => {
    const { sender, receiver } = pair();
    const a = sent(sender, range(65_530, 65_536 + 5));
    const b = sent(sender, range(65_530, 65_536 + 5), 0x0b0b0b0b);
    const order = [65_530, 65_531, 65_532, 65_533, 65_536, 65_534, 65_537, 65_535, 65_539, 65_538, 65_540, 65_541];
    for (const seq of order) {
      expect(Buffer.from(receiver.unprotectRtp(a.get(seq)!.wire) ?? []).equals(a.get(seq)!.plain)).toBe(true);
      expect(Buffer.from(receiver.unprotectRtp(b.get(seq)!.wire) ?? []).equals(b.get(seq)!.plain)).toBe(true);
    }
    expect(receiver.stats.replayed + receiver.stats.authenticationFailures).toBe(0);
  });

  it("a packet whose index would need ROC −1 is dropped as too old, before any HMAC", () => {
    const { sender, receiver } = pair();
    expect(receiver.unprotectRtp(sender.protectRtp(rtp(5)))).toBeDefined();
    const other = pair().sender;
    expect(receiver.unprotectRtp(other.protectRtp(rtp(40_000)))).toBeUndefined();
    expect(receiver.stats).toEqual({ authenticationFailures: 0, replayed: 1, malformed: 0 });
  });

  it("a sender's jump of 30,000 sequence numbers stays in the same ROC and decrypts", () => {
    const { sender, receiver } = pair();
    const packets = sent(sender, [100, 30_100, 60_100, 65_536 + 20_000]);
    for (const { plain, wire } of packets.values()) expect(Buffer.from(receiver.unprotectRtp(wire)!).equals(plain)).toBe(true);
  });
});

describe("SRTCP receive", () => {
  const rr = (ssrc: number): Uint8Array => new Uint8Array([0x80, 0xc9, 0, 1, ssrc >>> 24, (ssrc >> 16) & 0xff, (ssrc >> 8) & 0xff, ssrc & 0xff]);

  it("round-trips, counts the index from 0, and drops a replay and a tampered packet", () => {
    const { sender, receiver } = pair("AES_CM_128_HMAC_SHA1_32");
    const wires = [0, 1, 2].map(() => sender.protectRtcp(rr(0x1234)));
    expect(wires.map((w) => Buffer.from(w.subarray(8, 12)).toString("hex"))).toEqual(["80000000", "80000001", "80000002"]);
    expect(wires[0]!.length).toBe(8 + 4 + 10);
    const tampered = wires[1]!.slice();
    tampered[9]! ^= 1;
    expect(receiver.unprotectRtcp(tampered)).toBeUndefined();
    expect(wires.map((w) => Buffer.from(receiver.unprotectRtcp(w) ?? []).equals(rr(0x1234)))).toEqual([true, true, true]);
    expect(wires.map((w) => receiver.unprotectRtcp(w))).toEqual([undefined, undefined, undefined]);
    expect(receiver.stats).toEqual({ authenticationFailures: 1, replayed: 3, malformed: 0 });
  });

  it("takes an authenticated packet sent with E = 0 as plaintext (RFC 3711 §3.4)", () => {
    const keys = deriveKeys(srtpSuite("AES_CM_128_HMAC_SHA1_80")!, KEY, SALT);
    const plain = new Uint8Array([0x81, 0xca, 0, 2, 0, 0, 0x12, 0x34, 1, 2, 0x61, 0x62]);
    const authenticated = Buffer.concat([plain, Buffer.from("00000007", "hex")]);
    const tag = createHmac("sha1", keys.rtcp.authentication).update(authenticated).digest().subarray(0, 10);
    const { receiver } = pair();
    expect(Buffer.from(receiver.unprotectRtcp(Buffer.concat([authenticated, tag]))!).equals(plain)).toBe(true);
  });
});

describe("malformed input", () => {
  it("short, non-version-2 or truncated datagrams are dropped and counted; random bytes never throw", () => {
    const { sender, receiver } = pair();
    const wire = sender.protectRtp(rtp(9));
    const bad = [new Uint8Array(0), wire.subarray(0, 21), Uint8Array.from([0x40, ...wire.subarray(1)]), Uint8Array.from([0x9f, ...wire.subarray(1, 30)])];
    for (const packet of bad) expect(receiver.unprotectRtp(packet)).toBeUndefined();
    expect(receiver.unprotectRtcp(wire.subarray(0, 21))).toBeUndefined();
    expect(receiver.stats.malformed).toBe(5);
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const junk = Uint8Array.from({ length: Math.floor(random() * 80) }, () => Math.floor(random() * 256));
      expect(receiver.unprotectRtp(junk)).toBeUndefined();
      expect(receiver.unprotectRtcp(junk)).toBeUndefined();
    }
  });

  it("protecting something that is not RTP or RTCP is our bug: it throws", () => {
    const { sender } = pair();
    expect(() => sender.protectRtp(new Uint8Array(5))).toThrow(RangeError);
    expect(() => sender.protectRtcp(new Uint8Array(4))).toThrow(RangeError);
  });
});
