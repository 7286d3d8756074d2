/**
 * ResponseRateLimiter: a source gets its burst and then one response per
 * refill interval; the global bucket caps many sources together; memory stays
 * bounded by evicting the least recently seen source. Time is a FakeClock.
 * Does not cover the transport's use of it (see udp.test.ts).
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/util/clock.js";
import { ResponseRateLimiter } from "../../../../src/sip/transport/rate-limiter.js";

function allowed(limiter: ResponseRateLimiter, address: string, tries: number): number {
  let count = 0;
  for (let i = 0; i < tries; i++) if (limiter.allow(address)) count++;
  return count;
}

describe("ResponseRateLimiter", () => {
  it("gives one source its burst, then refills at its rate", () => {
    const clock = new FakeClock();
    const limiter = new ResponseRateLimiter(clock, { perSourceBurst: 5, perSourcePerSecond: 2 });
    expect(allowed(limiter, "192.0.2.1", 10_000)).toBe(5);
    clock.advance(499);
    expect(limiter.allow("192.0.2.1")).toBe(false);
    clock.advance(1);
    expect(limiter.allow("192.0.2.1")).toBe(true);
    expect(limiter.allow("192.0.2.1")).toBe(false);
    clock.advance(60_000);
    expect(allowed(limiter, "192.0.2.1", 100)).toBe(5);
  });

  it("does not let one flooding source starve another", () => {
    const clock = new FakeClock();
    const limiter = new ResponseRateLimiter(clock, { perSourceBurst: 3, globalBurst: 100 });
    expect(allowed(limiter, "192.0.2.1", 1000)).toBe(3);
    expect(limiter.allow("192.0.2.2")).toBe(true);
  });

  it("caps all sources together with the global bucket", () => {
    const clock = new FakeClock();
    const limiter = new ResponseRateLimiter(clock, { perSourceBurst: 10, globalBurst: 25, globalPerSecond: 5 });
    let total = 0;
    for (let i = 0; i < 100; i++) total += allowed(limiter, `198.51.100.${i}`, 10);
    expect(total).toBe(25);
    clock.advance(1000);
    expect(allowed(limiter, "203.0.113.9", 10)).toBe(5);
  });

  it("a refused attempt spends no token from the other bucket", () => {
    const clock = new FakeClock();
    const limiter = new ResponseRateLimiter(clock, { perSourceBurst: 1, globalBurst: 2, globalPerSecond: 0 });
    expect(allowed(limiter, "192.0.2.1", 50)).toBe(1);
    expect(limiter.allow("192.0.2.2")).toBe(true);
  });

  it("remembers at most maxSources, forgetting the least recently seen", () => {
    const clock = new FakeClock();
    const limiter = new ResponseRateLimiter(clock, { perSourceBurst: 1, globalBurst: 1e9, maxSources: 100 });
    expect(limiter.allow("10.0.0.0")).toBe(true);
    for (let i = 1; i < 100; i++) limiter.allow(`10.0.0.${i}`);
    expect(limiter.allow("10.0.0.0")).toBe(false); // still remembered, and now the most recent
    for (let i = 0; i < 10_000; i++) limiter.allow(`10.1.${i >> 8}.${i & 255}`);
    expect(limiter.trackedSources).toBe(100);
    expect(limiter.allow("10.0.0.0")).toBe(true); // evicted long ago: a fresh bucket
  });
});
