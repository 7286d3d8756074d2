/**
 * FakeLine (hal/testing) keeps the Line contract, driven frame by frame by this test's
 * harness on a FakeClock; and its far-end controls: ring and polarity signals seen by the
 * phone, fault injection, an edge to the present state ignored, wrong-size capture refused.
 * Does not cover pacing (the simulated board's ticker does that: test/unit/board).
 */
import { expect, it } from "vitest";
import { FakeLine, type FarEndSignal } from "../../../hal/testing/fake-line.js";
import type { LineFault } from "../../../hal/line.js";
import { FakeClock } from "../../../src/util/clock.js";
import { describeLineContract, type LineHarness } from "./line-contract.js";

function harness(): LineHarness & { fake: FakeLine; clock: FakeClock } {
  const clock = new FakeClock();
  const fake = new FakeLine({ index: 0, clock });
  const periodMs = 20;
  let speaking: Int16Array = new Int16Array(160);
  const heard: number[] = [];
  let elapsed = 0;
  return {
    fake, clock, line: fake,
    now: () => clock.now(),
    setLoop: (state) => fake.setLoop(state),
    advance: (ms) => {
      // One frame each way per 20 ms of elapsed time, like a sound card would.
      const end = elapsed + ms;
      while (Math.floor(end / periodMs) > Math.floor(elapsed / periodMs)) {
        const next = (Math.floor(elapsed / periodMs) + 1) * periodMs;
        clock.advance(next - elapsed);
        elapsed = next;
        fake.capture(speaking.slice());
        heard.push(...fake.takePlayed());
      }
      clock.advance(end - elapsed);
      elapsed = end;
    },
    ringVoltage: () => fake.ringing,
    speak: (frame) => { speaking = frame; },
    heard: () => Int16Array.from(heard),
  };
}

describeLineContract("FakeLine", harness);

it("tells the far end about ring voltage and polarity, and ring trip ends the ring it feels", async () => {
  const { fake, clock } = harness();
  const signals: FarEndSignal[] = [];
  fake.onFarEndSignal((s) => signals.push(s));
  await fake.setRing(true);
  clock.advance(100);
  await fake.setPolarity("reverse");
  fake.setLoop("off");
  expect(signals).toEqual([
    { ring: true, polarity: "forward", atMs: 0 },
    { ring: true, polarity: "reverse", atMs: 100 },
    { ring: false, polarity: "reverse", atMs: 100 },
  ]);
});

it("ignores an edge to the state the loop is already in, and stamps edges as told", () => {
  const { fake } = harness();
  const edges: unknown[] = [];
  fake.onHookEdge((e) => edges.push(e));
  fake.setLoop("on");
  fake.setLoop("off", 12.5);
  expect(edges).toEqual([{ state: "off", atMs: 12.5 }]);
});

it("passes injected faults to listeners and refuses a captured frame of the wrong size", () => {
  const { fake } = harness();
  const faults: LineFault[] = [];
  fake.onFault((f) => faults.push(f));
  fake.injectFault({ message: "unplugged", retrying: true });
  expect(faults).toEqual([{ message: "unplugged", retrying: true }]);
  expect(() => fake.capture(new Int16Array(80))).toThrow(RangeError);
});

it("copies a played frame, so the writer may reuse its buffer", () => {
  const { fake } = harness();
  const frame = new Int16Array(160).fill(42);
  fake.audio.play(frame);
  frame.fill(0);
  expect(fake.takePlayed()[0]).toBe(42);
});
