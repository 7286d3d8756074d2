/**
 * The AG1171 GPIO Line driver against the fake GPIO on a FakeClock: the Line contract
 * (audio through a FakeLine's audio side; also over the character-device backend and a
 * fake kernel), raw hook edges with bounce and kernel stamps,
 * ring cadence measured on the F/R and RM pins at 20 and 25 Hz, ring trip, polarity,
 * active-low pins, MT8870 digits (all 16 codes), a busy pin at open, faults, close.
 * Does not cover real pin timing (F/R toggle jitter on a Pi: test/hardware/gpio.test.ts).
 */
import { describe, expect, it } from "vitest";
import { CdevGpio } from "../../../../hal/gpio/cdev/cdev-gpio.js";
import { GpioLines } from "../../../../hal/gpio/gpio-lines.js";
import { GpioLine, type GpioLinePins } from "../../../../hal/gpio/gpio-line.js";
import type { GpioBackend } from "../../../../hal/gpio/gpio.js";
import { FakeGpio, type LevelChange } from "../../../../hal/gpio/testing/fake-gpio.js";
import type { HardwareDigit, HookEdge, LineFault } from "../../../../hal/line.js";
import { FakeLine } from "../../../../hal/testing/fake-line.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import { describeLineContract, type LineHarness } from "../line-contract.js";
import { FakeKernelAddon } from "./fake-kernel.js";

const CHIP = "pinctrl-bcm2711";
const SHK = 23, RM = 24, FR = 25;
const MT = { q1: 5, q2: 6, q3: 12, q4: 13, strobe: 16 };
const PINS: GpioLinePins = { hook: { line: SHK }, ringMode: { line: RM }, forwardReverse: { line: FR }, ringFrequencyHz: 20 };

function open(pins: GpioLinePins = PINS, before?: (gpio: FakeGpio) => void) {
  const clock = new FakeClock();
  const gpio = new FakeGpio(clock);
  before?.(gpio);
  const audioSide = new FakeLine({ index: 0, clock });
  const line = GpioLine.open(pins, { index: 2, clock, log: silentLogs.get("gpio-line"), gpio: new GpioLines(gpio), audio: audioSide.audio });
  if (!line.ok) throw line.error;
  return { clock, gpio, audioSide, line: line.value };
}

/** The audio side of a harness: one frame each way per 20 ms of FakeClock time, as a sound card would. */
function audioPump(clock: FakeClock, audioSide: FakeLine): Pick<LineHarness, "advance" | "speak" | "heard"> {
  let speaking: Int16Array = new Int16Array(160);
  const heard: number[] = [];
  let elapsed = 0;
  return {
    advance: (ms) => {
      const end = elapsed + ms;
      while (Math.floor(end / 20) > Math.floor(elapsed / 20)) {
        const next = (Math.floor(elapsed / 20) + 1) * 20;
        clock.advance(next - elapsed);
        elapsed = next;
        audioSide.capture(speaking.slice());
        heard.push(...audioSide.takePlayed());
      }
      clock.advance(end - elapsed);
      elapsed = end;
    },
    speak: (frame) => { speaking = frame; },
    heard: () => Int16Array.from(heard),
  };
}

function harness(): LineHarness {
  const { clock, gpio, audioSide, line } = open();
  return {
    line,
    now: () => clock.now(),
    setLoop: (state) => gpio.drive(CHIP, SHK, state === "off"),
    ringVoltage: () => gpio.level(CHIP, RM),
    ...audioPump(clock, audioSide),
  };
}

/** The same driver over the character-device backend and a fake kernel (edges carry CLOCK_MONOTONIC stamps). */
function cdevHarness(): LineHarness {
  const clock = new FakeClock();
  const kernel = new FakeKernelAddon().addChip("/dev/gpiochip0", CHIP, 58);
  const backend = new CdevGpio(kernel, [{ path: "/dev/gpiochip0", name: "gpiochip0", label: CHIP, lines: 58 }], clock);
  const audioSide = new FakeLine({ index: 0, clock });
  const line = GpioLine.open(PINS, { index: 0, clock, log: silentLogs.get("gpio-line"), gpio: new GpioLines(backend), audio: audioSide.audio });
  if (!line.ok) throw line.error;
  // The kernel's monotonic clock runs 5 s ahead of the FakeClock; each edge is read 1 ms after it happened.
  const monotonicNs = (): bigint => BigInt(Math.round((clock.now() + 5000) * 1e6));
  return {
    line: line.value,
    now: () => clock.now(),
    setLoop: (state) => kernel.edge("/dev/gpiochip0", SHK, state === "off", monotonicNs() - 1_000_000n, monotonicNs()),
    ringVoltage: () => kernel.chips.get("/dev/gpiochip0")!.levels[RM]!,
    ...audioPump(clock, audioSide),
  };
}

describeLineContract("GpioLine on FakeGpio", harness);
describeLineContract("GpioLine on the character-device backend over a fake kernel", cdevHarness);

