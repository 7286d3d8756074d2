/**
 * Our DTMF detector (src/dsp/dtmf-detector.ts) at each ITU-T Q.24 boundary, on tones made
 * with ToneGenerator: all 16 keys; frequency error ±1.5 % accepted, ±3.5 % rejected (each
 * tone alone and both together); twist −8 dB (high tone below) and +4 dB (high tone above)
 * accepted; −25 dBm0 per tone accepted, −35 rejected; 40 ms accepted and 20 ms rejected
 * at every start phase; a 10 ms interruption bridged, a 40 ms pause splitting; start and
 * duration reported; ±1.5 % at −25 dBm0 in noise. Cross-checks with spandsp and talk-off are in their own files.
 */
import { describe, expect, it } from "vitest";
import { DtmfDetector, ToneGenerator, dtmfPosition, DTMF_HIGH_HZ, DTMF_LOW_HZ, type DtmfEvent } from "../../../../src/dsp/index.js";
import { concat } from "../../../support/signals.js";
import { presses } from "./dtmf-signals.js";

const KEYS = "123A456B789C*0#D";

function ends(audio: Int16Array): Array<Extract<DtmfEvent, { type: "end" }>> {
  const detector = new DtmfDetector();
  const events = [...detector.process(audio), ...detector.flush()];
  return events.filter((e): e is Extract<DtmfEvent, { type: "end" }> => e.type === "end");
}

function keys(audio: Int16Array): string {
  return ends(audio).map((e) => e.key).join("");
}

/** A key with each tone at its own relative frequency error and level. */
function offTone(key: string, o: { lowError: number; highError: number; lowDbm0: number; highDbm0: number; ms: number }): Int16Array {
  const { row, column } = dtmfPosition(key)!;
  const tone = new ToneGenerator([
    { frequencyHz: DTMF_LOW_HZ[row]! * (1 + o.lowError), levelDbm0: o.lowDbm0 },
    { frequencyHz: DTMF_HIGH_HZ[column]! * (1 + o.highError), levelDbm0: o.highDbm0 },
  ]).next(o.ms * 8);
  return concat([new Int16Array(400), tone, new Int16Array(800)]);
}

