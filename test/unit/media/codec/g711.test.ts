/**
 * G.711 known answers: the decoder values that open each segment of G.711 Table 1
 * (A-law) and Table 2 (μ-law), the encoder's decision points around segment edges
 * and clipping, every code surviving decode → encode, and the G711Codec objects
 * (payload types, lengths, hostile payload sizes). The full comparison of all
 * inputs with an independent implementation is g711-spandsp.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  alawToLinear,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  G711Codec,
  linearToAlaw,
  linearToUlaw,
  PCMA,
  PCMU,
  ulawToLinear,
} from "../../../../src/media/codec/index.js";

describe("μ-law (G.711 Table 2, 14-bit values ×4 in 16-bit PCM)", () => {
  it("decodes the first step of each segment and the largest code to the table's values", () => {
    // Transmitted code = bits inverted: segment s, step 0, positive is 0xFF − 16·s.
    const segmentStarts = [0, 33, 99, 231, 495, 1023, 2079, 4191];
    segmentStarts.forEach((value, segment) => {
      expect(ulawToLinear(0xff - 16 * segment)).toBe(value * 4);
      expect(ulawToLinear(0x7f - 16 * segment)).toBe(-value * 4);
    });
    expect(ulawToLinear(0x80)).toBe(8031 * 4);
    expect(ulawToLinear(0x00)).toBe(-8031 * 4);
    expect(ulawToLinear(0xfe)).toBe(2 * 4);
  });

  it("encodes at the decision values: 0, 1, 31 (segment edge) and the 8159 clip point", () => {
    expect(linearToUlaw(0)).toBe(0xff);
    expect(linearToUlaw(-1)).toBe(0x7f);
    expect(linearToUlaw(1 * 4 - 1)).toBe(0xff);
    expect(linearToUlaw(1 * 4)).toBe(0xfe);
    expect(linearToUlaw(30 * 4)).toBe(0xf0);
    expect(linearToUlaw(31 * 4)).toBe(0xef);
    expect(linearToUlaw(-31 * 4)).toBe(0x6f);
    expect(linearToUlaw(8158 * 4)).toBe(0x80);
    expect(linearToUlaw(32767)).toBe(0x80);
    expect(linearToUlaw(-32768)).toBe(0x00);
  });

  it("is symmetric: −x encodes to the code of x with the sign bit cleared", () => {
    for (let x = 1; x <= 32767; x += 7) expect(linearToUlaw(-x)).toBe(linearToUlaw(x) & 0x7f);
  });
});

describe("A-law (G.711 Table 1, 13-bit values ×8 in 16-bit PCM)", () => {
  it("decodes the first step of each segment and the largest code to the table's values", () => {
    // Transmitted code = even bits inverted (XOR 0x55); positive has the sign bit set.
    const segmentStarts = [1, 33, 66, 132, 264, 528, 1056, 2112];
    segmentStarts.forEach((value, segment) => {
      expect(alawToLinear((0x80 | (segment << 4)) ^ 0x55)).toBe(value * 8);
      expect(alawToLinear((segment << 4) ^ 0x55)).toBe(-value * 8);
    });
    expect(alawToLinear(0xaa)).toBe(4032 * 8);
    expect(alawToLinear(0x2a)).toBe(-4032 * 8);
  });

  it("encodes at the decision values: 0, 2, 32 (segment edge) and full scale", () => {
    expect(linearToAlaw(0)).toBe(0xd5);
    expect(linearToAlaw(-1)).toBe(0x55);
    expect(linearToAlaw(2 * 8 - 1)).toBe(0xd5);
    expect(linearToAlaw(2 * 8)).toBe(0xd4);
    expect(linearToAlaw(31 * 8)).toBe(0xda);
    expect(linearToAlaw(32 * 8)).toBe(0xc5);
    expect(linearToAlaw(32767)).toBe(0xaa);
    expect(linearToAlaw(-32768)).toBe(0x2a);
  });
});

describe("both laws", () => {
  it("every code survives decode → encode (μ-law −0 becomes +0)", () => {
    for (let code = 0; code < 256; code++) {
      expect(linearToAlaw(alawToLinear(code))).toBe(code);
      expect(linearToUlaw(ulawToLinear(code))).toBe(code === 0x7f ? 0xff : code);
    }
  });

  it("encoding is monotonic over all 65,536 inputs", () => {
    const decreasing: number[] = [];
    for (let x = -32767; x <= 32767; x++) {
      const ulawDrops = ulawToLinear(linearToUlaw(x)) < ulawToLinear(linearToUlaw(x - 1));
      const alawDrops = alawToLinear(linearToAlaw(x)) < alawToLinear(linearToAlaw(x - 1));
      if (ulawDrops || alawDrops) decreasing.push(x);
    }
    expect(decreasing).toEqual([]);
  });

  it("the frame functions agree with the scalar ones and reject a short output buffer", () => {
    const pcm = Int16Array.from([0, 1, -1, 1000, -1000, 32767, -32768, 12345]);
    const codes = new Uint8Array(pcm.length);
    encodeUlaw(pcm, codes);
    expect(Array.from(codes)).toEqual(Array.from(pcm, linearToUlaw));
    encodeAlaw(pcm, codes);
    expect(Array.from(codes)).toEqual(Array.from(pcm, linearToAlaw));
    expect(() => encodeUlaw(pcm, new Uint8Array(4))).toThrow(RangeError);
  });
});

describe("G711Codec", () => {
  it("names and payload types follow RFC 3551: PCMU is 0, PCMA is 8, 8000 Hz", () => {
    expect([PCMU.name, PCMU.payloadType, PCMU.clockRateHz]).toEqual(["PCMU", 0, 8000]);
    expect([PCMA.name, PCMA.payloadType, PCMA.clockRateHz]).toEqual(["PCMA", 8, 8000]);
    expect(new G711Codec("PCMA").payloadType).toBe(8);
    expect(PCMU.encodedLength(160)).toBe(160);
    expect(PCMU.decodedLength(240)).toBe(240);
  });

  it("encodes and decodes a 20 ms frame through the interface", () => {
    const pcm = Int16Array.from({ length: 160 }, (_, i) => Math.round(8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000)));
    for (const codec of [PCMU, PCMA]) {
      const payload = new Uint8Array(160);
      expect(codec.encode(pcm, payload)).toBe(160);
      const back = new Int16Array(160);
      expect(codec.decode(payload, back)).toBe(160);
      // Quantization error of G.711 at this level stays within half a step (≤ 128 in 16-bit here).
      back.forEach((value, i) => expect(Math.abs(value - pcm[i]!)).toBeLessThanOrEqual(128));
    }
  });

  it("a payload longer than the output decodes only what fits, an empty one nothing", () => {
    const out = new Int16Array(160);
    expect(PCMU.decode(new Uint8Array(2000).fill(0x80), out)).toBe(160);
    expect(out.every((value) => value === 32124)).toBe(true);
    expect(decodeUlaw(new Uint8Array(0), out)).toBe(0);
  });
});
