/**
 * The hook filter and its debouncer on FakeClock-timed raw edges: off-hook through
 * contact bounce, glitches dropped, flash window [100, 900] ms at both ends, on-hook only
 * after the window and dated at the break, pulses below the window (or ignored when pulse
 * dialing is off), and the ring-trip guard (a lift while ringing followed by the SLIC's
 * brief loop drop is one off-hook, no flash, no pulse). Rotary digits: pulse-decoder tests.
 */
import { describe, expect, it } from "vitest";
import { HookFilter, type HookFilterOptions } from "../../../../src/line/hook/hook-filter.js";
import { FakeClock } from "../../../../src/util/clock.js";
import type { HookEdge, HookState } from "../../../../hal/line.js";
import { bouncy } from "../timed-edges.js";

function setup(initial: HookState, options: HookFilterOptions = {}) {
  const clock = new FakeClock();
  const events: string[] = [];
  const filter = new HookFilter(initial, clock, {
    onOffHook: (at) => events.push(`off@${at}`),
    onOnHook: (at) => events.push(`on@${at}@${clock.now()}`),
    onFlash: (at, ms) => events.push(`flash@${at}+${ms}`),
    onLoopOpen: (at) => events.push(`open@${at}`),
    onPulse: (at, ms) => events.push(`pulse@${at}+${ms}`),
    onLoopRestored: (at) => events.push(`restored@${at}`),
  }, options);
  const play = (edges: HookEdge[], untilMs: number): void => {
    for (const e of edges) {
      clock.advance(e.atMs - clock.now());
      filter.edge(e);
    }
    clock.advance(untilMs - clock.now());
  };
  return { clock, filter, events, play };
}

describe("HookFilter", () => {
  it("reports one off-hook through 4 ms of contact bounce, dated at the first edge", () => {
    const { events, play } = setup("on");
    play(bouncy("off", 100, 4), 200);
    expect(events).toEqual(["off@100"]);
  });

  it("drops a glitch shorter than the debounce and a break shorter than 15 ms", () => {
    const { events, play } = setup("off");
    play([{ state: "on", atMs: 100 }, { state: "off", atMs: 104 }], 200);
    expect(events).toEqual([]);
    play([{ state: "on", atMs: 300 }, { state: "off", atMs: 312 }], 400);
    expect(events).toEqual(["open@300", "restored@312"]);
  });

  it("takes a break of 100 and of 900 ms as a flash, 99 ms as a pulse", () => {
    const { events, play } = setup("off");
    play([...bouncy("on", 1000, 3), ...bouncy("off", 1100, 3)], 1500);
    play([...bouncy("on", 2000, 3), ...bouncy("off", 2900, 3)], 3500);
    play([...bouncy("on", 4000, 3), ...bouncy("off", 4099, 3)], 4500);
    expect(events).toEqual(["open@1000", "flash@1000+100", "open@2000", "flash@2000+900", "open@4000", "pulse@4000+99"]);
  });

  it("confirms on-hook only after the flash window, dated at the break", () => {
    const { events, play, clock } = setup("off");
    play(bouncy("on", 1000, 3), 1910);
    expect(events).toEqual(["open@1000"]);
    clock.advance(10);
    expect(events).toEqual(["open@1000", "on@1000@1918"]);
  });

  it("follows a configured window (Grandstream-like 300–1000 ms)", () => {
    const { events, play } = setup("off", { flashMinMs: 300, flashMaxMs: 1000 });
    play([{ state: "on", atMs: 100 }, { state: "off", atMs: 350 }], 500);
    play([{ state: "on", atMs: 600 }, { state: "off", atMs: 1550 }], 2000);
    expect(events).toEqual(["open@100", "pulse@100+250", "open@600", "flash@600+950"]);
  });

  it("ignores short breaks when pulse dialing is off", () => {
    const { events, play } = setup("off", { pulseDialing: false });
    play([{ state: "on", atMs: 100 }, { state: "off", atMs: 160 }], 300);
    expect(events).toEqual(["open@100", "restored@160"]);
  });

  it("rejects timings out of order", () => {
    expect(() => setup("on", { flashMinMs: 900, flashMaxMs: 100 })).toThrow(RangeError);
    expect(() => setup("on", { debounceMs: 20 })).toThrow(RangeError);
  });

  it("ring trip: a lift while ringing and the SLIC's loop drop after it are one off-hook", () => {
    const { events, play, filter, clock } = setup("on");
    clock.advance(50);
    filter.ringing(true);
    play(bouncy("off", 1000, 4), 1010);
    filter.ringing(false);
    play([...bouncy("on", 1030, 2), ...bouncy("off", 1180, 2)], 1600);
    expect(events).toEqual(["off@1000", "open@1030", "restored@1180"]);
    play([...bouncy("on", 2000, 2), ...bouncy("off", 2300, 2)], 2600);
    expect(events.slice(3)).toEqual(["open@2000", "flash@2000+300"]);
  });

  it("ring trip: a lift just after the ring player stopped on the raw edge is guarded too", () => {
    const { events, play, filter, clock } = setup("on");
    filter.ringing(true);
    clock.advance(500);
    filter.ringing(false);
    play(bouncy("off", 502, 4), 520);
    play([{ state: "on", atMs: 540 }, { state: "off", atMs: 600 }], 700);
    expect(events).toEqual(["off@502", "open@540", "restored@600"]);
  });

  it("hangs up during the guard all the same", () => {
    const { events, play, filter } = setup("on");
    filter.ringing(true);
    play(bouncy("off", 100, 2), 150);
    play([{ state: "on", atMs: 200 }], 1200);
    expect(events).toEqual(["off@100", "open@200", "on@200@1118"]);
  });
});
