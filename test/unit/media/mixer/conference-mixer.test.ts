/**
 * ConferenceMixer and GainControl, measured on the tones in each output: with the line
 * saying 400 Hz, remote A 1000 Hz and remote B 1800 Hz, each hears the other two at
 * their levels and not itself (its own tone more than 80 dB down); per-input gain in
 * dB changes what the others hear by exactly that much; a muted input disappears; sums
 * over full scale saturate instead of wrapping; a gain change ramps over one frame
 * without a click; a missing frame is silence; bad calls throw. Not covered: the call
 * layer's use in three-way calls.
 */
import { describe, expect, it } from "vitest";
import { dbovToDbm0, sineAmplitudeForDbm0, ToneGenerator, toneDbov } from "../../../../src/dsp/index.js";
import { ConferenceMixer, dbToGain, GainControl, saturate16 } from "../../../../src/media/mixer/index.js";

const LEVEL = -12;
const TONES = { line: 400, a: 1000, b: 1800 } as const;
type Name = keyof typeof TONES;

function sources(levelDbm0 = LEVEL): Record<Name, ToneGenerator> {
  return {
    line: new ToneGenerator([{ frequencyHz: TONES.line, levelDbm0 }]),
    a: new ToneGenerator([{ frequencyHz: TONES.a, levelDbm0 }]),
    b: new ToneGenerator([{ frequencyHz: TONES.b, levelDbm0 }]),
  };
}

/** Runs `frames` frames and returns each participant's output, concatenated. */
function run(mixer: ConferenceMixer, gens: Record<Name, ToneGenerator>, frames: number): Record<Name, Int16Array> {
  const out = { line: new Int16Array(frames * 160), a: new Int16Array(frames * 160), b: new Int16Array(frames * 160) };
  for (let f = 0; f < frames; f++) {
    const heard = mixer.mix({ line: gens.line.next(160), a: gens.a.next(160), b: gens.b.next(160) });
    for (const name of ["line", "a", "b"] as const) out[name].set(heard[name]!, f * 160);
  }
  return out;
}

const level = (signal: Int16Array, hz: number): number => dbovToDbm0(toneDbov(signal, hz));

function threeWay(): ConferenceMixer {
  const mixer = new ConferenceMixer();
  for (const name of ["line", "a", "b"]) mixer.add(name);
  return mixer;
}

describe("ConferenceMixer", () => {
  it("gives everyone the others and never their own voice", () => {
    const out = run(threeWay(), sources(), 25);
    for (const me of ["line", "a", "b"] as const) {
      for (const other of ["line", "a", "b"] as const) {
        const measured = level(out[me], TONES[other]);
        if (other === me) expect(measured).toBeLessThan(LEVEL - 80);
        else expect(measured).toBeCloseTo(LEVEL, 1);
      }
    }
  });

  it("applies each input's gain to what the others hear", () => {
    const mixer = threeWay();
    const gens = sources();
    mixer.setGainDb("a", -6);
    mixer.setGainDb("b", 4);
    run(mixer, gens, 1); // the ramp frame
    const out = run(mixer, gens, 25);
    expect(level(out.line, TONES.a)).toBeCloseTo(LEVEL - 6, 1);
    expect(level(out.line, TONES.b)).toBeCloseTo(LEVEL + 4, 1);
    expect(level(out.b, TONES.a)).toBeCloseTo(LEVEL - 6, 1);
    expect(level(out.a, TONES.line)).toBeCloseTo(LEVEL, 1);
    mixer.setGainDb("a", -200);
    run(mixer, gens, 1);
    const muted = run(mixer, gens, 25);
    expect(level(muted.line, TONES.a)).toBeLessThan(-100);
    expect(level(muted.line, TONES.b)).toBeCloseTo(LEVEL + 4, 1);
  });

  it("saturates sums over full scale instead of wrapping", () => {
    const mixer = threeWay();
    const loud = sources(0);
    const out = run(mixer, loud, 5);
    const peak = sineAmplitudeForDbm0(0);
    // Two in-phase-at-times 0 dBm0 sines reach ~2 × 22 900: clipped at the rails, never wrapped negative.
    expect(Math.max(...out.line)).toBe(32767);
    expect(Math.min(...out.line)).toBe(-32768);
    for (let i = 1; i < out.line.length; i++) expect(Math.abs(out.line[i]! - out.line[i - 1]!)).toBeLessThan(2.2 * peak);
  });

  it("treats a missing frame as silence and rejects bad input", () => {
    const mixer = threeWay();
    const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: LEVEL }]).next(160);
    const out = mixer.mix({ a: tone });
    expect(out.line).toEqual(out.b);
    expect(out.a).toEqual(new Int16Array(160));
    expect(() => mixer.mix({ c: tone })).toThrow(/no participant/);
    expect(() => mixer.mix({ a: new Int16Array(80) })).toThrow(RangeError);
    expect(() => mixer.add("a")).toThrow(/already/);
    mixer.remove("b");
    expect(mixer.names).toEqual(["line", "a"]);
  });
});

describe("GainControl", () => {
  it("ramps to a new gain over one frame without a click", () => {
    const gain = new GainControl(0);
    const gen = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
    const first = gain.process(gen.next(160));
    gain.setGainDb(-20);
    const ramp = gain.process(gen.next(160));
    const after = gain.process(gen.next(160));
    expect(dbovToDbm0(toneDbov(first, 1000))).toBeCloseTo(-10, 1);
    expect(dbovToDbm0(toneDbov(after, 1000))).toBeCloseTo(-30, 1);
    // The envelope falls smoothly from the old level to the new: no 1 kHz period (8 samples)
    // is more than 4 dB below the one before, where a step would drop 20 dB at once.
    const joined = new Int16Array([...first.subarray(152), ...ramp, ...after.subarray(0, 8)]);
    const peaks = Array.from({ length: joined.length / 8 }, (_, p) => Math.max(...joined.subarray(p * 8, p * 8 + 8).map(Math.abs)));
    for (let p = 1; p < peaks.length; p++) {
      expect(peaks[p]!).toBeLessThanOrEqual(peaks[p - 1]! + 1);
      expect(peaks[p]!).toBeGreaterThan(peaks[p - 1]! / 1.6);
    }
    expect(gain.gainDb).toBeCloseTo(-20, 6);
    gain.mute();
    expect(gain.gainDb).toBe(Number.NEGATIVE_INFINITY);
    expect(() => gain.setGainDb(Number.NaN)).toThrow(RangeError);
  });

  it("converts dB and saturates", () => {
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-6)).toBeCloseTo(0.501, 3);
    expect(dbToGain(-96)).toBe(0);
    expect(saturate16(40_000)).toBe(32767);
    expect(saturate16(-40_000)).toBe(-32768);
    expect(saturate16(12.5)).toBe(13);
  });
});
