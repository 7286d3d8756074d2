/**
 * FakeClock: timers fire in time order when advanced, including timers set by
 * other timers while advancing; cancelled timers never fire.
 * Does not cover RealClock beyond its shape.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../src/util/clock.js";

describe("FakeClock", () => {
  it("fires due timers in order and moves now()", () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push(`b@${clock.now()}`));
    clock.setTimer(100, () => fired.push(`a@${clock.now()}`));
    clock.advance(200);
    expect(fired).toEqual(["a@100"]);
    expect(clock.now()).toBe(200);
    clock.advance(100);
    expect(fired).toEqual(["a@100", "b@300"]);
  });

  it("fires timers set from a timer within the same advance", () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const again = (): void => {
      fired.push(clock.now());
      if (fired.length < 4) clock.setTimer(500, again);
    };
    clock.setTimer(500, again);
    clock.advance(10_000);
    expect(fired).toEqual([500, 1000, 1500, 2000]);
    expect(clock.activeTimers).toBe(0);
  });

  it("never fires a cancelled timer", () => {
    const clock = new FakeClock();
    let fired = false;
    const t = clock.setTimer(10, () => { fired = true; });
    t.cancel();
    clock.advance(100);
    expect(fired).toBe(false);
  });
});
