/**
 * The simulated board's line keeps the Line contract with its handset as the far end and
 * its frame ticker pacing the audio on a FakeClock; the ticker places tick n at exactly
 * start + n·20 ms however late its timers fire; the sim board opens one such port per line.
 * Handset signals (DTMF, pulses, flash, ringing) are in sim-handset.test.ts.
 */
import { expect, it } from "vitest";
import { builtInFactories, openBoard } from "../../../board/open.js";
import { simBoard } from "../../../board/sim/sim-board.js";
import { openSimPort } from "../../../board/sim/sim-port.js";
import { FrameTicker } from "../../../src/util/frame-ticker.js";
import { FakeClock, type Clock } from "../../../src/util/clock.js";
import { silentLogs } from "../../../src/util/log.js";
import { describeLineContract } from "../hal/line-contract.js";

describeLineContract("simulated line with its handset", () => {
  const clock = new FakeClock();
  const { line, handset } = openSimPort({ index: 0, clock, logs: silentLogs });
  return {
    line,
    now: () => clock.now(),
    setLoop: (state) => (state === "off" ? handset.lift() : handset.replace()),
    advance: (ms) => clock.advance(ms),
    ringVoltage: () => handset.state.bell,
    speak: (frame) => handset.setMouthpiece(frame),
    heard: () => handset.earpiece(handset.earpieceCapacityMs),
    dispose: () => expect(clock.activeTimers).toBe(0),
  };
});

/** A clock whose timers fire late: by `lateMs`, and once by `stallMs` (a stalled event loop). */
function lateClock(inner: FakeClock, lateMs: number, stallAtCall: number, stallMs: number): Clock {
  let calls = 0;
  return {
    now: () => inner.now(),
    wallTime: () => inner.wallTime(),
    setTimer: (delayMs, fire) => inner.setTimer(delayMs + (++calls === stallAtCall ? stallMs : lateMs), fire),
  };
}

it("ticks at start + n·20 ms, making up ticks its timer missed, without drift", () => {
  const inner = new FakeClock();
  inner.advance(3.5);
  const ticks: number[] = [];
  const ticker = new FrameTicker({ clock: lateClock(inner, 7, 10, 95), periodMs: 20, tick: (atMs) => ticks.push(atMs) });
  ticker.start();
  inner.advance(10_000);
  ticker.stop();
  expect(ticks.length).toBeGreaterThanOrEqual(498);
  expect(ticks.every((t, i) => t === 3.5 + (i + 1) * 20)).toBe(true);
  expect(inner.activeTimers).toBe(0);
});

it("stops ticking and leaves no timer behind when the line is closed", async () => {
  const clock = new FakeClock();
  const { line } = openSimPort({ index: 2, clock, logs: silentLogs });
  let frames = 0;
  line.audio.onCapture(() => frames++);
  clock.advance(100);
  expect(frames).toBe(5);
  await line.close();
  clock.advance(100);
  expect(frames).toBe(5);
  expect(clock.activeTimers).toBe(0);
});

it("opens the sim board as one simulated port with its handset", async () => {
  const clock = new FakeClock();
  const board = await openBoard(simBoard, { clock, logs: silentLogs });
  if (!board.ok) throw new Error(board.error);
  expect(board.value.name).toBe("sim");
  expect(board.value.lines.map((l) => l.index)).toEqual([0]);
  expect(board.value.handset(0)).toBeDefined();
  expect(board.value.handset(1)).toBeUndefined();
  await board.value.close();
  expect(clock.activeTimers).toBe(0);
});

it("refuses a board whose driver is not built in, closing the lines it had opened", async () => {
  const clock = new FakeClock();
  const audio = { card: "Device" };
  const result = await openBoard(
    { name: "mixed", description: "", lines: [{ driver: "sim" }, { driver: "serial", path: "/dev/ttyACM0", baudRate: 115200, port: 0, audio }] },
    { clock, logs: silentLogs },
    { sim: builtInFactories.sim },
  );
  expect(result).toEqual({ ok: false, error: "board mixed, line 1: driver serial is not built into this version" });
  expect(clock.activeTimers).toBe(0);
});

it("opens a line through the factory registered for its driver", async () => {
  const clock = new FakeClock();
  const seen: unknown[] = [];
  const audio = { card: "Device" };
  const result = await openBoard(
    { name: "serial-test", description: "", lines: [{ driver: "serial", path: "/dev/ttyACM0", baudRate: 115200, port: 1, audio }] },
    { clock, logs: silentLogs },
    {
      serial: async (spec, index) => {
        seen.push([spec.path, spec.port, index]);
        return { ok: true, value: openSimPort({ index, clock, logs: silentLogs }) };
      },
    },
  );
  if (!result.ok) throw new Error(result.error);
  expect(seen).toEqual([["/dev/ttyACM0", 1, 0]]);
  await result.value.close();
});
