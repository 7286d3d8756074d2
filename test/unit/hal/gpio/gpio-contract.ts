/**
 * The GPIO backend contract (hal/gpio/gpio.ts) as checks any backend's test can run:
 *   describeGpioContract("cdev", () => harness)
 * The harness gives the backend and the world outside one chip's pins (drive an input,
 * hold a line from "another process"). Covers chip lookup, request errors, levels,
 * direction misuse, edges and their filtering, release and close. Does not cover how a
 * backend reaches the hardware (each backend's own test does).
 */
import { describe, expect, it } from "vitest";
import type { GpioBackend, GpioEdgeEvent } from "../../../../hal/gpio/gpio.js";
import type { FakeClock } from "../../../../src/util/clock.js";

export interface GpioHarness {
  readonly backend: GpioBackend;
  readonly clock: FakeClock;
  /** A chip present, and how many lines it has. */
  readonly label: string;
  readonly lines: number;
  /** The outside world drives an input to `high` now. */
  drive(offset: number, high: boolean): void;
  holdElsewhere(offset: number): void;
}

export function describeGpioContract(name: string, make: () => GpioHarness): void {
  describe(`GPIO contract: ${name}`, () => {
    const chipOf = (h: GpioHarness) => {
      const chip = h.backend.openChip(h.label);
      if (!chip.ok) throw chip.error;
      return chip.value;
    };
    const request = (h: GpioHarness, ...args: Parameters<ReturnType<typeof chipOf>["request"]>) => {
      const line = chipOf(h).request(...args);
      if (!line.ok) throw line.error;
      return line.value;
    };

    it("finds chips by label and names the labels present when one is missing", () => {
      const h = make();
      expect(h.backend.labels()).toContain(h.label);
      expect(chipOf(h).lineCount).toBe(h.lines);
      const missing = h.backend.openChip("no-such-chip");
      expect(missing.ok).toBe(false);
      if (!missing.ok) {
        expect(missing.error.code).toBe("chip-not-found");
        expect(missing.error.message).toContain(h.label);
      }
    });

    it("refuses an offset past the chip, a line already taken here, and one held by another process", () => {
      const h = make();
      const chip = chipOf(h);
      const past = chip.request(h.lines, { direction: "output", initialHigh: false });
      expect(!past.ok && past.error.code).toBe("line-out-of-range");
      expect(chip.request(3, { direction: "output", initialHigh: false }).ok).toBe(true);
      const again = chip.request(3, { direction: "input", edge: "both", bias: "as-is" });
      expect(!again.ok && again.error.code).toBe("line-busy");
      h.holdElsewhere(4);
      const elsewhere = chip.request(4, { direction: "input", edge: "none", bias: "as-is" });
      expect(!elsewhere.ok && elsewhere.error.code).toBe("line-busy");
    });

    it("drives an output from its initial level and reads back what it drives", () => {
      const h = make();
      const high = request(h, 5, { direction: "output", initialHigh: true });
      const low = request(h, 6, { direction: "output", initialHigh: false });
      expect([high.readHigh(), low.readHigh()]).toEqual([true, false]);
      high.writeHigh(false);
      low.writeHigh(true);
      expect([high.readHigh(), low.readHigh()]).toEqual([false, true]);
    });

    it("refuses to write an input and to watch an output or an input without edge detection", () => {
      const h = make();
      const input = request(h, 7, { direction: "input", edge: "none", bias: "pull-down" });
      const output = request(h, 8, { direction: "output", initialHigh: false });
      expect(() => input.writeHigh(true)).toThrow(expect.objectContaining({ code: "not-output" }));
      expect(() => output.onEdge(() => undefined)).toThrow(expect.objectContaining({ code: "no-edge-detection" }));
      expect(() => input.onEdge(() => undefined)).toThrow(expect.objectContaining({ code: "no-edge-detection" }));
    });

    it("reads an input's level and reports the edges asked for, in order, stamped no later than now", () => {
      const h = make();
      const both = request(h, 9, { direction: "input", edge: "both", bias: "as-is" });
      const rising = request(h, 10, { direction: "input", edge: "rising", bias: "as-is" });
      const seen: (GpioEdgeEvent & { line: number })[] = [];
      both.onEdge((e) => seen.push({ ...e, line: 9 }));
      rising.onEdge((e) => seen.push({ ...e, line: 10 }));
      h.clock.advance(10);
      h.drive(9, true);
      h.drive(10, true);
      h.clock.advance(10);
      h.drive(9, false);
      h.drive(10, false);
      expect(both.readHigh()).toBe(false);
      expect(seen.map((e) => [e.line, e.high])).toEqual([[9, true], [10, true], [9, false]]);
      for (const e of seen) expect(e.atMs).toBeLessThanOrEqual(h.clock.now());
      expect(seen[2]!.atMs - seen[0]!.atMs).toBe(10);
    });

    it("stops a released line: no more edges, and reading or writing it throws; release is idempotent and frees it", () => {
      const h = make();
      const input = request(h, 11, { direction: "input", edge: "both", bias: "as-is" });
      const output = request(h, 12, { direction: "output", initialHigh: false });
      const seen: boolean[] = [];
      input.onEdge((e) => seen.push(e.high));
      input.release();
      input.release();
      output.release();
      h.drive(11, true);
      expect(seen).toEqual([]);
      expect(() => input.readHigh()).toThrow(expect.objectContaining({ code: "released" }));
      expect(() => output.writeHigh(true)).toThrow(expect.objectContaining({ code: "released" }));
      expect(chipOf(h).request(11, { direction: "input", edge: "none", bias: "as-is" }).ok).toBe(true);
    });

    it("releases every line still requested when the backend closes", () => {
      const h = make();
      const a = request(h, 13, { direction: "output", initialHigh: true });
      const b = request(h, 14, { direction: "input", edge: "both", bias: "as-is" });
      h.backend.close();
      expect(() => a.readHigh()).toThrow(expect.objectContaining({ code: "released" }));
      expect(() => b.readHigh()).toThrow(expect.objectContaining({ code: "released" }));
    });
  });
}
