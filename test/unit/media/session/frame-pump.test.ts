/**
 * FramePump on a FakeClock: one send and one pull per 20 ms, source frame before the
 * pulled one; tick n falls at start + n·20 ms even when every timer fires late
 * (no drift over 10 s); overdue ticks are caught up at once, and beyond the catch-up
 * limit the grid restarts instead of bursting; stop() ends it. Not covered: real
 * timer latency (bench territory).
 */
import { describe, expect, it } from "vitest";
import { FakeClock, type Clock, type Timer } from "../../../../src/util/clock.js";
import { FramePump } from "../../../../src/media/index.js";

/** A FakeClock whose timers fire `lateMs` after they are due. */
function lateClock(lateMs: number): { clock: Clock; fake: FakeClock } {
  const fake = new FakeClock();
  const clock: Clock = {
    now: () => fake.now(),
    wallTime: () => fake.wallTime(),
    setTimer: (delayMs: number, fire: () => void): Timer => fake.setTimer(delayMs + lateMs, fire),
  };
  return { clock, fake };
}

function recorder(clock: Clock) {
  const events: string[] = [];
  const times: number[] = [];
  let n = 0;
  const session = {
    send: (frame: Int16Array) => events.push(`send ${frame[0]}`),
    pull: () => {
      events.push("pull");
      times.push(clock.now());
      return new Int16Array(160);
    },
  };
  return { events, times, session, source: () => Int16Array.of(n++) };
}

describe("FramePump", () => {
  it("sends then pulls once per 20 ms", () => {
    const clock = new FakeClock();
    const r = recorder(clock);
    const heard: Int16Array[] = [];
    const pump = new FramePump({ clock, session: r.session, source: r.source, sink: (f) => heard.push(f) });
    pump.start();
    clock.advance(19);
    expect(r.events).toEqual([]);
    clock.advance(41);
    expect(r.events).toEqual(["send 0", "pull", "send 1", "pull", "send 2", "pull"]);
    expect(r.times).toEqual([20, 40, 60]);
    expect(heard.length).toBe(3);
    pump.stop();
    clock.advance(100);
    expect(pump.ticks).toBe(3);
    expect(clock.activeTimers).toBe(0);
  });

  it("does not drift when timers fire late", () => {
    const { clock, fake } = lateClock(7);
    const r = recorder(clock);
    const pump = new FramePump({ clock, session: r.session, source: r.source });
    pump.start();
    fake.advance(10_000);
    // Every tick ran, each as soon as its late timer fired: 7 ms after its slot at most.
    expect(pump.ticks).toBe(Math.floor((10_000 - 7) / 20));
    r.times.forEach((t, i) => {
      expect(t - 20 * (i + 1)).toBeGreaterThanOrEqual(0);
      expect(t - 20 * (i + 1)).toBeLessThanOrEqual(7);
    });
    pump.stop();
  });

  it("catches up overdue ticks, up to the limit", () => {
    const { clock, fake } = lateClock(95);
    const r = recorder(clock);
    const pump = new FramePump({ clock, session: r.session, source: r.source, maxCatchUpTicks: 10 });
    pump.start();
    fake.advance(115);
    expect(pump.ticks).toBe(5); // 20, 40, 60, 80, 100 all due at 115
    pump.stop();

    const stalled = lateClock(2000);
    const s = recorder(stalled.clock);
    const late = new FramePump({ clock: stalled.clock, session: s.session, source: s.source, maxCatchUpTicks: 10 });
    late.start();
    stalled.fake.advance(2020);
    expect(late.ticks).toBe(1);
    expect(late.skippedTicks).toBe(100);
    late.stop();
  });
});
