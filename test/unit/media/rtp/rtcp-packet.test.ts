/**
 * RTCP packets as bytes (RFC 3550 §6.4–§6.6, §A.2): hand-assembled vectors for
 * SR with a report block, RR with none and with a negative cumulative loss,
 * SDES with one and two chunks, BYE with and without a reason, APP kept as
 * bytes, and a compound SR + SDES + BYE, each parsed to fields and written
 * back to the same bytes; the §A.2 checks (first packet SR/RR, version,
 * lengths, padding only last) and truncated bodies as errors; random bytes
 * never throw. Reports built from live statistics are in rtcp-reporter.test.ts.
 */
import { describe, expect, it } from "vitest";
import { looksLikeRtcp, parseRtcp, serializeRtcp, type RtcpPacket } from "../../../../src/media/rtp/index.js";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");

const SR = `81 c8 000c  11223344  e9e91234 56789abc  0000a000  00000064  00003e80
            aabbccdd  0a000005  00010064  00000020  12345678  00018000`;
const RR_EMPTY = "80 c9 0001  11223344";
const SDES = "81 ca 0004  11223344  0107 61624068 6f7374 000000"; // CNAME "ab@host"
const BYE = "81 cb 0002  11223344  03 627965"; // reason "bye"

function packets(raw: Buffer): RtcpPacket[] {
  const result = parseRtcp(raw);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

function roundTrips(raw: Buffer): void {
  expect(serializeRtcp(packets(raw))).toEqual(raw);
}

describe("RTCP vectors", () => {
  it("reads a sender report with one report block", () => {
    const [sr] = packets(hex(SR));
    expect(sr).toMatchObject({
      type: "sr",
      ssrc: 0x11223344,
      sender: { ntp: { seconds: 0xe9e91234, fraction: 0x56789abc }, rtpTimestamp: 0xa000, packetCount: 100, octetCount: 16_000 },
      reports: [{ ssrc: 0xaabbccdd, fractionLost: 10, cumulativeLost: 5, highestSequence: 0x10064, jitter: 32, lastSr: 0x12345678, delaySinceLastSr: 0x18000 }],
    });
    expect(sr!.type === "sr" && sr.extension.length).toBe(0);
    roundTrips(hex(SR));
  });

  it("reads receiver reports, sign-extending a negative cumulative loss (duplicates)", () => {
    expect(packets(hex(RR_EMPTY))).toMatchObject([{ type: "rr", ssrc: 0x11223344, reports: [], extension: { length: 0 } }]);
    roundTrips(hex(RR_EMPTY));
    const raw = hex("81 c9 0007  11223344  aabbccdd 00fffffd 00000010 00000000 00000000 00000000");
    const [rr] = packets(raw);
    expect(rr).toMatchObject({ type: "rr", reports: [{ cumulativeLost: -3, fractionLost: 0 }] });
    roundTrips(raw);
  });

  it("reads SDES chunks with CNAME and NAME items", () => {
    const raw = hex(`${RR_EMPTY}  ${SDES.replace("81 ca 0004", "82 ca 0007")}  55667788  010178 020159 0000`);
    const [, sdes] = packets(raw);
    expect(sdes!.type).toBe("sdes");
    if (sdes!.type !== "sdes") return;
    expect(sdes.chunks.map((c) => [c.ssrc, c.items.map((i) => [i.type, Buffer.from(i.data).toString()])])).toEqual([
      [0x11223344, [[1, "ab@host"]]],
      [0x55667788, [[1, "x"], [2, "Y"]]],
    ]);
    roundTrips(raw);
  });

  it("reads BYE with and without a reason, and keeps APP as bytes", () => {
    const raw = hex(`${RR_EMPTY}  ${BYE}  81 cb 0001 55667788  80 cc 0002 11223344 6e616d65`);
    const [, withReason, bare, app] = packets(raw);
    expect(withReason).toEqual({ type: "bye", ssrcs: [0x11223344], reason: "bye" });
    expect(bare).toEqual({ type: "bye", ssrcs: [0x55667788], reason: undefined });
    expect(app).toMatchObject({ type: "other", packetType: 204, count: 0 });
    roundTrips(raw);
  });

  it("reads a compound SR + SDES + BYE and writes it back", () => {
    const raw = hex(`${SR} ${SDES} ${BYE}`);
    expect(packets(raw).map((p) => p.type)).toEqual(["sr", "sdes", "bye"]);
    roundTrips(raw);
  });

  it("accepts padding on the last packet and strips it", () => {
    const [, bye] = packets(hex(`${RR_EMPTY}  a1 cb 0002 11223344 00000004`));
    expect(bye).toEqual({ type: "bye", ssrcs: [0x11223344], reason: undefined });
  });

  it("tells RTCP from RTP on a multiplexed port by the second octet", () => {
    expect(looksLikeRtcp(hex(SR))).toBe(true);
    expect(looksLikeRtcp(hex("80 00 0001 00000001 00000001"))).toBe(false);
    expect(looksLikeRtcp(hex("80 e5 0001 00000001 00000001"))).toBe(false); // PT 101 with marker
  });
});

describe("malformed RTCP", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["a compound that starts with SDES", `${SDES} ${RR_EMPTY}`, /starts with SDES/],
    ["a compound that starts with BYE", BYE, /starts with BYE/],
    ["version 1 in the second packet", `${RR_EMPTY} 41 ca 0000`, /version 1 in packet 2/],
    ["a length past the datagram", "80 c9 0004 11223344", /runs past/],
    ["stray bytes after the last packet", `${RR_EMPTY} 0000`, /stray/],
    ["padding on a packet that is not the last", `a0 c9 0001 00000001 ${SDES}`, /not the last/],
    ["a padding count of zero", "a0 c9 0001 11223300", /padding/],
    ["report blocks missing", "82 c9 0007 11223344 aabbccdd 00000000 00000000 00000000 00000000 00000000", /2 report blocks/],
    ["an SR without sender info", "80 c8 0001 11223344", /SR/],
    ["an SDES chunk without its terminator", `${RR_EMPTY} 81 ca 0002 11223344 01024142`, /not terminated/],
    ["an SDES item longer than the packet", `${RR_EMPTY} 81 ca 0002 11223344 01094142`, /truncated/],
    ["a BYE reason longer than the packet", `${RR_EMPTY} 81 cb 0002 11223344 09627965`, /reason/],
    ["an empty datagram", "", /empty/],
  ];
  for (const [name, bytes, message] of cases) {
    it(`rejects ${name}`, () => {
      const result = parseRtcp(hex(bytes));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    });
  }

  it("never throws on random datagrams", () => {
    let seed = 99;
    const next = (): number => (seed = (seed * 1664525 + 1013904223) >>> 0) >>> 24;
    const base = hex(`${SR} ${SDES} ${BYE}`);
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from(base);
      for (let k = 0; k < 1 + (next() % 4); k++) bytes[next() % bytes.length] = next(); // corrupt a few bytes
      const cut = bytes.subarray(0, next() % 2 === 0 ? bytes.length : next() % bytes.length);
      expect(() => parseRtcp(cut)).not.toThrow();
    }
  });
});
