/**
 * InbandDtmfGenerator: every key gives its two ITU-T Q.23 frequencies at −8 dBm0 (low
 * group) and −6 dBm0 (high group) and nothing else of note, for 100 ms then 70 ms of
 * silence; digits queue back to back; samples after the last digit are left alone;
 * frames of any size line up; flash and unknown keys are refused. spandsp's receiver,
 * an independent implementation, decodes "0123456789*#ABCD" from our audio, also
 * after G.711 μ-law, each digit at the same place as spandsp's own generator's. Not covered: the session wiring
 * (test/unit/media/session/digits.test.ts).
 */
import { describe, expect, it } from "vitest";
import { dbovToDbm0, goertzelPower, rms, toneDbov } from "../../../../src/dsp/index.js";
import { decodeUlaw, encodeUlaw } from "../../../../src/media/codec/index.js";
import { dtmfFrequencies, InbandDtmfGenerator } from "../../../../src/media/dtmf/index.js";
import { SpandspDtmf } from "../../line/dtmf/spandsp-dtmf.js";

const KEYS = "0123456789*#ABCD";
const ALL_HZ = [697, 770, 852, 941, 1209, 1336, 1477, 1633];

function render(generator: InbandDtmfGenerator, samples: number, frame = 160, fill = 0): Int16Array {
  const out = new Int16Array(samples).fill(fill);
  for (let at = 0; at < samples; at += frame) generator.render(out.subarray(at, Math.min(samples, at + frame)));
  return out;
}

describe("InbandDtmfGenerator", () => {
  it("plays each key as its Q.23 pair at −8/−6 dBm0 for 100 ms, then 70 ms of silence", () => {
    for (const key of KEYS) {
      const generator = new InbandDtmfGenerator();
      expect(generator.enqueue(key).ok).toBe(true);
      const out = render(generator, 1600);
      const { lowHz, highHz } = dtmfFrequencies(key)!;
      const tone = out.subarray(0, 800);
      expect(dbovToDbm0(toneDbov(tone, lowHz))).toBeCloseTo(-8, 1);
      expect(dbovToDbm0(toneDbov(tone, highHz))).toBeCloseTo(-6, 1);
      for (const other of ALL_HZ.filter((f) => f !== lowHz && f !== highHz)) expect(dbovToDbm0(toneDbov(tone, other))).toBeLessThan(-40);
      expect(rms(out.subarray(800, 1360))).toBe(0);
      expect(generator.active).toBe(false);
    }
  });

  it("queues digits back to back and leaves the audio after them alone", () => {
    const generator = new InbandDtmfGenerator({ gapMs: 50 });
    generator.enqueue("1", 60);
    generator.enqueue("9", 40);
    const out = render(generator, 2400, 100, 1234);
    // 1: 480 tone + 400 gap; 9: 320 tone + 400 gap; then untouched.
    expect(goertzelPower(out.subarray(0, 480), 1209)).toBeGreaterThan(1e6);
    expect(rms(out.subarray(480, 880))).toBe(0);
    expect(goertzelPower(out.subarray(880, 1200), 1477)).toBeGreaterThan(1e6);
    expect(rms(out.subarray(1200, 1600))).toBe(0);
    expect(out.subarray(1600).every((s) => s === 1234)).toBe(true);
    generator.enqueue("5");
    generator.clear();
    expect(generator.active).toBe(false);
  });

  it("refuses keys without a tone", () => {
    const generator = new InbandDtmfGenerator();
    expect(generator.enqueue("flash").ok).toBe(false);
    expect(generator.enqueue("E").ok).toBe(false);
    expect(generator.enqueue("1", 0).ok).toBe(false);
    expect(generator.active).toBe(false);
  });

  it("is decoded by spandsp, straight and through G.711", () => {
    const generator = new InbandDtmfGenerator();
    for (const key of KEYS) generator.enqueue(key);
    const samples = KEYS.length * 170 * 8 + 800;
    const audio = render(generator, samples);
    const codes = new Uint8Array(samples);
    encodeUlaw(audio, codes);
    const companded = new Int16Array(samples);
    decodeUlaw(codes, companded);
    const spandsp = new SpandspDtmf();
    try {
      checkAgainst(spandsp, audio, companded);
    } finally {
      spandsp.close();
    }
  });
});

/** spandsp hears `signals` as KEYS, each digit where it hears its own generator's at the same timing. */
function checkAgainst(spandsp: SpandspDtmf, ...signals: Int16Array[]): void {
  const reference = spandsp.receive(spandsp.transmit(KEYS, { levelDbm0: -8, twistDb: 2, onMs: 100, offMs: 70 }));
  expect(reference.map((d) => d.digit).join("")).toBe(KEYS);
  for (const signal of signals) {
    const heard = spandsp.receive(signal);
    expect(heard.map((d) => d.digit).join("")).toBe(KEYS);
    heard.forEach((d, i) => {
      expect(Math.abs(d.startSample - reference[i]!.startSample)).toBeLessThanOrEqual(160);
      expect(Math.abs(d.endSample - reference[i]!.endSample)).toBeLessThanOrEqual(160);
    });
  }
}
