/**
 * The DSP pieces under the DTMF detector (src/dsp/goertzel-bank.ts, dtmf-tone-notch.ts):
 * the bank's power scale (a sine of amplitude A gives A²/2, the block's windowed power
 * the same for a lone sine), frequency read from the phase advance between two blocks to
 * a fraction of a hertz where the bin is 62.5 Hz wide, the window's off-frequency gain,
 * a harmonic's power in the last block; and the notch: deep at its frequencies, close to
 * 0 dB at every DTMF frequency, its computed gain matching the measured one.
 */
import { describe, expect, it } from "vitest";
import { DTMF_HIGH_HZ, DTMF_LOW_HZ, DtmfToneNotch, GoertzelBank, phaseOffsetHz, type GoertzelValue } from "../../../../src/dsp/index.js";
import { sine } from "../../../support/signals.js";

const values = (n: number): GoertzelValue[] => Array.from({ length: n }, () => ({ re: 0, im: 0 }));

describe("GoertzelBank", () => {
  it("measures a sine's power as A²/2 and the block's windowed power alike", () => {
    const bank = new GoertzelBank([697, 1209], 128);
    const out = values(2);
    const total = bank.analyse(sine(128, { frequencyHz: 697, amplitude: 10000 }), 0, out);
    expect(bank.power(out[0]!) / 5e7).toBeCloseTo(1, 2);
    expect(total / 5e7).toBeCloseTo(1, 1);
    expect(bank.power(out[1]!) / 5e7).toBeLessThan(1e-4);
  });

  it("reads a tone's frequency from the phase advance over one hop, to 0.2 Hz", () => {
    const bank = new GoertzelBank([941], 128);
    for (const trueHz of [941 * 0.965, 941 * 0.985, 941, 941 * 1.015, 941 * 1.035]) {
      const signal = sine(160, { frequencyHz: trueHz, amplitude: 3000, phaseRad: 1 });
      const [a, b] = [values(1), values(1)];
      bank.analyse(signal, 0, a);
      bank.analyse(signal, 32, b);
      expect(Math.abs(941 + phaseOffsetHz(a[0]!, b[0]!, 941, 32) - trueHz), `${trueHz}`).toBeLessThan(0.2);
    }
  });

  it("gives the window's gain off frequency, matching what a shifted sine measures", () => {
    const bank = new GoertzelBank([1336], 128);
    const out = values(1);
    for (const offsetHz of [0, 10, 20, 40]) {
      bank.analyse(sine(128, { frequencyHz: 1336 + offsetHz, amplitude: 8000 }), 0, out);
      expect(bank.power(out[0]!) / 3.2e7 / bank.offsetGain(offsetHz), `${offsetHz} Hz`).toBeCloseTo(1, 1);
    }
    expect(bank.offsetGain(0)).toBeCloseTo(1, 6);
  });

  it("measures a harmonic's power in the block last analysed", () => {
    const bank = new GoertzelBank([770], 128);
    const fundamental = sine(128, { frequencyHz: 770, amplitude: 8000 });
    const second = sine(128, { frequencyHz: 1540, amplitude: 4000 });
    bank.analyse(Int16Array.from(fundamental, (x, i) => x + second[i]!), 0, values(1));
    expect(10 * Math.log10(bank.powerInLastBlock(1540) / 3.2e7)).toBeCloseTo(-6, 0);
  });

  it("rejects a block too short to analyse", () => {
    expect(() => new GoertzelBank([697], 4)).toThrow(RangeError);
  });
});

describe("DtmfToneNotch", () => {
  const rmsAfter = (notch: DtmfToneNotch, frequencyHz: number): number => {
    const input = sine(8000, { frequencyHz, amplitude: 10000 });
    let sum = 0;
    for (let i = 0; i < input.length; i++) {
      const y = notch.process(input[i]!);
      if (i >= 4000) sum += y * y;
    }
    return Math.sqrt(sum / 4000) / (10000 / Math.SQRT2);
  };

  it("takes a dial tone out by 30 dB or more and leaves every DTMF frequency within 0.6 dB", () => {
    const notch = new DtmfToneNotch([350, 440]);
    expect(20 * Math.log10(rmsAfter(notch, 350))).toBeLessThan(-30);
    expect(20 * Math.log10(rmsAfter(new DtmfToneNotch([350, 440]), 440))).toBeLessThan(-30);
    for (const f of [...DTMF_LOW_HZ, ...DTMF_HIGH_HZ]) {
      const measured = rmsAfter(new DtmfToneNotch([350, 440]), f) ** 2;
      expect(Math.abs(10 * Math.log10(measured)), `${f} Hz`).toBeLessThan(0.6);
      expect(measured / notch.powerGain(f), `${f} Hz`).toBeCloseTo(1, 1);
    }
  });
});
