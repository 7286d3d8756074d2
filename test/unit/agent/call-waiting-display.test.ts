/**
 * Call-waiting caller ID on a port (CallWaitingDisplay) on a FakeClock: nothing before the
 * first tone burst's 300 ms, then the CPE alerting signal; with the telephone's 'A' the
 * caller's message follows as off-hook FSK that src/dsp's CallerIdReader reads back; with no
 * acknowledgement nothing more is sent; a waiting call that goes away stops it at once.
 * Not covered: the port's wiring (interop phone-flash test).
 */
import { describe, expect, it } from "vitest";
import { CallWaitingDisplay } from "../../../src/agent/call-waiting-display.js";
import { CallerIdReader, goertzelPower, type CallerIdEvent } from "../../../src/dsp/index.js";
import { FakeClock } from "../../../src/util/clock.js";
import { silentLogs } from "../../../src/util/log.js";

const CALLER = { number: "3000", name: "Carol", time: { month: 12, day: 4, hour: 17, minute: 5 } };

/** Plays 20 ms frames for `ms`, advancing the clock, and returns what the earpiece got while the display was active. */
function run(clock: FakeClock, display: CallWaitingDisplay, ms: number, onFrame: (frame: Int16Array, i: number) => void = () => undefined): Int16Array {
  const heard: number[] = [];
  for (let i = 0; i < ms / 20; i++) {
    clock.advance(20);
    if (!display.active) continue;
    const frame = display.next(160);
    heard.push(...frame);
    onFrame(frame, i);
  }
  return Int16Array.from(heard);
}

function alertingFrames(audio: Int16Array): number {
  let frames = 0;
  for (let i = 0; i + 160 <= audio.length; i += 160) {
    const frame = audio.subarray(i, i + 160);
    if (goertzelPower(frame, 2130) > 1e5 && goertzelPower(frame, 2750) > 1e5) frames++;
  }
  return frames;
}

describe("call-waiting caller ID", () => {
  it("sends the alerting signal after the first burst, and the caller's ID once the telephone acknowledges", () => {
    const clock = new FakeClock();
    const display = new CallWaitingDisplay(clock, silentLogs.get("test"));
    display.start(CALLER, "bell202");
    clock.advance(280);
    expect(display.active).toBe(false);
    let acked = false;
    const heard = run(clock, display, 2000, (frame) => {
      if (!acked && alertingFrames(frame) === 0 && display.active) acked = display.key("A");
    });
    expect(alertingFrames(heard)).toBeGreaterThanOrEqual(3);
    const events: CallerIdEvent[] = [];
    const reader = new CallerIdReader((r) => events.push(r.event), { standards: ["bell202"], dtmf: false });
    reader.process(heard);
    reader.process(new Int16Array(800));
    expect(events).toEqual([expect.objectContaining({ kind: "call", info: expect.objectContaining({ number: "3000", name: "Carol" }) })]);
    expect(display.active).toBe(false);
    expect(clock.activeTimers).toBe(0);
  });

  it("sends nothing after the alerting signal when no acknowledgement comes", () => {
    const clock = new FakeClock();
    const display = new CallWaitingDisplay(clock, silentLogs.get("test"));
    display.start(CALLER, "bell202");
    const heard = run(clock, display, 2000);
    expect(heard.length).toBeLessThanOrEqual(160 * 14);
    expect(display.active).toBe(false);
    expect(clock.activeTimers).toBe(0);
  });

  it("stops at once when the waiting call goes away, and does not take keys then", () => {
    const clock = new FakeClock();
    const display = new CallWaitingDisplay(clock, silentLogs.get("test"));
    display.start(CALLER, "v23");
    clock.advance(320);
    expect(display.active).toBe(true);
    display.cancel();
    expect(display.active).toBe(false);
    expect(display.key("A")).toBe(false);
    expect(clock.activeTimers).toBe(0);
  });
});
