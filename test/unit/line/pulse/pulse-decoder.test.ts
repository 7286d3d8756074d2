/**
 * Rotary dialing end to end through LoopMonitor (debouncer → hook filter → pulse
 * decoder) on FakeClock-timed raw edges with contact bounce: every digit under every
 * region map (standard, New Zealand reversed, Sweden 0 = 1 pulse) at 8–22 pulses per
 * second and 50–72 % break; the timing tables of real dials (10 pps 60/40, 20 pps 66/33);
 * measured rate and ratio; "pulsing" bracketing each digit; a flash and an on-hook after
 * dialing told apart from pulses; more than 10 pulses reported as no digit.
 */
import { describe, expect, it } from "vitest";
import { LoopMonitor } from "../../../../src/line/hook/loop-monitor.js";
import { PULSE_DIGIT_MAPS, pulseDigitMapFor, type PulseDigitMapName } from "../../../../src/line/pulse/digit-maps.js";
import type { PulseDigit } from "../../../../src/line/pulse/pulse-decoder.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { EdgeLine, bouncy, dialEdges, type Dial } from "../timed-edges.js";

function setup(map: PulseDigitMapName = "standard") {
  const clock = new FakeClock();
  const line = new EdgeLine(clock, "off");
  const events: string[] = [];
  const digits: PulseDigit[] = [];
  const monitor = new LoopMonitor(line, clock, {
    onOffHook: (at) => events.push(`off@${at}`),
    onOnHook: (at) => events.push(`on@${at}`),
    onFlash: (at, ms) => events.push(`flash@${at}+${ms}`),
    onPulsing: (active, at) => events.push(`${active ? "pulsing" : "idle"}@${Math.round(at)}`),
    onPulseDigit: (d) => {
      digits.push(d);
      events.push(`digit ${d.digit}`);
    },
  }, { digitMap: map });
  return { clock, line, events, digits, monitor };
}

/** Pulse counts that dial `digits` under `map`. */
function trainsFor(map: PulseDigitMapName, digits: string): number[] {
  return [...digits].map((d) => PULSE_DIGIT_MAPS[map].indexOf(d) + 1);
}

describe("pulse dialing", () => {
  const rates = [8, 10, 12, 16, 20, 22];
  const ratios = [0.5, 0.6, 0.66, 0.72];

  for (const map of ["standard", "newZealand", "sweden"] as const) {
    it(`decodes 1234567890 under the ${map} map at 8–22 pps and 50–72 % break, with 3 ms bounce`, () => {
      for (const pps of rates) {
        for (const breakRatio of ratios) {
          const { line, digits, events } = setup(map);
          const dial: Dial = { pulsesPerSecond: pps, breakRatio, interdigitMs: Math.max(200, 3000 / pps), bounceMs: 3 };
          const { edges, endMs } = dialEdges(trainsFor(map, "1234567890"), dial, 1000);
          line.play(edges, endMs + 1000);
          const label = `${map} ${pps} pps ${breakRatio}`;
          expect(digits.map((d) => d.digit).join(""), label).toBe("1234567890");
          expect(events.filter((e) => e.startsWith("flash") || e.startsWith("on@")), label).toEqual([]);
          for (const d of digits.filter((x) => x.pulses > 2)) {
            expect(d.pulsesPerSecond!, label).toBeGreaterThan(pps * 0.97);
            expect(d.pulsesPerSecond!, label).toBeLessThan(pps * 1.03);
            expect(Math.abs(d.breakRatio! - breakRatio), label).toBeLessThan(0.03);
          }
        }
      }
    });
  }

  it("real dial tables: 10 pps 60/40 and 20 pps 66/33 with 5 ms bounce, interdigit 700 and 350 ms", () => {
    for (const [dial, number] of [
      [{ pulsesPerSecond: 10, breakRatio: 0.6, interdigitMs: 700, bounceMs: 5 }, "0800123456"],
      [{ pulsesPerSecond: 20, breakRatio: 0.66, interdigitMs: 350, bounceMs: 5 }, "5550199"],
    ] as const) {
      const { line, digits } = setup();
      const { edges, endMs } = dialEdges(trainsFor("standard", number), dial, 500);
      line.play(edges, endMs + 500);
      expect(digits.map((d) => d.digit).join("")).toBe(number);
    }
  });

  it("brackets each digit with pulsing on (at its first break) and off (when the pause is long enough)", () => {
    const { line, events } = setup();
    const { edges } = dialEdges([2, 1], { pulsesPerSecond: 10, breakRatio: 0.6, interdigitMs: 500, bounceMs: 0 }, 1000);
    line.play(edges, 3000);
    // 2: breaks at 1000 and 1100, last make at 1160; 1: break at 1660, make at 1720.
    expect(events).toEqual(["pulsing@1000", "digit 2", "idle@1260", "pulsing@1660", "digit 1", "idle@1860"]);
  });

  it("tells a flash after a digit from a pulse, and an on-hook after dialing from a pulse", () => {
    const { line, events } = setup();
    const { edges, endMs } = dialEdges([3], { pulsesPerSecond: 10, breakRatio: 0.6, interdigitMs: 400, bounceMs: 2 }, 1000);
    line.play([...edges, ...bouncy("on", endMs, 2), ...bouncy("off", endMs + 400, 2)], endMs + 1000);
    expect(events.filter((e) => !e.startsWith("pulsing") && !e.startsWith("idle"))).toEqual(["digit 3", `flash@${endMs}+400`]);
    line.play(bouncy("on", endMs + 2000, 2), endMs + 4000);
    expect(events.filter((e) => e.startsWith("on@"))).toEqual([`on@${endMs + 2000}`]);
    expect(events.at(-1)).toBe(`on@${endMs + 2000}`);
  });

  it("reports more than ten pulses as a train without a digit", () => {
    const { line, digits } = setup();
    const { edges, endMs } = dialEdges([12], { pulsesPerSecond: 10, breakRatio: 0.6, interdigitMs: 300, bounceMs: 0 }, 1000);
    line.play(edges, endMs + 500);
    expect(digits).toMatchObject([{ digit: undefined, pulses: 12 }]);
  });

  it("picks the map from the region", () => {
    expect(pulseDigitMapFor("nz")).toBe("newZealand");
    expect(pulseDigitMapFor("SE")).toBe("sweden");
    expect(pulseDigitMapFor("US")).toBe("standard");
  });
});
