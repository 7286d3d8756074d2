/**
 * Level and frequency measurement: the dBov/dBm0 scale (full-scale square wave
 * 0 dBov, full-scale sine −3.01 dBov = +3.14 dBm0), tone levels by Goertzel at bin
 * and off-bin frequencies, two tones told apart (a DTMF pair), silence, and the
 * dominant-frequency search. Not covered: signals at more than one sample rate
 * beyond a 16 kHz sanity check.
 */
import { describe, expect, it } from "vitest";
import {
  dbm0ToDbov,
  dbovToDbm0,
  dominantFrequency,
  goertzelPower,
  rmsDbm0,
  rmsDbov,
  sineAmplitudeForDbm0,
  toneDbov,
} from "../../../src/dsp/index.js";
import { mix, sine } from "../../support/signals.js";

describe("levels", () => {
  it("a full-scale square wave is 0 dBov and a full-scale sine −3.01 dBov = +3.14 dBm0", () => {
    const square = Int16Array.from({ length: 800 }, (_, i) => (i % 8 < 4 ? 32767 : -32767));
    expect(rmsDbov(square)).toBeCloseTo(0, 3);
    const fullSine = sine(8000, { frequencyHz: 1000, amplitude: 32767 });
    expect(rmsDbov(fullSine)).toBeCloseTo(-3.01, 2);
    expect(rmsDbm0(fullSine)).toBeCloseTo(3.14, 2);
    expect(dbovToDbm0(0)).toBeCloseTo(6.15, 2);
    expect(dbm0ToDbov(dbovToDbm0(-42))).toBeCloseTo(-42, 10);
  });

  it("a sine made for −10 dBm0 measures −10 dBm0", () => {
    expect(sineAmplitudeForDbm0(-10)).toBeCloseTo(7218.5, 0);
    const tone = sine(8000, { frequencyHz: 1004, amplitude: sineAmplitudeForDbm0(-10) });
    expect(rmsDbm0(tone)).toBeCloseTo(-10, 2);
  });

  it("silence measures −Infinity, a one-LSB signal about −90 dBov", () => {
    expect(rmsDbov(new Int16Array(160))).toBe(-Infinity);
    expect(toneDbov(new Int16Array(160), 1000)).toBe(-Infinity);
    expect(rmsDbov(new Int16Array(160).fill(1))).toBeCloseTo(-90.31, 2);
  });
});

describe("Goertzel tone level", () => {
  it("measures a tone's level at its frequency, on and off the DFT bins, in a 20 ms frame", () => {
    for (const frequencyHz of [400, 440, 1000, 1234.5, 3300]) {
      const frame = sine(160, { frequencyHz, amplitude: 16384, phaseRad: 0.7 });
      // amplitude 16384 is −9.03 dBov as a tone (−6.02 for half scale, −3.01 for a sine).
      expect(Math.abs(toneDbov(frame, frequencyHz) - -9.03)).toBeLessThan(0.1);
    }
  });

  it("tells the two tones of a DTMF pair apart and ignores what is not there", () => {
    const amplitude = sineAmplitudeForDbm0(-10);
    const digit1 = mix(sine(800, { frequencyHz: 697, amplitude }), sine(800, { frequencyHz: 1209, amplitude }));
    expect(dbovToDbm0(toneDbov(digit1, 697))).toBeCloseTo(-10, 1);
    expect(dbovToDbm0(toneDbov(digit1, 1209))).toBeCloseTo(-10, 1);
    // The other DTMF frequencies are far below (sidelobes of the window only).
    for (const absent of [770, 852, 941, 1336, 1477]) expect(toneDbov(digit1, absent)).toBeLessThan(-60);
  });

  it("works at other sample rates", () => {
    const frame = sine(320, { frequencyHz: 5000, amplitude: 1000, sampleRateHz: 16000 });
    expect(goertzelPower(frame, 5000, 16000)).toBeCloseTo(500_000, -4);
  });
});

describe("dominant frequency", () => {
  it("finds a 1 kHz tone and a 440 Hz tone within 1 Hz over a second", () => {
    expect(Math.abs(dominantFrequency(sine(8000, { frequencyHz: 1000, amplitude: 3000 })) - 1000)).toBeLessThanOrEqual(1);
    expect(Math.abs(dominantFrequency(sine(8000, { frequencyHz: 440, amplitude: 3000 })) - 440)).toBeLessThanOrEqual(1);
  });

  it("picks the louder of two tones, and respects the search range", () => {
    const two = mix(sine(4000, { frequencyHz: 700, amplitude: 1000 }), sine(4000, { frequencyHz: 2100, amplitude: 4000 }));
    expect(Math.abs(dominantFrequency(two) - 2100)).toBeLessThanOrEqual(1);
    expect(Math.abs(dominantFrequency(two, { fromHz: 300, toHz: 1500 }) - 700)).toBeLessThanOrEqual(1);
  });
});