/** The F/R changes between two times, and the gaps between them. */
function toggles(history: readonly LevelChange[], fromMs: number, toMs: number): { count: number; gaps: number[] } {
  const inside = history.filter((c) => c.atMs > fromMs && c.atMs <= toMs).map((c) => c.atMs);
  return { count: inside.length, gaps: inside.slice(1).map((t, i) => t - inside[i]!) };
}

describe("GpioLine", () => {
  it("reads the hook at open and passes every raw edge through, bounce included, with its kernel time", () => {
    const { clock, gpio, line } = open(PINS, (g) => g.drive(CHIP, SHK, false));
    expect(line.hook).toBe("on");
    const edges: HookEdge[] = [];
    line.onHookEdge((e) => edges.push(e));
    const bounce = [100, 101.5, 103, 104, 106].map((atMs, i): LevelChange => ({ high: i % 2 === 0, atMs }));
    gpio.script(CHIP, SHK, bounce, 2);
    clock.advance(200);
    expect(edges).toEqual([
      { state: "off", atMs: 100 }, { state: "on", atMs: 101.5 }, { state: "off", atMs: 103 }, { state: "on", atMs: 104 }, { state: "off", atMs: 106 },
    ]);
    expect(line.hook).toBe("off");
  });

  it("keeps edges alternating when the kernel reports the same edge twice (one lost between)", () => {
    const clock = new FakeClock();
    const kernel = new FakeKernelAddon().addChip("/dev/gpiochip0", CHIP, 58);
    const backend: GpioBackend = new CdevGpio(kernel, [{ path: "/dev/gpiochip0", name: "gpiochip0", label: CHIP, lines: 58 }], clock);
    const line = GpioLine.open(PINS, { index: 0, clock, log: silentLogs.get("t"), gpio: new GpioLines(backend), audio: new FakeLine({ index: 0, clock }).audio });
    if (!line.ok) throw line.error;
    const edges: HookEdge[] = [];
    line.value.onHookEdge((e) => edges.push(e));
    kernel.batch("/dev/gpiochip0", SHK, [{ high: true, timestampNs: 1_000_000n }, { high: true, timestampNs: 2_000_000n }, { high: false, timestampNs: 3_000_000n }], 3_000_000n);
    expect(edges.map((e) => e.state)).toEqual(["off", "on"]);
  });

  for (const [hz, halfMs, togglesIn2s] of [[20, 25, 80], [25, 20, 100]] as const) {
    it(`rings at ${hz} Hz: F/R toggles every ${halfMs} ms while RM is high, RM low and F/R still between bursts`, async () => {
      const { clock, gpio, line } = open({ ...PINS, ringFrequencyHz: hz });
      // A UK-like cadence compressed to two bursts: 2 s on, 4 s off, 2 s on.
      await line.setRing(true);
      clock.advance(2000);
      await line.setRing(false);
      clock.advance(4000);
      await line.setRing(true);
      clock.advance(2000);
      await line.setRing(false);
      const fr = gpio.history(CHIP, FR);
      for (const [from, to] of [[0, 2000], [6000, 8000]] as const) {
        const burst = toggles(fr, from, to);
        expect(burst.count).toBe(togglesIn2s);
        expect(new Set(burst.gaps)).toEqual(new Set([halfMs]));
        expect(burst.count / 2 / 2).toBe(hz); // two toggles per ring cycle, over 2 s
      }
      expect(toggles(fr, 2000, 6000).count).toBe(0);
      expect(gpio.history(CHIP, RM)).toEqual([{ high: true, atMs: 0 }, { high: false, atMs: 2000 }, { high: true, atMs: 6000 }, { high: false, atMs: 8000 }]);
      expect(gpio.level(CHIP, FR)).toBe(true); // forward again
      expect(clock.activeTimers).toBe(0);
    });
  }

  it("trips the ring: off-hook while ringing stops RM and F/R before the edge is reported, and refuses to ring off-hook", async () => {
    const { clock, gpio, line } = open();
    const seen: { edge: HookEdge; ringing: boolean; rm: boolean }[] = [];
    line.onHookEdge((edge) => seen.push({ edge, ringing: line.ringing, rm: gpio.level(CHIP, RM) }));
    await line.setRing(true);
    gpio.script(CHIP, SHK, [{ high: true, atMs: 1010 }], 3);
    clock.advance(1013);
    expect(seen).toEqual([{ edge: { state: "off", atMs: 1010 }, ringing: false, rm: false }]);
    const frAfterTrip = gpio.history(CHIP, FR).length;
    await line.setRing(true);
    clock.advance(500);
    expect([line.ringing, gpio.level(CHIP, RM), gpio.history(CHIP, FR).length]).toEqual([false, false, frAfterTrip]);
    expect(gpio.level(CHIP, FR)).toBe(true);
    gpio.drive(CHIP, SHK, false);
    await line.setRing(true);
    expect([line.ringing, gpio.level(CHIP, RM)]).toEqual([true, true]);
  });

  it("reverses polarity with F/R when idle, and applies a change made while ringing when the ring stops", async () => {
    const { clock, gpio, line } = open();
    expect(gpio.level(CHIP, FR)).toBe(true);
    await line.setPolarity("reverse");
    expect([line.polarity, gpio.level(CHIP, FR)]).toEqual(["reverse", false]);
    await line.setRing(true);
    clock.advance(30);
    await line.setPolarity("forward");
    clock.advance(30);
    expect(gpio.history(CHIP, RM).at(-1)).toEqual({ high: true, atMs: 0 });
    await line.setRing(false);
    expect([line.polarity, gpio.level(CHIP, FR), gpio.level(CHIP, RM)]).toEqual(["forward", true, false]);
  });

  it("applies active-low once: a low SHK is off-hook, and an active-low RM is driven low to ring", async () => {
    const pins: GpioLinePins = { ...PINS, hook: { line: SHK, activeLow: true }, ringMode: { line: RM, activeLow: true } };
    const { gpio, line } = open(pins, (g) => g.drive(CHIP, SHK, true));
    expect(line.hook).toBe("on");
    expect(gpio.level(CHIP, RM)).toBe(true); // inactive at open
    const states: string[] = [];
    line.onHookEdge((e) => states.push(e.state));
    await line.setRing(true);
    expect(gpio.level(CHIP, RM)).toBe(false);
    gpio.drive(CHIP, SHK, false);
    expect(states).toEqual(["off"]);
    expect(gpio.level(CHIP, RM)).toBe(true);
  });

  it("decodes all sixteen MT8870 codes, reporting each digit at StD rise and again at its fall", () => {
    const { clock, gpio, line } = open({ ...PINS, dtmf: { q1: { line: MT.q1 }, q2: { line: MT.q2 }, q3: { line: MT.q3 }, q4: { line: MT.q4 }, strobe: { line: MT.strobe } } });
    const digits: HardwareDigit[] = [];
    line.onHardwareDigit!((d) => digits.push(d));
    for (let code = 0; code < 16; code++) {
      clock.advance(60);
      [MT.q1, MT.q2, MT.q3, MT.q4].forEach((pin, bit) => gpio.drive(CHIP, pin, ((code >> bit) & 1) === 1));
      gpio.drive(CHIP, MT.strobe, true);
      clock.advance(45);
      gpio.drive(CHIP, MT.strobe, false);
    }
    const ends = digits.filter((d) => d.endMs !== undefined);
    expect(ends.map((d) => d.digit).join("")).toBe("D1234567890*#ABC");
    expect(digits).toHaveLength(32);
    expect(digits.slice(0, 2)).toEqual([{ digit: "D", startMs: 60 }, { digit: "D", startMs: 60, endMs: 105 }]);
    expect(ends.every((d) => d.endMs! - d.startMs === 45)).toBe(true);
  });

  it("has no hardware digits without a decoder", () => {
    expect(open().line.onHardwareDigit).toBeUndefined();
  });

  it("takes every pin or none: a busy F/R pin fails the open and gives SHK and RM back", () => {
    const clock = new FakeClock();
    const gpio = new FakeGpio(clock);
    gpio.holdElsewhere(CHIP, FR);
    const line = GpioLine.open(PINS, { index: 0, clock, log: silentLogs.get("t"), gpio: new GpioLines(gpio), audio: new FakeLine({ index: 0, clock }).audio });
    expect(!line.ok && [line.error.code, line.error.message]).toEqual(["line-busy", `line ${FR} of "${CHIP}" is already requested`]);
    expect([gpio.isRequested(CHIP, SHK), gpio.isRequested(CHIP, RM)]).toEqual([false, false]);
  });

  it("reports a pin that stops working as a fault naming the pin", () => {
    const { gpio, line } = open();
    const faults: LineFault[] = [];
    line.onFault((f) => faults.push(f));
    gpio.fail(CHIP, SHK, "chip unbound");
    expect(faults).toEqual([{ message: `${CHIP}:${SHK}: chip unbound`, retrying: false }]);
  });

  it("stops ringing and releases every pin at close", async () => {
    const { clock, gpio, line } = open({ ...PINS, dtmf: { q1: { line: MT.q1 }, q2: { line: MT.q2 }, q3: { line: MT.q3 }, q4: { line: MT.q4 }, strobe: { line: MT.strobe } } });
    await line.setRing(true);
    clock.advance(100);
    await line.close();
    expect(gpio.level(CHIP, RM)).toBe(false);
    expect([SHK, RM, FR, ...Object.values(MT)].map((p) => gpio.isRequested(CHIP, p))).toEqual(new Array(8).fill(false));
    expect(clock.activeTimers).toBe(0);
    expect(line.index).toBe(2);
  });
});
