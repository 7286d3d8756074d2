/**
 * RTP packets as bytes (RFC 3550 §5.1, §5.3.1): hand-assembled byte vectors
 * (plain PCMU, marker with a dynamic payload type, CSRCs, a header extension,
 * padding, all at once) parse to the right fields and serialize back to the
 * same bytes; malformed headers (version, truncation anywhere, bad padding
 * counts) come back as errors; random bytes never throw. Not covered here:
 * validation across packets (sequence, SSRC), see receiver tests.
 */
import { describe, expect, it } from "vitest";
import { parseRtp, serializeRtp, type RtpPacket } from "../../../../src/media/rtp/index.js";

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ""), "hex");

function parsed(raw: Buffer): RtpPacket {
  const result = parseRtp(raw);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("RTP packet vectors", () => {
  it("reads a plain PCMU packet and writes it back byte for byte", () => {
    const raw = hex("80 00 1234 0000a000 deadbeef  fffefd7f");
    const p = parsed(raw);
    expect(p).toMatchObject({ marker: false, payloadType: 0, sequenceNumber: 0x1234, timestamp: 0xa000, ssrc: 0xdeadbeef, csrcs: [], extension: undefined, paddingLength: 0 });
    expect([...p.payload]).toEqual([0xff, 0xfe, 0xfd, 0x7f]);
    expect(serializeRtp(p)).toEqual(raw);
  });

  it("reads the marker bit beside a dynamic payload type (101, telephone-event)", () => {
    const raw = hex("80 e5 ffff ffffffff 00000001  050a00a0");
    const p = parsed(raw);
    expect([p.marker, p.payloadType, p.sequenceNumber, p.timestamp, p.ssrc]).toEqual([true, 101, 0xffff, 0xffffffff, 1]);
    expect(serializeRtp(p)).toEqual(raw);
  });

  it("reads a CSRC list", () => {
    const raw = hex("82 08 0001 00000010 11111111  22222222 33333333  d5d5");
    const p = parsed(raw);
    expect(p.csrcs).toEqual([0x22222222, 0x33333333]);
    expect(p.payloadType).toBe(8);
    expect([...p.payload]).toEqual([0xd5, 0xd5]);
    expect(serializeRtp(p)).toEqual(raw);
  });

  it("keeps a header extension as its profile and bytes", () => {
    // One-byte header extension (profile 0xBEDE), one word: id 1, length 1, data 0xff, one pad byte.
    const raw = hex("90 00 0002 00000020 11111111  bede 0001 10ff0000  0102");
    const p = parsed(raw);
    expect(p.extension?.profile).toBe(0xbede);
    expect([...p.extension!.data]).toEqual([0x10, 0xff, 0x00, 0x00]);
    expect([...p.payload]).toEqual([0x01, 0x02]);
    expect(serializeRtp(p)).toEqual(raw);
  });

  it("strips padding from the payload and writes it back", () => {
    const raw = hex("a0 00 0003 00000030 11111111  1122  000003");
    const p = parsed(raw);
    expect(p.paddingLength).toBe(3);
    expect([...p.payload]).toEqual([0x11, 0x22]);
    expect(serializeRtp(p)).toEqual(raw);
  });

  it("handles padding, extension and a CSRC together, and an empty payload", () => {
    const raw = hex("b1 80 0004 00000040 11111111  aaaaaaaa  1000 0001 01020304  00000004");
    const p = parsed(raw);
    expect(p.marker).toBe(true);
    expect(p.csrcs).toEqual([0xaaaaaaaa]);
    expect(p.extension?.profile).toBe(0x1000);
    expect(p.payload.length).toBe(0);
    expect(p.paddingLength).toBe(4);
    expect(serializeRtp(p)).toEqual(raw);
  });

  it("writes a packet built from fields", () => {
    const packet: RtpPacket = {
      marker: true, payloadType: 0, sequenceNumber: 65535, timestamp: 0x1_0000_0000 - 160, ssrc: 0xcafebabe,
      csrcs: [], extension: undefined, payload: Uint8Array.of(1, 2, 3), paddingLength: 0,
    };
    expect(serializeRtp(packet)).toEqual(hex("80 80 ffff ffffff60 cafebabe 010203"));
  });

  it("refuses to write fields that do not fit the header", () => {
    const base = parsed(hex("80 00 0001 00000001 00000001"));
    expect(() => serializeRtp({ ...base, payloadType: 128 })).toThrow(RangeError);
    expect(() => serializeRtp({ ...base, extension: { profile: 1, data: Uint8Array.of(1, 2, 3) } })).toThrow(RangeError);
    expect(() => serializeRtp({ ...base, csrcs: new Array(16).fill(1) })).toThrow(RangeError);
  });
});

describe("malformed RTP", () => {
  const cases: Array<[string, string, RegExp]> = [
    ["version 1", "40 00 0001 00000001 00000001 00", /version 1/],
    ["version 0 (e.g. a STUN message)", "00 01 0000 2112a442 00000000 00000000 00000000", /version 0/],
    ["11 bytes", "80 00 0001 00000001 000000", /too short/],
    ["CSRC count past the end", "83 00 0001 00000001 00000001 00000002", /CSRC/],
    ["extension header cut off", "90 00 0001 00000001 00000001 bede", /extension/],
    ["extension longer than the packet", "90 00 0001 00000001 00000001 bede 0002 00000000", /extension/],
    ["padding count zero", "a0 00 0001 00000001 00000001 1100", /zero/],
    ["padding longer than the payload", "a0 00 0001 00000001 00000001 1105", /padding/],
    ["padding bit on a bare header", "a0 00 0001 00000001 00000001", /padding/],
  ];
  for (const [name, bytes, message] of cases) {
    it(`rejects ${name}`, () => {
      const result = parseRtp(hex(bytes));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(message);
    });
  }

  it("never throws on random datagrams", () => {
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    let accepted = 0;
    for (let i = 0; i < 5000; i++) {
      const bytes = Uint8Array.from({ length: next() % 40 }, next);
      if (i % 2 === 0 && bytes.length > 0) bytes[0] = (bytes[0]! & 0x3f) | 0x80; // half of them claim version 2
      const result = parseRtp(bytes);
      if (result.ok) {
        accepted++;
        expect(result.value.payload.length).toBeGreaterThanOrEqual(0);
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
