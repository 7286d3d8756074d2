/**
 * RFC 2782 SRV ordering: priorities strictly ascending, weights as selection
 * probabilities (checked over many draws from a seeded generator), zero weights
 * last unless the draw is exactly 0. Not covered: DNS lookups (locator.test.ts).
 */
import { describe, expect, it } from "vitest";
import type { SrvRecord } from "../../../../src/sip/locate/resolver.js";
import { orderSrv } from "../../../../src/sip/locate/srv-order.js";

const srv = (name: string, priority: number, weight: number): SrvRecord => ({ name, priority, weight, port: 5060 });

/** A small deterministic generator (mulberry32) so the statistics are the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("orderSrv", () => {
  it("puts every lower priority before any higher one, whatever the weights", () => {
    const random = seeded(1);
    for (let i = 0; i < 50; i++) {
      const order = orderSrv([srv("c", 30, 100), srv("a", 10, 0), srv("b", 20, 100), srv("a2", 10, 5)], random);
      expect(order.map((r) => r.priority)).toEqual([10, 10, 20, 30]);
    }
  });

  it("picks the first record in proportion to its weight", () => {
    const random = seeded(42);
    const records = [srv("light", 1, 1), srv("heavy", 1, 3)];
    let heavyFirst = 0;
    const draws = 4000;
    for (let i = 0; i < draws; i++) if (orderSrv(records, random)[0]!.name === "heavy") heavyFirst++;
    // RFC 2782 draws an integer in [0, sum] inclusive: light wins on 0 and 1, heavy on 2, 3, 4, so 3/5.
    expect(heavyFirst / draws).toBeGreaterThan(0.55);
    expect(heavyFirst / draws).toBeLessThan(0.65);
  });

  it("gives a zero-weight record the first place only on a zero draw", () => {
    const records = [srv("weighted", 1, 10), srv("zero", 1, 0)];
    expect(orderSrv(records, () => 0).map((r) => r.name)).toEqual(["zero", "weighted"]);
    expect(orderSrv(records, () => 0.1).map((r) => r.name)).toEqual(["weighted", "zero"]);
  });

  it("keeps every record exactly once and leaves the input alone", () => {
    const records = [srv("a", 1, 5), srv("b", 1, 5), srv("c", 2, 0), srv("d", 1, 0)];
    const copy = records.map((r) => ({ ...r }));
    const order = orderSrv(records, seeded(7));
    expect(order.map((r) => r.name).sort()).toEqual(["a", "b", "c", "d"]);
    expect(records).toEqual(copy);
    expect(orderSrv([], Math.random)).toEqual([]);
  });
});