describe("DtmfDetector: ITU-T Q.24 acceptance", () => {
  it("reports all 16 keys once each, with start and duration within a few ms", () => {
    const audio = presses([...KEYS].map((key) => ({ key, onMs: 60, offMs: 60 })), 50);
    const found = ends(audio);
    expect(found.map((e) => e.key).join("")).toBe(KEYS);
    found.forEach((e, i) => {
      expect(e.startSample / 8).toBeGreaterThan(50 + 120 * i - 5);
      expect(e.startSample / 8).toBeLessThan(50 + 120 * i + 5);
      expect(e.durationSamples / 8).toBeGreaterThan(52);
      expect(e.durationSamples / 8).toBeLessThan(66);
    });
  });

  it("accepts ±1.5 % frequency error on either tone or both, at −25 dBm0 per tone", () => {
    for (const key of KEYS) {
      for (const [lowError, highError] of [[0.015, 0.015], [-0.015, -0.015], [0.015, -0.015], [-0.015, 0.015]] as const) {
        expect(keys(offTone(key, { lowError, highError, lowDbm0: -25, highDbm0: -25, ms: 60 })), `${key} ${lowError}/${highError}`).toBe(key);
      }
    }
  });

  it("accepts ±1.5 % at −25 dBm0 per tone in white noise 20 dB below the pair", () => {
    let seed = 12345;
    const noise = (): number => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed / 2 ** 32 - 0.5;
    };
    for (const key of KEYS) {
      const clean = offTone(key, { lowError: 0.015, highError: -0.015, lowDbm0: -25, highDbm0: -25, ms: 50 });
      // Uniform noise of RMS A/√12; A chosen for −42 dBm0 (sine at −25 dBm0 each: pair at −22).
      const amplitude = 32768 * 10 ** ((-42 - 3.14 - 3.01) / 20) * Math.sqrt(12);
      const noisy = Int16Array.from(clean, (x) => x + Math.round(amplitude * noise()));
      expect(keys(noisy), key).toBe(key);
    }
  });

  it("rejects ±3.5 % frequency error on either tone, even at −5 dBm0", () => {
    for (const key of KEYS) {
      for (const [lowError, highError] of [[0.035, 0], [-0.035, 0], [0, 0.035], [0, -0.035], [0.035, 0.035], [-0.035, -0.035]] as const) {
        expect(keys(offTone(key, { lowError, highError, lowDbm0: -5, highDbm0: -5, ms: 80 })), `${key} ${lowError}/${highError}`).toBe("");
      }
    }
  });

  it("accepts twist from −8 dB (high tone below the low) to +4 dB (high tone above), weaker tone at −25 dBm0", () => {
    for (const key of KEYS) {
      expect(keys(offTone(key, { lowError: 0, highError: 0, lowDbm0: -17, highDbm0: -25, ms: 50 }))).toBe(key);
      expect(keys(offTone(key, { lowError: 0, highError: 0, lowDbm0: -25, highDbm0: -21, ms: 50 }))).toBe(key);
    }
  });

  it("rejects twist beyond its limits (−11 dB, +7 dB)", () => {
    expect(keys(offTone("5", { lowError: 0, highError: 0, lowDbm0: -5, highDbm0: -16, ms: 60 }))).toBe("");
    expect(keys(offTone("5", { lowError: 0, highError: 0, lowDbm0: -12, highDbm0: -5, ms: 60 }))).toBe("");
  });

  it("accepts levels from −25 to +1 dBm0 per tone and rejects −35", () => {
    for (const level of [-25, -15, -5, 1]) expect(keys(offTone("8", { lowError: 0, highError: 0, lowDbm0: level, highDbm0: level, ms: 50 }))).toBe("8");
    expect(keys(offTone("8", { lowError: 0, highError: 0, lowDbm0: -35, highDbm0: -35, ms: 200 }))).toBe("");
  });

  it("accepts 40 ms and rejects 20 ms at every start phase within a hop, at −25 and 0 dBm0", () => {
    for (const level of [-25, 0]) {
      for (let lead = 0; lead < 40; lead += 3) {
        for (const key of ["1", "0", "D"]) {
          const shifted = (ms: number): Int16Array => offTone(key, { lowError: 0, highError: 0, lowDbm0: level, highDbm0: level, ms }).subarray(400 - lead);
          expect(keys(shifted(40)), `${key} 40 ms, lead ${lead}, ${level} dBm0`).toBe(key);
          expect(keys(shifted(20)), `${key} 20 ms, lead ${lead}, ${level} dBm0`).toBe("");
        }
      }
    }
  });

  it("bridges a 10 ms interruption (phase kept or not) and splits at a 40 ms pause", () => {
    const generator = new ToneGenerator([{ frequencyHz: 852, levelDbm0: -12 }, { frequencyHz: 1477, levelDbm0: -10 }]);
    const continuous = concat([new Int16Array(400), generator.next(400), new Int16Array(80), generator.next(80).fill(0), generator.next(400), new Int16Array(800)]);
    expect(keys(continuous)).toBe("9");
    expect(keys(presses([{ key: "9", onMs: 50, offMs: 10 }, { key: "9", onMs: 50, offMs: 100 }]))).toBe("9");
    expect(keys(presses([{ key: "9", onMs: 50, offMs: 40 }, { key: "9", onMs: 50, offMs: 100 }]))).toBe("99");
  });

  it("ends a press at a change of key without a pause", () => {
    expect(keys(presses([{ key: "4", onMs: 60, offMs: 0 }, { key: "B", onMs: 60, offMs: 100 }]))).toBe("4B");
  });

  it("gives begin before end, and flush ends a press that had begun", () => {
    const detector = new DtmfDetector();
    const events = detector.process(presses([{ key: "#", onMs: 300, offMs: 0 }]).subarray(0, 8 * 200));
    expect(events).toEqual([{ type: "begin", key: "#", startSample: expect.any(Number) }]);
    const [end] = detector.flush();
    expect(end).toMatchObject({ type: "end", key: "#" });
    expect(detector.flush()).toEqual([]);
  });
});
