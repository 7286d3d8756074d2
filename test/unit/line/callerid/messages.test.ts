/**
 * The message builders, byte for byte: Bell SDMF (number, 'O'/'P'), MDMF call set-up
 * (parameter order, absence reasons, names cut to 15 characters for Bell and 50 for
 * ETSI, unsendable numbers becoming "unavailable", non-ASCII names made printable),
 * MDMF and SDMF message waiting. Not covered: audio (callerid-decoders.test.ts).
 */
import { describe, expect, it } from "vitest";
import { describeMessage, parseMessage } from "../../../../src/dsp/index.js";
import { mdmfCallSetup, mdmfMessageWaiting, sdmfCallerId, sdmfMessageWaiting } from "../../../../src/line/callerid/messages.js";

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");
const ascii = (text: string): string => Buffer.from(text, "ascii").toString("hex");
const time = { month: 3, day: 9, hour: 7, minute: 45 };

function shown(message: Uint8Array) {
  const parsed = parseMessage(message);
  if (!parsed.ok) throw new Error(parsed.error);
  return describeMessage(parsed.value);
}

describe("SDMF caller ID", () => {
  it("is 0x04, length, MMDDHHMM, the number, checksum", () => {
    const message = sdmfCallerId({ time, number: "555-123-4567" });
    expect(hex(message.subarray(0, -1))).toBe(`0412${ascii("030907455551234567")}`);
    expect(message.reduce((a, b) => a + b, 0) % 256).toBe(0);
  });

  it("sends 'P' for private and 'O' when the number is missing or longer than 10 digits", () => {
    expect(hex(sdmfCallerId({ time, numberAbsent: "private" }).subarray(2, -1))).toBe(ascii("03090745P"));
    expect(hex(sdmfCallerId({ time }).subarray(2, -1))).toBe(ascii("03090745O"));
    expect(hex(sdmfCallerId({ time, number: "+4930123456789" }).subarray(2, -1))).toBe(ascii("03090745O"));
  });
});

describe("MDMF call set-up", () => {
  it("orders date/time, number, name as type-length-value parameters", () => {
    const message = mdmfCallSetup({ time, number: "5551234567", name: "ALICE" });
    expect(hex(message.subarray(0, -1))).toBe(`801d 0108${ascii("03090745")} 020a${ascii("5551234567")} 0705${ascii("ALICE")}`.replace(/\s/g, ""));
  });

  it("sends the reasons when number or name are absent, and no date when none is given", () => {
    expect(hex(mdmfCallSetup({ numberAbsent: "private", nameAbsent: "private" }).subarray(0, -1))).toBe(`8006 0401${ascii("P")} 0801${ascii("P")}`.replace(/\s/g, ""));
    expect(shown(mdmfCallSetup({ number: "12 (34)" }))).toEqual({ kind: "call", info: { number: "1234" } });
    expect(shown(mdmfCallSetup({ number: "sip:bob@example.net", name: "Bob" }))).toEqual({
      kind: "call",
      info: { numberAbsent: "unavailable", name: "Bob" },
    });
  });

  it("cuts names to 15 characters for Bell and 50 for ETSI, and keeps them printable", () => {
    const long = "Alexandra Konstantinopoulou-Vasilakopoulou of the Kitchen";
    expect(shown(mdmfCallSetup({ number: "1", name: long }))).toMatchObject({ info: { name: long.slice(0, 15) } });
    expect(shown(mdmfCallSetup({ number: "1", name: long }, "etsi"))).toMatchObject({ info: { name: long.slice(0, 50) } });
    expect(shown(mdmfCallSetup({ number: "1", name: "Zoë Ørsted" }))).toMatchObject({ info: { name: "Zo? ?rsted" } });
  });
});

describe("message waiting", () => {
  it("MDMF: 0x82, 0x0B with 0xFF on and 0x00 off", () => {
    expect(hex(mdmfMessageWaiting(true))).toBe("82030b01ff70");
    expect(hex(mdmfMessageWaiting(false))).toBe("82030b01006f");
  });

  it("SDMF: 0x06 with 0x42 0x42 0x42 on, 0x6F 0x6F 0x6F off", () => {
    expect(hex(sdmfMessageWaiting(true))).toBe("060342424231");
    expect(shown(sdmfMessageWaiting(false))).toEqual({ kind: "mwi", on: false });
  });
});
