/**
 * By hand, with a real dialtone-line controller (docs/line-protocol.md) on a serial port:
 * the handshake and the link's round trip with the real binding, ring and polarity
 * acknowledged, and, on request, a person lifting and replacing the handset, answering a
 * ringing phone (ring trip), dialling on a rotary dial (edge spacing printed), keying DTMF
 * into the controller's decoder, and pulling the USB cable and putting it back.
 * Prints what it measures. The optional parts exist only when their variable is set.
 *
 *   npx vitest run --config test/hardware/vitest.config.ts test/hardware/serial
 *   DIALTONE_TEST_SERIAL=/dev/ttyACM0    the controller (default: the serial-fxs board's by-id path)
 *   DIALTONE_TEST_SERIAL_BAUD=115200     its speed
 *   DIALTONE_TEST_SERIAL_PORT=0          the controller port a phone is on
 *   DIALTONE_TEST_PERSON=1               you will be asked to lift, hang up, answer, dial, key digits
 *   DIALTONE_TEST_UNPLUG=1               you will be asked to pull the USB cable and plug it back
 *
 * Not covered: what the MockBinding and pty tests cover (protocol details, retries, garbage).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_BAUD_RATE, DEFAULT_CONTROLLER_PATH, openSerialLine } from "../../board/serial-fxs.js";
import type { HardwareDigit, HookEdge, Line, LineFault } from "../../hal/line.js";
import { FakeLine } from "../../hal/testing/fake-line.js";
import { RealClock } from "../../src/util/clock.js";
import { Logs, streamSink } from "../../src/util/log.js";
import { eventually as until } from "../unit/hal/serial/eventually.js";

const PATH = process.env.DIALTONE_TEST_SERIAL ?? DEFAULT_CONTROLLER_PATH;
const BAUD = Number(process.env.DIALTONE_TEST_SERIAL_BAUD ?? DEFAULT_BAUD_RATE);
const PORT = Number(process.env.DIALTONE_TEST_SERIAL_PORT ?? 0);
const PERSON = process.env.DIALTONE_TEST_PERSON === "1";
const UNPLUG = process.env.DIALTONE_TEST_UNPLUG === "1";

const clock = new RealClock();
const logs = new Logs(streamSink(process.stdout), "debug");
const say = (text: string): void => void process.stdout.write(`\n>>> ${text}\n`);

describe(`dialtone-line controller on ${PATH}`, () => {
  let line: Line;
  const edges: HookEdge[] = [];
  const faults: LineFault[] = [];
  const digits: HardwareDigit[] = [];

  beforeAll(async () => {
    line = await openSerialLine({ driver: "serial", path: PATH, baudRate: BAUD, port: PORT, audio: { card: "unused" } }, { clock, logs, audio: new FakeLine({ index: PORT, clock }).audio });
    line.onHookEdge((e) => edges.push(e));
    line.onFault((f) => faults.push(f));
    line.onHardwareDigit?.((d) => digits.push(d));
  });

  afterAll(async () => {
    await line?.close();
  });

  it("handshakes and reports the hook state (the log above shows firmware, offset and round trip)", () => {
    say(`port ${PORT}: hook ${line.hook}, DTMF ${line.onHardwareDigit ? "decoded by the controller" : "not decoded"}`);
    expect(["on", "off"]).toContain(line.hook);
  });

  it("gets ring and polarity acknowledged", async () => {
    await line.setPolarity("reverse");
    await line.setPolarity("forward");
    const started = clock.now();
    await line.setRing(true);
    await line.setRing(false);
    say(`ring on and off acknowledged in ${(clock.now() - started).toFixed(1)} ms`);
    expect(line.ringing).toBe(false);
  });

  if (PERSON) it("follows a person: lift, hang up, answer the ringing phone, dial 3 on a rotary dial", async () => {
    say("lift the handset (30 s)");
    await until(() => line.hook === "off", "off-hook", 30_000);
    say("hang up (30 s)");
    await until(() => line.hook === "on", "on-hook", 30_000);
    say("the phone rings now: answer it (30 s)");
    await line.setRing(true);
    await until(() => line.hook === "off", "answer", 30_000);
    expect(line.ringing).toBe(false);
    say("ring tripped; hang up, lift again, and dial 3 on the rotary dial (30 s)");
    await until(() => line.hook === "on", "on-hook", 30_000);
    await until(() => line.hook === "off", "off-hook", 30_000);
    const from = edges.length;
    await until(() => edges.length - from >= 6, "three pulses", 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const pulses = edges.slice(from);
    say(`edges after the dial (ms from the first): ${pulses.map((e) => `${e.state}@${(e.atMs - pulses[0]!.atMs).toFixed(1)}`).join(" ")}`);
    expect(pulses[0]!.state).toBe("on");
  });

  if (PERSON) it("passes DTMF digits from the controller's decoder (press 1 5 9 #)", async () => {
    expect(line.onHardwareDigit, "the controller says dtmf=0").toBeDefined();
    say("key 1 5 9 # (30 s)");
    await until(() => digits.filter((d) => d.endMs !== undefined).length >= 4, "four digits", 30_000);
    const ended = digits.filter((d) => d.endMs !== undefined);
    say(`digits: ${ended.map((d) => `${d.digit} (${(d.endMs! - d.startMs).toFixed(0)} ms)`).join(", ")}`);
    expect(ended.slice(0, 4).map((d) => d.digit)).toEqual(["1", "5", "9", "#"]);
  });

  if (UNPLUG) it("reports a pulled cable and recovers when it is back, ring state re-applied", async () => {
    await line.setPolarity("reverse");
    say("pull the controller's USB cable (30 s)");
    await until(() => faults.some((f) => f.retrying), "the fault", 30_000);
    say(`fault: ${faults.find((f) => f.retrying)!.message}; now plug it back in (60 s)`);
    await until(() => faults.some((f) => f.recovered), "recovery", 60_000);
    expect(line.polarity).toBe("reverse");
    await line.setPolarity("forward");
  });
});
