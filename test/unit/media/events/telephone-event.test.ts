/**
 * The RFC 4733 payload (§2.3) as bytes: known 4-byte vectors for a digit
 * update, an end packet, flash and the R bit; every DTMF name mapped to its
 * code (§3.2) and back; out-of-range fields refused when writing; short
 * payloads refused when reading. Sending and receiving are in their own tests.
 */
import { describe, expect, it } from "vitest";
import { decodeTelephoneEvent, encodeTelephoneEvent, eventCode, eventName } from "../../../../src/media/events/index.js";

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ""), "hex"));

describe("telephone-event payload", () => {
  const vectors: Array<[string, string, Parameters<typeof encodeTelephoneEvent>[0]]> = [
    ["digit 5 at −10 dBm0, 160 units so far", "05 0a 00a0", { event: 5, end: false, reserved: false, volume: 10, duration: 160 }],
    ["end of # after 100 ms", "0b 8a 0320", { event: 11, end: true, reserved: false, volume: 10, duration: 800 }],
    ["flash, loudest, longest", "10 80 ffff", { event: 16, end: true, reserved: false, volume: 0, duration: 0xffff }],
    ["D at −63 dBm0 with the R bit set by the sender", "0f 7f 0001", { event: 15, end: false, reserved: true, volume: 63, duration: 1 }],
  ];
  for (const [name, bytes, fields] of vectors) {
    it(`reads and writes ${name}`, () => {
      expect(decodeTelephoneEvent(hex(bytes))).toEqual({ ok: true, value: fields });
      expect(encodeTelephoneEvent(fields)).toEqual(hex(bytes));
    });
  }

  it("maps the sixteen DTMF names and flash to codes 0–16 and back", () => {
    const names = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A", "B", "C", "D", "flash"];
    expect(names.map(eventCode)).toEqual(names.map((_, i) => i));
    expect(names.map((_, i) => eventName(i))).toEqual(names);
    expect([eventCode("a"), eventCode("FLASH"), eventCode("E"), eventCode("10"), eventName(17)]).toEqual([12, 16, undefined, undefined, undefined]);
  });

  it("refuses to write fields that do not fit", () => {
    expect(() => encodeTelephoneEvent({ event: 256, end: false, reserved: false, volume: 10, duration: 0 })).toThrow(RangeError);
    expect(() => encodeTelephoneEvent({ event: 1, end: false, reserved: false, volume: 64, duration: 0 })).toThrow(RangeError);
    expect(() => encodeTelephoneEvent({ event: 1, end: false, reserved: false, volume: 10, duration: 0x10000 })).toThrow(RangeError);
  });

  it("rejects a payload shorter than one event block and reads only the first block of a longer one", () => {
    expect(decodeTelephoneEvent(hex("05 0a 00")).ok).toBe(false);
    expect(decodeTelephoneEvent(new Uint8Array(0)).ok).toBe(false);
    expect(decodeTelephoneEvent(hex("05 0a 00a0 06 0a 0140"))).toMatchObject({ ok: true, value: { event: 5, duration: 160 } });
  });
});
