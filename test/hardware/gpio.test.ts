/**
 * By hand, on a Raspberry Pi with an AG1171/KS0835F module wired as docs/hardware-gpio.md
 * shows: GPIO opened the way the agent opens it (character device, else sysfs), the header
 * chip found by label, RM and F/R driven and read back, and, on request, a person lifting
 * the handset, hearing it ring, tripping the ring, and keying digits into an MT8870; with a
 * jumper from F/R to a spare input, the ring's F/R toggle period measured with kernel stamps.
 * Prints what it measures. The optional parts exist only when their variable is set.
 *
 *   npx vitest run --config test/hardware/vitest.config.ts test/hardware/gpio
 *   DIALTONE_TEST_PINS=23,24,25        SHK, RM, F/R (BCM numbers on the header chip)
 *   DIALTONE_TEST_PERSON=1             you will be asked to lift, hang up and answer the phone
 *   DIALTONE_TEST_FR_LOOPBACK=27       a jumper joins F/R to this input; measures toggle timing
 *   DIALTONE_TEST_MT8870=5,6,16,17,22  an MT8870 on Q1..Q4,StD; you will be asked to key 1 5 9 # 0
 *
 * Not covered: anything the unit tests cover against the fake (cadence arithmetic, contract).
 */
import { afterEach, describe, expect, it } from "vitest";
import { GpioLines, type LogicalEdge } from "../../hal/gpio/gpio-lines.js";
import { GpioLine } from "../../hal/gpio/gpio-line.js";
import { headerChipLabel, type GpioBackend } from "../../hal/gpio/gpio.js";
import { openGpio } from "../../hal/gpio/open-gpio.js";
import type { HardwareDigit, HookEdge, Line } from "../../hal/line.js";
import { FakeLine } from "../../hal/testing/fake-line.js";
import { RealClock } from "../../src/util/clock.js";
import { Logs, streamSink } from "../../src/util/log.js";

const [SHK, RM, FR] = (process.env.DIALTONE_TEST_PINS ?? "23,24,25").split(",").map(Number) as [number, number, number];
const PERSON = process.env.DIALTONE_TEST_PERSON === "1";
const LOOPBACK = process.env.DIALTONE_TEST_FR_LOOPBACK ? Number(process.env.DIALTONE_TEST_FR_LOOPBACK) : undefined;
const MT8870 = process.env.DIALTONE_TEST_MT8870?.split(",").map(Number);

const clock = new RealClock();
const logs = new Logs(streamSink(process.stdout), "debug");
const say = (text: string): void => void process.stdout.write(`\n>>> ${text}\n`);

async function until(done: () => boolean, what: string, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let backend: GpioBackend | undefined;
let line: Line | undefined;
afterEach(async () => {
  await line?.close();
  backend?.close();
  line = undefined;
  backend = undefined;
});

function openBackend(): GpioBackend {
  const opened = openGpio({ clock, logs });
  if (!opened.ok) throw new Error(opened.error);
  backend = opened.value;
  return backend;
}

function openLine(dtmf?: number[]): Line {
  const gpio = new GpioLines(openBackend());
  const decoder = dtmf && { q1: { line: dtmf[0]! }, q2: { line: dtmf[1]! }, q3: { line: dtmf[2]! }, q4: { line: dtmf[3]! }, strobe: { line: dtmf[4]! } };
  const opened = GpioLine.open(
    { hook: { line: SHK }, ringMode: { line: RM }, forwardReverse: { line: FR }, ringFrequencyHz: 20, ...(decoder ? { dtmf: decoder } : {}) },
    { index: 0, clock, log: logs.get("hw.gpio-line"), gpio, audio: new FakeLine({ index: 0, clock }).audio },
  );
  if (!opened.ok) throw opened.error;
  line = opened.value;
  return line;
}

describe("GPIO on this Pi", () => {
  it("opens GPIO, says which way, and finds the header chip by label", () => {
    const gpio = openBackend();
    say(`backend ${gpio.kind}; chips: ${gpio.labels().join(", ")}`);
    expect(headerChipLabel(gpio.labels())).toBeDefined();
  });

  it("drives RM and F/R and reads back the levels driven", () => {
    const lines = new GpioLines(openBackend());
    for (const pin of [RM, FR]) {
      const out = lines.request({ line: pin }, { direction: "output", initialActive: false });
      if (!out.ok) throw out.error;
      expect(out.value.read()).toBe(false);
      out.value.write(true);
      expect(out.value.read()).toBe(true);
      out.value.write(false);
      out.value.release();
    }
  });

  if (LOOPBACK !== undefined) it("rings at 20 Hz: F/R toggles measured through a jumper, with kernel stamps", async () => {
    const l = openLine();
    const probe = new GpioLines(backend!).request({ line: LOOPBACK! }, { direction: "input", edge: "both", bias: "pull-down" });
    if (!probe.ok) throw probe.error;
    const edges: LogicalEdge[] = [];
    probe.value.onEdge((e) => edges.push(e));
    await l.setRing(true);
    await until(() => edges.length >= 160, "160 F/R toggles", 10_000);
    await l.setRing(false);
    probe.value.release();
    const gaps = edges.slice(1, 160).map((e, i) => e.atMs - edges[i]!.atMs);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sorted = [...gaps].sort((a, b) => a - b);
    say(`F/R half-period over ${gaps.length} toggles: mean ${mean.toFixed(3)} ms, min ${sorted[0]!.toFixed(3)}, p95 ${sorted[Math.floor(gaps.length * 0.95)]!.toFixed(3)}, max ${sorted.at(-1)!.toFixed(3)} (ideal 25)`);
    expect(mean).toBeGreaterThan(24.5);
    expect(mean).toBeLessThan(25.5);
  });

  if (PERSON) it("follows a person: lift, hang up, ring, and the ring trips when answered", async () => {
    const l = openLine();
    const edges: HookEdge[] = [];
    l.onHookEdge((e) => edges.push(e));
    say(`hook is ${l.hook}. Lift the handset (30 s).`);
    await until(() => l.hook === "off", "off-hook", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    say(`raw edges in the lift: ${edges.length} (${edges.map((e) => `${e.state}@${e.atMs.toFixed(1)}`).join(" ")})`);
    say("Hang up (30 s).");
    await until(() => l.hook === "on", "on-hook", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    say("The phone rings now. Answer it (30 s).");
    await l.setRing(true);
    await until(() => l.hook === "off", "the answer", 30_000);
    expect(l.ringing).toBe(false);
    say(`ring tripped at ${edges.at(-1)!.atMs.toFixed(1)} ms; hang up.`);
    await until(() => l.hook === "on", "on-hook", 30_000);
  });

  if (MT8870 !== undefined) it("hears digits from an MT8870", async () => {
    const l = openLine(MT8870);
    const digits: HardwareDigit[] = [];
    l.onHardwareDigit!((d) => { if (d.endMs !== undefined) digits.push(d); });
    say("Lift the handset and key 1 5 9 # 0 (60 s).");
    await until(() => digits.length >= 5, "five digits", 60_000);
    say(`digits: ${digits.map((d) => `${d.digit} (${(d.endMs! - d.startMs).toFixed(0)} ms)`).join(", ")}`);
    expect(digits.map((d) => d.digit).join("")).toBe("159#0");
  });
});
