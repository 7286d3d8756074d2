/**
 * The pure schedule functions: the refresh rule (half a short grant, grant − 64 s
 * for a long one, never under 1 s), RFC 5626 §4.5 backoff bounds, and the
 * 80–100 % keep-alive spread, including out-of-range random values.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_BACKOFF, backoffDelayMs, keepAliveDelayMs, refreshDelayMs } from "../../../../src/sip/registration/timing.js";

describe("refreshDelayMs", () => {
  it.each([
    [1, 1_000],
    [10, 5_000],
    [60, 30_000],
    [128, 64_000],
    [129, 65_000],
    [300, 236_000],
    [3600, 3_536_000],
  ])("a grant of %i s is refreshed after %i ms", (grantSec, delayMs) => {
    expect(refreshDelayMs(grantSec)).toBe(delayMs);
  });
});

describe("backoffDelayMs", () => {
  it("is min(max, base · 2^n) scaled to 50–100 %", () => {
    expect(backoffDelayMs(1, () => 0, DEFAULT_BACKOFF)).toBe(30_000);
    expect(backoffDelayMs(1, () => 1, DEFAULT_BACKOFF)).toBe(60_000);
    expect(backoffDelayMs(3, () => 1, DEFAULT_BACKOFF)).toBe(240_000); // the RFC's own example
    expect(backoffDelayMs(6, () => 1, DEFAULT_BACKOFF)).toBe(1_800_000);
    expect(backoffDelayMs(10_000, () => 0.5, DEFAULT_BACKOFF)).toBe(1_350_000);
  });

  it("keeps to the bounds whatever the random source returns", () => {
    expect(backoffDelayMs(2, () => -3, DEFAULT_BACKOFF)).toBe(60_000);
    expect(backoffDelayMs(2, () => 7, DEFAULT_BACKOFF)).toBe(120_000);
    expect(backoffDelayMs(2, () => Number.NaN, DEFAULT_BACKOFF)).toBe(120_000);
  });

  it("uses the configured base and maximum", () => {
    expect(backoffDelayMs(2, () => 1, { baseMs: 90_000, maxMs: 300_000 })).toBe(300_000);
  });
});

describe("keepAliveDelayMs", () => {
  it("spreads the interval over 80–100 %", () => {
    expect(keepAliveDelayMs(30_000, () => 0)).toBe(24_000);
    expect(keepAliveDelayMs(30_000, () => 0.5)).toBe(27_000);
    expect(keepAliveDelayMs(30_000, () => 1)).toBe(30_000);
  });
});
