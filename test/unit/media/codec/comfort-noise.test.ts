/**
 * Comfort noise (RFC 3389): the payload format byte by byte (level, reserved bit,
 * reflection coefficient quantization, empty and oversized payloads), the generated
 * noise's level measured against the payload's for white and shaped noise, its
 * spectral tilt following the coefficients, level changes, and the sending side
 * (level and coefficients estimated from our own noise, then regenerated).
 * Not covered: interop with a peer's CN (baresip does not send CN by default).
 */
import { describe, expect, it } from "vitest";
import {
  COMFORT_NOISE_PAYLOAD_TYPE,
  ComfortNoiseGenerator,
  describeComfortNoise,
  parseComfortNoise,
  quantizeReflection,
  serializeComfortNoise,
  type ComfortNoise,
} from "../../../../src/media/codec/index.js";
import { goertzelPower, rmsDbov } from "../../../../src/dsp/index.js";
import { concat } from "../../../support/signals.js";

function parsed(bytes: number[]): ComfortNoise {
  const result = parseComfortNoise(Uint8Array.from(bytes));
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

/** `frames` 20 ms frames from a generator set to `noise`. */
function noiseFrames(noise: ComfortNoise, frames = 50, seed = 1): Int16Array[] {
  const generator = new ComfortNoiseGenerator({ seed });
  generator.update(noise);
  return Array.from({ length: frames }, () => {
    const frame = new Int16Array(160);
    generator.generate(frame);
    return frame;
  });
}

/** Mean tone power at `frequencyHz` over frames: averaging makes a noise spectrum estimate steady. */
function meanPower(frames: Int16Array[], frequencyHz: number): number {
  return frames.reduce((sum, frame) => sum + goertzelPower(frame, frequencyHz), 0) / frames.length;
}

describe("CN payload (RFC 3389 §3)", () => {
  it("is payload type 13", () => {
    expect(COMFORT_NOISE_PAYLOAD_TYPE).toBe(13);
  });

  it("reads the level from the low seven bits of the first byte, as −dBov", () => {
    expect(parsed([0x40])).toEqual({ levelDbov: -64, reflectionCoefficients: [] });
    expect(parsed([0x00]).levelDbov).toBe(-0);
    expect(parsed([0x7f]).levelDbov).toBe(-127);
    // The reserved top bit is ignored on receipt.
    expect(parsed([0x80 | 0x20]).levelDbov).toBe(-32);
  });

  it("reads one reflection coefficient per following byte: k = (N − 127) / 128", () => {
    expect(parsed([0x28, 0x00, 0x7f, 0xfe, 0xff, 0x3f])).toEqual({
      levelDbov: -40,
      reflectionCoefficients: [-127 / 128, 0, 127 / 128, 1, -64 / 128],
    });
  });

  it("rejects an empty payload, and reads a huge one without trouble", () => {
    const empty = parseComfortNoise(new Uint8Array(0));
    expect(empty.ok).toBe(false);
    const huge = parseComfortNoise(new Uint8Array(1500).fill(0xff));
    expect(huge.ok && huge.value.reflectionCoefficients.length).toBe(1499);
  });

  it("writes level and coefficients, rounding to whole dB and to the nearest byte", () => {
    const bytes = serializeComfortNoise({ levelDbov: -45.4, reflectionCoefficients: [-0.5, 0.25, 0] });
    expect(Array.from(bytes)).toEqual([45, 63, 159, 127]);
    const back = parsed(Array.from(bytes));
    expect(back.levelDbov).toBe(-45);
    expect(back.reflectionCoefficients[0]).toBeCloseTo(-0.5, 2);
    expect(back.reflectionCoefficients[1]).toBeCloseTo(0.25, 2);
  });

  it("clamps what does not fit: levels above 0 or below −127, coefficients beyond ±1", () => {
    expect(Array.from(serializeComfortNoise({ levelDbov: 3, reflectionCoefficients: [] }))).toEqual([0]);
    expect(Array.from(serializeComfortNoise({ levelDbov: -200, reflectionCoefficients: [] }))).toEqual([127]);
    expect(Array.from(serializeComfortNoise({ levelDbov: -Infinity, reflectionCoefficients: [] }))).toEqual([127]);
    expect([quantizeReflection(-2), quantizeReflection(2)]).toEqual([0, 254]);
  });
});

describe("generated noise level matches the payload within 1 dB", () => {
  for (const level of [20, 35, 50, 65, 80]) {
    it(`−${level} dBov, white (level byte only) and shaped (three coefficients)`, () => {
      const white = concat(noiseFrames(parsed([level])));
      expect(Math.abs(rmsDbov(white) + level)).toBeLessThan(1);
      const shaped = concat(noiseFrames(parsed([level, quantizeReflection(-0.8), quantizeReflection(0.4), quantizeReflection(-0.2)])));
      expect(Math.abs(rmsDbov(shaped) + level)).toBeLessThan(1);
    });
  }

  it("every 20 ms frame, not just the average, is near the level", () => {
    for (const frame of noiseFrames(parsed([40, quantizeReflection(-0.5)]))) expect(Math.abs(rmsDbov(frame) + 40)).toBeLessThan(2.5);
  });
});

describe("spectral shape", () => {
  it("follows the first reflection coefficient: negative is low-pass, positive high-pass, none flat", () => {
    const tilt = (bytes: number[]): number => {
      const frames = noiseFrames(parsed(bytes));
      return 10 * Math.log10(meanPower(frames, 200) / meanPower(frames, 3800));
    };
    // 1/|1 + k·e^(−jω)|² with k = ∓0.9 differs by 20 dB between 200 and 3800 Hz.
    expect(tilt([40, quantizeReflection(-0.9)])).toBeGreaterThan(14);
    expect(tilt([40, quantizeReflection(0.9)])).toBeLessThan(-14);
    expect(Math.abs(tilt([40]))).toBeLessThan(2);
  });

  it("the sending side recovers level and coefficients from noise it is given", () => {
    const source = concat(noiseFrames({ levelDbov: -40, reflectionCoefficients: [-0.6, 0.3] }));
    const described = describeComfortNoise(source, 2);
    expect(Math.abs(described.levelDbov + 40)).toBeLessThanOrEqual(1);
    expect(described.reflectionCoefficients[0]).toBeCloseTo(-0.6, 1);
    expect(described.reflectionCoefficients[1]).toBeCloseTo(0.3, 1);
  });
});

describe("generator behaviour", () => {
  it("is silent before the first payload and repeatable for a given seed", () => {
    const silent = new Int16Array(160).fill(7);
    new ComfortNoiseGenerator().generate(silent);
    expect(silent.every((v) => v === 0)).toBe(true);
    expect(noiseFrames(parsed([50]), 3, 42)).toEqual(noiseFrames(parsed([50]), 3, 42));
    expect(noiseFrames(parsed([50]), 1, 42)).not.toEqual(noiseFrames(parsed([50]), 1, 43));
  });

  it("moves to a new level over one frame", () => {
    const generator = new ComfortNoiseGenerator({ seed: 5 });
    const frame = (): Int16Array => {
      const out = new Int16Array(160);
      generator.generate(out);
      return out;
    };
    generator.update(parsed([30]));
    const before = concat([frame(), frame(), frame()]);
    generator.update(parsed([50]));
    const ramp = frame();
    const after = concat(Array.from({ length: 10 }, frame));
    expect(Math.abs(rmsDbov(before) + 30)).toBeLessThan(1);
    expect(rmsDbov(ramp)).toBeLessThan(-30);
    expect(rmsDbov(ramp)).toBeGreaterThan(-50);
    expect(Math.abs(rmsDbov(after) + 50)).toBeLessThan(1);
  });

  it("a hostile payload (1499 coefficients of +1) gives noise no louder than its level, never a blow-up", () => {
    // Held to 32 coefficients of 0.995: poles right at the unit circle, still the payload's level.
    const frames = noiseFrames(parsed([30, ...new Array<number>(1499).fill(0xff)]), 50);
    for (const frame of frames) expect(rmsDbov(frame)).toBeLessThan(-24);
    expect(Math.abs(rmsDbov(concat(frames)) + 30)).toBeLessThan(3);
  });

  it("describes silence as −127 dBov and a quiet hiss by its level", () => {
    expect(describeComfortNoise(new Int16Array(160))).toEqual({ levelDbov: -127, reflectionCoefficients: [] });
    expect(describeComfortNoise(concat(noiseFrames(parsed([62]))))).toEqual({ levelDbov: -62, reflectionCoefficients: [] });
  });
});
