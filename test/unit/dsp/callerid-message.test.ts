/**
 * The caller ID message codec: checksum (two's complement of the modulo-256 sum), MDMF
 * encoding and parsing, rejection of bad length/checksum/parameter layout, and what a
 * display makes of SDMF, MDMF call set-up and both message waiting forms (describeMessage).
 * Not covered: the message builders of src/line/callerid (messages.test.ts) and audio.
 */
import { describe, expect, it } from "vitest";
import { ascii, checksum, describeMessage, encodeMdmf, encodeMessage, formatTime, parseMessage, parseTime } from "../../../src/dsp/index.js";

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s/g, ""), "hex"));

describe("checksum", () => {
  it("makes the sum of the whole message 0 modulo 256", () => {
    expect(checksum([])).toBe(0);
    expect(checksum([0x01])).toBe(0xff);
    expect(checksum([0x80, 0x80])).toBe(0x00);
    expect(checksum([0x04, 0x01, 0x30])).toBe(0xcb);
    const message = encodeMessage(0x04, ascii("120413055551234"));
    expect(message.reduce((a, b) => a + b, 0) % 256).toBe(0);
  });
});

describe("encode and parse", () => {
  it("lays out an MDMF message: type, length, parameters (type, length, value), checksum", () => {
    const message = encodeMdmf(0x82, [{ type: 0x0b, value: Uint8Array.of(0xff) }]);
    expect(Buffer.from(message).toString("hex")).toBe("82030b01ff70");
    const parsed = parseMessage(message);
    expect(parsed.ok && parsed.value.parameters).toEqual([{ type: 0x0b, value: Uint8Array.of(0xff) }]);
  });

  it("rejects a short message, a wrong length, a bad checksum and a parameter running past the end", () => {
    expect(parseMessage(bytes("8200"))).toEqual({ ok: false, error: "message of 2 bytes is too short" });
    expect(parseMessage(bytes("82040b01ff70"))).toMatchObject({ ok: false, error: expect.stringMatching(/length byte/) });
    expect(parseMessage(bytes("82030b01ff71"))).toEqual({ ok: false, error: "checksum mismatch" });
    const overrun = encodeMessage(0x80, bytes("0205 3535"));
    expect(parseMessage(overrun)).toMatchObject({ ok: false, error: expect.stringMatching(/runs past/) });
    expect(() => encodeMdmf(0x80, [{ type: 0x07, value: new Uint8Array(0) }])).toThrow(RangeError);
    expect(() => encodeMessage(0x80, new Uint8Array(256))).toThrow(/at most 255/);
  });

  it("formats and parses MMDDHHMM, refusing impossible times", () => {
    expect(formatTime({ month: 1, day: 2, hour: 3, minute: 4 })).toBe("01020304");
    expect(parseTime("12312359")).toEqual({ month: 12, day: 31, hour: 23, minute: 59 });
    expect(parseTime("1231235")).toBeUndefined();
    expect(() => formatTime({ month: 13, day: 1, hour: 0, minute: 0 })).toThrow(RangeError);
  });

  it("accepts only printable ASCII as text", () => {
    expect(() => ascii("Zoë")).toThrow(/printable ASCII/);
  });
});

describe("describeMessage", () => {
  const read = (message: Uint8Array) => {
    const parsed = parseMessage(message);
    if (!parsed.ok) throw new Error(parsed.error);
    return describeMessage(parsed.value);
  };

  it("reads SDMF caller ID with a number, and with 'P' for private", () => {
    expect(read(encodeMessage(0x04, ascii("120413055551234")))).toEqual({
      kind: "call",
      info: { time: { month: 12, day: 4, hour: 13, minute: 5 }, number: "5551234" },
    });
    expect(read(encodeMessage(0x04, ascii("12041305P")))).toEqual({
      kind: "call",
      info: { time: { month: 12, day: 4, hour: 13, minute: 5 }, numberAbsent: "private" },
    });
  });

  it("reads MDMF call set-up parameters and skips unknown ones", () => {
    const message = encodeMdmf(0x80, [
      { type: 0x01, value: ascii("01020304") },
      { type: 0x04, value: ascii("O") },
      { type: 0x08, value: ascii("P") },
      { type: 0x99, value: ascii("x") },
    ]);
    expect(read(message)).toEqual({
      kind: "call",
      info: { time: { month: 1, day: 2, hour: 3, minute: 4 }, numberAbsent: "unavailable", nameAbsent: "private" },
    });
  });

  it("reads message waiting on and off, MDMF and SDMF", () => {
    expect(read(bytes("82030b01ff70"))).toEqual({ kind: "mwi", on: true });
    expect(read(encodeMdmf(0x82, [{ type: 0x0b, value: Uint8Array.of(0) }]))).toEqual({ kind: "mwi", on: false });
    expect(read(encodeMessage(0x06, bytes("424242")))).toEqual({ kind: "mwi", on: true });
    expect(read(encodeMessage(0x06, bytes("6f6f6f")))).toEqual({ kind: "mwi", on: false });
    expect(read(encodeMessage(0x86, bytes("200101")))).toEqual({ kind: "other", type: 0x86 });
  });
});
