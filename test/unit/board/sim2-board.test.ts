/**
 * The two-line simulated board (sim2): found by name, taken as asked by detection, opened as
 * two ports whose handsets are independent (hook, earpiece, mouthpiece), closed leaving no
 * timer. And the handset's timing notes for benchmarks, on a FakeClock: how long after lifting
 * its earpiece first sounds (the dial-tone delay a test set reads at the phone), and when the
 * last key of a DTMF sequence was released. What the agent does with
 * two ports is in test/interop/phone-two-lines.test.ts.
 */
import { expect, it } from "vitest";
import { findBoard } from "../../../board/index.js";
import { detectBoard, nodeDetectFs } from "../../../board/detect.js";
import { openBoard } from "../../../board/open.js";
import { EARPIECE_SOUND_THRESHOLD } from "../../../board/sim/sim-handset.js";
import { sim2Board } from "../../../board/sim/sim-board.js";
import { openSimPort } from "../../../board/sim/sim-port.js";
import { DEFAULT_DTMF_TIMING } from "../../../board/sim/dtmf-keypad.js";
import { FakeClock } from "../../../src/util/clock.js";
import { Logs, MemorySink, silentLogs } from "../../../src/util/log.js";

it("is found by the name sim2 and taken as asked by detection", async () => {
  expect(findBoard("sim2")).toEqual({ ok: true, value: sim2Board });
  const sink = new MemorySink();
  const detection = await detectBoard(sim2Board, nodeDetectFs, new Logs(sink.sink, "debug").get("board"));
  expect(detection.spec).toBe(sim2Board);
  expect(sink.lines()).toEqual([`info board sim2: ${sim2Board.description}`]);
});

it("opens two simulated ports whose handsets, hooks and audio are independent", async () => {
  const clock = new FakeClock();
  const board = await openBoard(sim2Board, { clock, logs: silentLogs });
  if (!board.ok) throw new Error(board.error);
  const [line0, line1] = board.value.lines;
  const [handset0, handset1] = [board.value.handset(0)!, board.value.handset(1)!];
  expect(board.value.lines.map((l) => l.index)).toEqual([0, 1]);
  expect(handset1).not.toBe(handset0);
  expect(board.value.handset(2)).toBeUndefined();

  handset1.lift();
  clock.advance(20);
  expect([line0!.hook, line1!.hook]).toEqual(["on", "off"]);

  const captured: number[][] = [[], []];
  line0!.audio.onCapture((frame) => captured[0]!.push(...frame));
  line1!.audio.onCapture((frame) => captured[1]!.push(...frame));
  handset1.setMouthpiece(new Int16Array(160).fill(1234));
  line0!.audio.play(new Int16Array(160).fill(-777));
  clock.advance(20);
  expect(handset0.earpiece(20).every((s) => s === -777)).toBe(true);
  expect(handset1.earpiece(20).every((s) => s === 0)).toBe(true);
  // Line 0's handset is on-hook, so nothing it says reaches its line; line 1's does.
  expect(captured[0]!.every((s) => s === 0)).toBe(true);
  expect(captured[1]!.every((s) => s === 1234)).toBe(true);

  await board.value.close();
  expect(clock.activeTimers).toBe(0);
});

it("notes once per lift how long after lifting the earpiece first sounds, to the sample", () => {
  const clock = new FakeClock();
  const sink = new MemorySink();
  const { line, handset } = openSimPort({ index: 1, clock, logs: new Logs(sink.sink, "debug") });
  const firstSounds = () => sink.lines("sim.handset").filter((l) => l.includes("first sound"));
  clock.advance(27);
  handset.lift();
  clock.advance(33); // ticks at 40 and 60 ms heard silence
  const frame = new Int16Array(160);
  frame.fill(EARPIECE_SOUND_THRESHOLD, 40); // sounds from 5 ms into the frame heard at 80 ms
  line.audio.play(frame);
  line.audio.play(new Int16Array(160).fill(5000));
  clock.advance(60);
  expect(firstSounds()).toEqual(["info sim.handset earpiece: first sound 58.0 ms after lifting"]);

  handset.replace();
  line.audio.play(new Int16Array(160).fill(5000));
  clock.advance(40);
  expect(firstSounds()).toHaveLength(1);
  handset.lift();
  line.audio.play(new Int16Array(160).fill(EARPIECE_SOUND_THRESHOLD - 1));
  clock.advance(40);
  expect(firstSounds()).toHaveLength(1);
  void line.close();
});

it("notes when the last key of a DTMF sequence is released, to the sample, once per sequence", () => {
  const clock = new FakeClock();
  const sink = new MemorySink();
  const { line, handset } = openSimPort({ index: 0, clock, logs: new Logs(sink.sink, "debug") });
  const released = () => sink.lines("sim.handset").filter((l) => l.includes("released"));
  handset.lift();
  clock.advance(40);
  // Keys from sample 320: 95 ms on, 100 ms off; the second tone ends at sample 2640, 80 samples before the frame ending at 2720.
  handset.dial("12", "dtmf", { dtmf: { ...DEFAULT_DTMF_TIMING, onMs: 95 } });
  clock.advance(280);
  expect(released()).toEqual([]);
  clock.advance(20);
  expect(released()).toEqual(["info sim.handset DTMF: last key released 10.0 ms before the end of the frame just captured"]);
  clock.advance(400);
  handset.dial("3", "dtmf");
  handset.replace();
  clock.advance(400);
  expect(released()).toHaveLength(1);
  void line.close();
});
