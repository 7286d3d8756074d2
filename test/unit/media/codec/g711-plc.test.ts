/**
 * G711Plc, measured on the audio it produces: a 20 ms frame lost from a 440 Hz sine
 * is replaced by 440 Hz at nearly the same level, with no click at either join; an
 * exactly periodic signal is continued almost exactly; long losses fade by 20 % per
 * 10 ms after the first 10 ms and are silent from 60 ms; the first good frame after
 * a long loss fades in; silence stays silence; 10 and 30 ms frames work too.
 * Not covered: perceptual quality on real speech (no reference speech corpus here).
 */
import { describe, expect, it } from "vitest";
import { dominantFrequency, goertzelPower, rms, toneDbov } from "../../../../src/dsp/index.js";
import { G711Plc } from "../../../../src/media/codec/index.js";
import { concat, sine } from "../../../support/signals.js";

const FRAME = 160;

/** Frame `index` (20 ms each) of a continuous sine. */
function sineFrame(index: number, frequencyHz = 440, amplitude = 10_000, length = FRAME): Int16Array {
  return sine(length, { frequencyHz, amplitude, startSample: index * length });
}

/** Largest absolute difference between neighbouring samples in [from, to). */
function maxStep(signal: Int16Array, from = 1, to = signal.length): number {
  let max = 0;
  for (let i = Math.max(1, from); i < to; i++) max = Math.max(max, Math.abs(signal[i]! - signal[i - 1]!));
  return max;
}

/**
 * Plays `frames` frames of `source(i)` through the PLC, concealing the ones in `lost`,
 * and returns everything played, as the jitter buffer's consumer would.
 */
function play(plc: G711Plc, frames: number, lost: Set<number>, source: (i: number) => Int16Array): Int16Array {
  const played: Int16Array[] = [];
  for (let i = 0; i < frames; i++) {
    const frame = source(i).slice();
    if (lost.has(i)) plc.conceal(frame);
    else plc.onGoodFrame(frame);
    played.push(frame);
  }
  return concat(played);
}

describe("one lost 20 ms frame in a 440 Hz tone", () => {
  const lostFrame = 10;
  const played = play(new G711Plc(), 14, new Set([lostFrame]), (i) => sineFrame(i));
  const clean = concat(Array.from({ length: 14 }, (_, i) => sineFrame(i)));
  const concealed = played.subarray(lostFrame * FRAME, (lostFrame + 1) * FRAME);

  it("is replaced by a 440 Hz tone within 1.5 dB of the original level", () => {
    expect(Math.abs(dominantFrequency(concealed, { fromHz: 100, toHz: 2000 }) - 440)).toBeLessThan(10);
    const original = toneDbov(clean.subarray(lostFrame * FRAME, (lostFrame + 1) * FRAME), 440);
    expect(Math.abs(toneDbov(concealed, 440) - original)).toBeLessThan(1.5);
    // Almost all of the concealed frame's power is the tone.
    expect(goertzelPower(concealed, 440) / rms(concealed) ** 2).toBeGreaterThan(0.9);
  });

  it("has no click where the loss begins, where it ends, or inside it", () => {
    const cleanStep = maxStep(clean);
    const joins = maxStep(played, lostFrame * FRAME - 20, (lostFrame + 1) * FRAME + 100);
    expect(joins).toBeLessThanOrEqual(1.25 * cleanStep);
  });

  it("leaves the frames around the loss untouched, apart from the merge at the start of the next one", () => {
    expect(played.subarray(0, lostFrame * FRAME)).toEqual(clean.subarray(0, lostFrame * FRAME));
    const mergeEnd = (lostFrame + 1) * FRAME + 80;
    expect(played.subarray(mergeEnd)).toEqual(clean.subarray(mergeEnd));
  });
});

