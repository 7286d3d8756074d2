/**
 * The FSK modulator: mark and space frequencies of Bell 202 and V.23 and the level,
 * measured on the audio; the 1200-baud bit clock (exact sample counts over many bits,
 * across calls); phase continuity at bit edges (no step larger than the steepest slope
 * of the tone); seizure and mark patterns; asynchronous framing LSB first; bad bytes.
 * Not covered: demodulation (fsk-demodulator, callerid-reader tests) and the independent
 * decoders (test/unit/line/callerid/callerid-decoders.test.ts).
 */
import { describe, expect, it } from "vitest";
import { dominantFrequency, FskModulator, frameBytes, rmsDbm0, sineAmplitudeForDbm0, type FskStandard } from "../../../src/dsp/index.js";

describe("FskModulator", () => {
  it.each([
    ["bell202", 1200, 2200],
    ["v23", 1300, 2100],
  ] as const)("%s: mark at %d Hz, space at %d Hz, at the asked level", (standard: FskStandard, markHz: number, spaceHz: number) => {
    const modulator = new FskModulator({ standard, levelDbm0: -13.5 });
    const mark = modulator.mark(1200);
    const space = modulator.bits(new Array(1200).fill(0));
    expect(dominantFrequency(mark)).toBeCloseTo(markHz, 0);
    expect(dominantFrequency(space)).toBeCloseTo(spaceHz, 0);
    expect(rmsDbm0(mark)).toBeCloseTo(-13.5, 1);
    expect(rmsDbm0(space)).toBeCloseTo(-13.5, 1);
  });

  it("keeps the 1200-baud clock exactly: 6⅔ samples a bit, across calls of any length", () => {
    const modulator = new FskModulator({ standard: "bell202", levelDbm0: -10 });
    const counts = [1, 2, 7, 300, 180, 10, 3];
    const lengths = counts.map((n) => modulator.mark(n).length);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(Math.round((503 * 8000) / 1200));
    lengths.forEach((length, i) => expect(Math.abs(length - (counts[i]! * 20) / 3)).toBeLessThanOrEqual(1));
    expect(new FskModulator({ standard: "v23", levelDbm0: -10 }).seizure(1200).length).toBe(8000);
  });

  it("is phase continuous: alternating bits never jump more than the space tone's slope", () => {
    const levelDbm0 = -6;
    const samples = new FskModulator({ standard: "bell202", levelDbm0 }).seizure(600);
    const maxStep = sineAmplitudeForDbm0(levelDbm0) * 2 * Math.sin((Math.PI * 2200) / 8000) + 1;
    let largest = 0;
    for (let i = 1; i < samples.length; i++) largest = Math.max(largest, Math.abs(samples[i]! - samples[i - 1]!));
    expect(largest).toBeLessThanOrEqual(maxStep);
    expect(largest).toBeGreaterThan(maxStep * 0.9);
  });

  it("sends the channel seizure as 0, 1, 0, 1 … (space first) and the mark signal as 1s", () => {
    const options = { standard: "bell202", levelDbm0: -10 } as const;
    expect(Array.from(new FskModulator(options).seizure(4))).toEqual(Array.from(new FskModulator(options).bits([0, 1, 0, 1])));
    expect(Array.from(new FskModulator(options).mark(3))).toEqual(Array.from(new FskModulator(options).bits([1, 1, 1])));
  });

  it("frames bytes as start bit, eight data bits LSB first, stop bits", () => {
    expect(frameBytes([0x01])).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(frameBytes([0x80], 2)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    expect(frameBytes([0x55, 0xaa])).toEqual([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 0, 1, 1]);
    expect(() => frameBytes([256])).toThrow(RangeError);
    expect(() => frameBytes([1.5])).toThrow(/not a byte/);
  });
});
