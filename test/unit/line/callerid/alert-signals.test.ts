/**
 * Alert tones and DTMF caller ID, measured on the audio: the 2130 + 2750 Hz alert (each
 * tone's level and the duration), DTMF keys' frequencies and levels (−9 and −7 dBm0),
 * the 70 ms / 70 ms cadence, the digit strings of each DTMF caller ID variant, and the
 * FSK burst's duration formula. Decoding by spandsp is in callerid-decoders.test.ts.
 */
import { describe, expect, it } from "vitest";
import { dbovToDbm0, toneDbov } from "../../../../src/dsp/index.js";
import { dtmfDigits, dualToneAlert } from "../../../../src/line/callerid/alert-signals.js";
import { dtmfCallerIdDigits } from "../../../../src/line/callerid/dtmf-callerid.js";
import { FSK_FORMATS, fskBurst, fskBurstMs } from "../../../../src/line/callerid/fsk-burst.js";
import { mdmfCallSetup } from "../../../../src/line/callerid/messages.js";

const levelDbm0 = (samples: Int16Array, hz: number): number => dbovToDbm0(toneDbov(samples, hz));

describe("dual-tone alert", () => {
  it("is 2130 Hz and 2750 Hz at the asked level each, for the asked time", () => {
    const alert = dualToneAlert(100, -20);
    expect(alert.length).toBe(800);
    expect(levelDbm0(alert, 2130)).toBeCloseTo(-20, 0);
    expect(levelDbm0(alert, 2750)).toBeCloseTo(-20, 0);
    expect(levelDbm0(alert, 2440)).toBeLessThan(-45);
  });
});

describe("DTMF", () => {
  it("plays each key 70 ms at −9/−7 dBm0, then 70 ms of silence", () => {
    const audio = dtmfDigits("A5");
    expect(audio.length).toBe(4 * 560);
    const first = audio.subarray(0, 560);
    expect(levelDbm0(first, 697)).toBeCloseTo(-9, 0);
    expect(levelDbm0(first, 1633)).toBeCloseTo(-7, 0);
    expect(levelDbm0(first, 770)).toBeLessThan(-35);
    expect(audio.subarray(560, 1120).every((s) => s === 0)).toBe(true);
    const second = audio.subarray(1120, 1680);
    expect(levelDbm0(second, 770)).toBeCloseTo(-9, 0);
    expect(levelDbm0(second, 1336)).toBeCloseTo(-7, 0);
    expect(() => dtmfDigits("A1E")).toThrow(/not a DTMF key/);
  });
});

describe("DTMF caller ID digit strings", () => {
  it.each([
    ["etsi", "A0301234567C", "D10C", "D00C"],
    ["sweden-finland", "A0301234567C", "B10C", "B00C"],
    ["denmark", "A0301234567#", "D1#", "D3#"],
  ] as const)("%s: number %s, private %s, unavailable %s", (variant, number, privateCode, unavailable) => {
    expect(dtmfCallerIdDigits({ number: "030 123 4567" }, variant)).toBe(number);
    expect(dtmfCallerIdDigits({ numberAbsent: "private" }, variant)).toBe(privateCode);
    expect(dtmfCallerIdDigits({}, variant)).toBe(unavailable);
  });
});

describe("FSK burst", () => {
  it("lasts seizure + mark + 10 bits a byte + 5 mark bits at 1200 baud", () => {
    const message = mdmfCallSetup({ number: "5551234567" });
    for (const format of Object.values(FSK_FORMATS)) {
      expect(fskBurst(message, format).length / 8).toBeCloseTo(fskBurstMs(message.length, format), 0);
    }
    expect(fskBurstMs(20, FSK_FORMATS.bellOnHook)).toBeCloseTo(((300 + 180 + 200 + 5) * 1000) / 1200, 6);
  });
});