describe("periodic signals", () => {
  it("an exactly periodic signal (period 64 samples, 125 Hz harmonics) is continued nearly exactly for 10 ms", () => {
    const voiced = (i: number): Int16Array =>
      Int16Array.from({ length: FRAME }, (_, n) => {
        const phase = (2 * Math.PI * (i * FRAME + n)) / 64;
        return Math.round(6000 * Math.sin(phase) + 3000 * Math.sin(2 * phase + 1) + 1500 * Math.sin(5 * phase + 2));
      });
    const plc = new G711Plc();
    const played = play(plc, 8, new Set([6]), voiced);
    expect([64, 128].includes(plc.pitchPeriod) || plc.pitchPeriod % 64 === 0).toBe(true);
    const truth = voiced(6).subarray(0, 80);
    const got = played.subarray(6 * FRAME, 6 * FRAME + 80);
    const error = Int16Array.from(truth, (v, n) => v - got[n]!);
    // Signal-to-error ratio above 30 dB over the first 10 ms (before any attenuation).
    expect(20 * Math.log10(rms(truth) / rms(error))).toBeGreaterThan(30);
  });

  it("two-tone signals with no period in the search range still join without a click at both ends", () => {
    // Low tones keep the clean signal's steps small, so a discontinuity would stand out.
    for (const [low, high] of [[150, 370], [130, 410], [170, 290]] as const) {
      const twoTone = (i: number): Int16Array =>
        Int16Array.from(sineFrame(i, low, 8000), (v, n) => v + sineFrame(i, high, 3000)[n]!);
      const played = play(new G711Plc(), 14, new Set([10]), twoTone);
      const clean = concat(Array.from({ length: 14 }, (_, i) => twoTone(i)));
      const cleanStep = maxStep(clean);
      expect(maxStep(played, 10 * FRAME - 20, 10 * FRAME + 40)).toBeLessThanOrEqual(1.2 * cleanStep);
      expect(maxStep(played, 11 * FRAME - 20, 11 * FRAME + 100)).toBeLessThanOrEqual(1.2 * cleanStep);
      // A 40 ms loss: the loop grows to 2 and 3 periods at 10 and 20 ms, cross-faded.
      const long = play(new G711Plc(), 16, new Set([10, 11]), twoTone);
      expect(maxStep(long, 10 * FRAME - 20, 12 * FRAME + 100)).toBeLessThanOrEqual(1.2 * cleanStep);
    }
  });

  it("works with 10 ms and 30 ms frames", () => {
    for (const length of [80, 240]) {
      const played = play(new G711Plc(), 12, new Set([8]), (i) => sineFrame(i, 1000, 8000, length));
      const concealed = played.subarray(8 * length, 9 * length);
      expect(Math.abs(dominantFrequency(concealed, { fromHz: 300, toHz: 3000 }) - 1000)).toBeLessThan(15);
      const clean = concat(Array.from({ length: 12 }, (_, i) => sineFrame(i, 1000, 8000, length)));
      expect(maxStep(played, 8 * length - 10, 9 * length + 60)).toBeLessThanOrEqual(1.25 * maxStep(clean));
    }
  });
});

describe("long losses", () => {
  const lost = new Set([10, 11, 12, 13, 14, 15]);
  const played = play(new G711Plc(), 18, lost, (i) => sineFrame(i));
  const tenMs = (k: number): Int16Array => played.subarray(10 * FRAME + 80 * k, 10 * FRAME + 80 * (k + 1));

  it("keep full level for 10 ms, then fall 20 % per 10 ms", () => {
    const levels = Array.from({ length: 6 }, (_, k) => rms(tenMs(k)));
    const full = rms(sineFrame(0));
    expect(levels[0]! / full).toBeGreaterThan(0.9);
    // Over the 10 ms block k ≥ 1 the gain ramps from 1 − 0.2(k−1) to 1 − 0.2k: its mean is 1.1 − 0.2k.
    for (let k = 1; k < 5; k++) expect(levels[k]! / full).toBeCloseTo(1.1 - 0.2 * k, 1);
    for (let k = 1; k < 6; k++) expect(levels[k]!).toBeLessThan(levels[k - 1]!);
  });

  it("are silent from 60 ms on, and the first good frame fades in without a click", () => {
    expect(played.subarray(10 * FRAME + 480, 16 * FRAME).every((v) => v === 0)).toBe(true);
    const next = played.subarray(16 * FRAME, 17 * FRAME);
    // A 10 ms merge after a 120 ms loss: rising from near zero.
    expect(Math.abs(next[0]!)).toBeLessThan(500);
    expect(rms(next.subarray(0, 20))).toBeLessThan(rms(next.subarray(60, 80)));
    expect(maxStep(played, 16 * FRAME - 1, 17 * FRAME)).toBeLessThanOrEqual(1.25 * maxStep(sineFrame(0)));
    expect(next.subarray(80)).toEqual(sineFrame(16).subarray(80));
  });
});

describe("silence", () => {
  it("concealing with no history, or a history of silence, gives silence", () => {
    const fresh = new G711Plc();
    const out = new Int16Array(FRAME).fill(123);
    fresh.conceal(out);
    expect(out.every((v) => v === 0)).toBe(true);

    const played = play(new G711Plc(), 8, new Set([5, 6]), () => new Int16Array(FRAME));
    expect(played.every((v) => v === 0)).toBe(true);
  });

  it("reset() forgets the history", () => {
    const plc = new G711Plc();
    for (let i = 0; i < 5; i++) plc.onGoodFrame(sineFrame(i));
    plc.reset();
    const out = new Int16Array(FRAME);
    plc.conceal(out);
    expect(out.every((v) => v === 0)).toBe(true);
  });
});
