/**
 * The tone generator: each component at its level and frequency (measured, not assumed),
 * phase continuity across frames (no step between frames), reset, and rejection of a
 * frequency the sample rate cannot carry. Not covered: cadences (the caller's job).
 */
import { describe, expect, it } from "vitest";
import { ToneGenerator, toneDbov, dbovToDbm0, dominantFrequency, rmsDbm0 } from "../../../src/dsp/index.js";
import { concat } from "../../support/signals.js";

describe("ToneGenerator", () => {
  it("makes a single tone at its frequency and level", () => {
    const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]).next(1600);
    expect(dominantFrequency(tone)).toBeCloseTo(1000, 0);
    expect(rmsDbm0(tone)).toBeCloseTo(-10, 1);
  });

  it("makes a dual tone with each component at its own level (a DTMF 1 with −4 dB twist)", () => {
    const tone = new ToneGenerator([
      { frequencyHz: 697, levelDbm0: -10 },
      { frequencyHz: 1209, levelDbm0: -6 },
    ]).next(800);
    expect(dbovToDbm0(toneDbov(tone, 697))).toBeCloseTo(-10, 0);
    expect(dbovToDbm0(toneDbov(tone, 1209))).toBeCloseTo(-6, 0);
    expect(dbovToDbm0(toneDbov(tone, 1000))).toBeLessThan(-40);
  });

  it("continues the phase from frame to frame: 160-sample frames equal one long block", () => {
    const framed = new ToneGenerator([{ frequencyHz: 425, levelDbm0: -3 }]);
    const joined = concat(Array.from({ length: 10 }, () => framed.next(160)));
    const whole = new ToneGenerator([{ frequencyHz: 425, levelDbm0: -3 }]).next(1600);
    let worst = 0;
    for (let i = 0; i < whole.length; i++) worst = Math.max(worst, Math.abs(whole[i]! - joined[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it("starts again at phase zero after reset", () => {
    const generator = new ToneGenerator([{ frequencyHz: 440, levelDbm0: 0 }]);
    const first = generator.next(80);
    generator.next(37);
    generator.reset();
    expect(generator.next(80)).toEqual(first);
  });

  it("rejects a frequency at or above half the sample rate", () => {
    expect(() => new ToneGenerator([{ frequencyHz: 4000, levelDbm0: 0 }])).toThrow(RangeError);
  });
});
