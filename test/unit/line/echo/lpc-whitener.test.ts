/**
 * The echo canceller's decorrelation filter (src/line/echo/lpc-whitener.ts) on signals of
 * known spectrum: an AR(1) process is whitened back to its innovation, white noise is left
 * alone, silence keeps the previous filter. What whitening does for convergence is
 * measured in line-echo-canceller.test.ts and the bench.
 */
import { describe, expect, it } from "vitest";
import { LpcWhitener } from "../../../../src/line/echo/lpc-whitener.js";
import { gaussian } from "../../../support/echo/hybrid.js";

/** Innovation w (σ = 1000) and the AR(1) process x[n] = pole·x[n−1] + w[n]. */
function ar1(length: number, pole: number): { innovation: Float64Array; signal: Int16Array } {
  const next = gaussian(3);
  const innovation = Float64Array.from({ length }, () => 1000 * next());
  const signal = new Int16Array(length);
  let previous = 0;
  for (let n = 0; n < length; n++) {
    previous = pole * previous + innovation[n]!;
    signal[n] = Math.round(previous);
  }
  return { innovation, signal };
}

/** Feeds `signal` in 20 ms frames; returns the filter output (with history kept across frames). */
function whiten(whitener: LpcWhitener, signal: Int16Array): Float64Array {
  const out = new Float64Array(signal.length);
  const history = new Float64Array(signal.length + 16);
  for (let at = 0; at + 160 <= signal.length; at += 160) {
    whitener.update(signal.subarray(at, at + 160));
    for (let n = at; n < at + 160; n++) {
      // history[p + k] = s[n − k], newest first, built from the end of the buffer.
      const p = signal.length - 1 - n;
      history[p] = signal[n]!;
      out[n] = whitener.filter(history, p);
    }
  }
  return out;
}

const meanSquare = (x: ArrayLike<number>, from: number): number => {
  let sum = 0;
  for (let i = from; i < x.length; i++) sum += x[i]! ** 2;
  return sum / (x.length - from);
};

describe("LpcWhitener", () => {
  it("turns an AR(1) process back into its innovation (within 1 dB), a₁ ≈ −pole", () => {
    const { innovation, signal } = ar1(16000, 0.9);
    const whitener = new LpcWhitener(320);
    const out = whiten(whitener, signal);
    expect(whitener.coefficients[1]).toBeGreaterThan(-0.95);
    expect(whitener.coefficients[1]).toBeLessThan(-0.8);
    expect(Math.abs(10 * Math.log10(meanSquare(out, 1600) / meanSquare(innovation, 1600)))).toBeLessThan(1);
    // The input was 7 dB louder than its innovation (1/(1 − 0.81)).
    expect(10 * Math.log10(meanSquare(signal, 1600) / meanSquare(out, 1600))).toBeGreaterThan(6);
  });

  it("leaves white noise nearly as it is", () => {
    const { signal } = ar1(8000, 0);
    const whitener = new LpcWhitener(320);
    const out = whiten(whitener, signal);
    expect(Math.abs(10 * Math.log10(meanSquare(out, 800) / meanSquare(signal, 800)))).toBeLessThan(0.5);
  });

  it("over silence keeps the filter last fitted to sound (no NaN, no fall back to flat)", () => {
    const whitener = new LpcWhitener(320);
    whitener.update(ar1(320, 0.9).signal);
    // Two silent frames push the sound out of the analysis window; the memory still holds it.
    whitener.update(new Int16Array(160));
    whitener.update(new Int16Array(160));
    const fitted = Array.from(whitener.coefficients);
    expect(fitted[1]).toBeLessThan(-0.5);
    for (let i = 0; i < 100; i++) whitener.update(new Int16Array(160));
    Array.from(whitener.coefficients).forEach((a, k) => expect(a).toBeCloseTo(fitted[k]!, 9));
  });
});
