/**
 * The serial line end to end over a real pseudo-terminal pair made by socat: our driver
 * opens one end with the real serialport binding (as on a Pi), the scripted controller
 * sits on the other end behind a second SerialPort. The same story as over MockBinding,
 * on the real clock: handshake, a dial-pulse train whose spacing survives the trip and the
 * controller counter's wrap, ring and polarity acknowledged, ring trip, digits; then the
 * device vanishes (socat killed: the tty hangs up), commands are refused, the pair comes
 * back under the same names, and the driver reconnects by itself and re-applies its state.
 * Waits are probes with deadlines. Does not cover USB specifics (a real controller does:
 * test/hardware/serial-fxs.test.ts).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openSerialLine } from "../../../../board/serial-fxs.js";
import type { HardwareDigit, HookEdge, Line, LineFault } from "../../../../hal/line.js";
import { ControllerPool } from "../../../../hal/serial/controller-pool.js";
import { FakeLine } from "../../../../hal/testing/fake-line.js";
import { RealClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { ScriptedController } from "./scripted-controller.js";
import { eventually } from "./eventually.js";
import { requireSocat, startPtyPair, type PtyPair } from "./socat-pty.js";

/** The controller's side of the wire: a second SerialPort on the device end of the pair. */
async function attach(controller: ScriptedController, path: string): Promise<SerialPort> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  port.on("data", (chunk: Buffer) => controller.receive(chunk));
  port.on("error", () => undefined);
  port.on("close", () => controller.disconnect());
  controller.connect((text) => {
    if (port.isOpen) port.write(text);
  });
  return port;
}

describe("serial line over a socat pty pair", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialtone-pty-"));
  const hostLink = join(dir, "host");
  const deviceLink = join(dir, "device");
  const clock = new RealClock();
  const sink = new MemorySink();
  // The controller's counter wraps 1.5 s into the test.
  const controller = new ScriptedController({ now: () => clock.now(), startMs: 2 ** 32 - 1500 - Math.floor(clock.now()), dtmf: true });
  const far = new FakeLine({ index: 0, clock });
  let pair: PtyPair;
  let device: SerialPort;
  let line: Line;
  const edges: HookEdge[] = [];
  const faults: LineFault[] = [];
  const digits: HardwareDigit[] = [];

  beforeAll(async () => {
    pair = await startPtyPair(hostLink, deviceLink);
    device = await attach(controller, pair.deviceLink);
    line = await openSerialLine(
      { driver: "serial", path: hostLink, baudRate: 115200, port: 0, audio: { card: "Device" } },
      { clock, logs: new Logs(sink.sink, "debug"), audio: far.audio, pool: new ControllerPool() },
    );
    line.onHookEdge((e) => edges.push(e));
    line.onFault((f) => faults.push(f));
    line.onHardwareDigit!((d) => digits.push(d));
  });

  afterAll(async () => {
    await line?.close();
    if (device?.isOpen) await new Promise((resolve) => device.close(resolve));
    await pair?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("handshakes over the tty with the real binding", () => {
    expect(controller.received.slice(0, 6)).toEqual(["V?", "T 1", "T 2", "T 3", "H 4 0", "H 5 1"]);
    expect([line.hook, line.ringing, line.polarity]).toEqual(["on", false, "forward"]);
    expect(pair.ptys.every((p) => p.startsWith("/dev/pts/"))).toBe(true);
  });

  it("keeps the spacing of a dial-pulse train stamped by the controller, across its counter's wrap", async () => {
    await eventually(() => controller.ms < 2 ** 31, "the controller's counter wrapping", 3000);
    const first = controller.ms - 400;
    const pattern = [0, 60, 100, 160, 200, 260];
    for (const [i, at] of pattern.entries()) controller.setLoop(0, i % 2 === 0 ? "off" : "on", (first + at + 2 ** 32) % 2 ** 32);
    await eventually(() => edges.length === 6, "six edges");
    const arrived = clock.now();
    expect(edges.map((e) => e.state)).toEqual(["off", "on", "off", "on", "off", "on"]);
    expect(edges.map((e) => e.atMs - edges[0]!.atMs)).toEqual(pattern);
    expect(edges.every((e) => e.atMs <= arrived)).toBe(true);
  });

  it("applies ring and polarity when acknowledged, trips the ring, and passes digits", async () => {
    await line.setRing(true);
    expect(controller.ring[0]).toBe(true);
    await line.setPolarity("reverse");
    expect(controller.polarity[0]).toBe("reverse");
    controller.setLoop(0, "off");
    await eventually(() => line.hook === "off", "off-hook");
    expect([line.ringing, controller.ring[0]]).toEqual([false, false]);
    controller.digit(0, "7", "start");
    controller.digit(0, "7", "end");
    await eventually(() => digits.length === 2, "the digit");
    expect(digits.map((d) => [d.digit, d.endMs === undefined])).toEqual([["7", true], ["7", false]]);
    controller.setLoop(0, "on");
    await eventually(() => line.hook === "on", "on-hook");
    await line.setRing(true);
  });

  // When socat closes the master end, serialport sometimes fails the pending read ("closed:
  // bad file descriptor") and sometimes only the next write (EIO), at the latest the
  // keepalive ping 5 s later; either way the line hears of it.
  it("notices the device vanish, refuses commands meanwhile, and reconnects by itself when it is back", async () => {
    await pair.stop();
    controller.reset();
    await eventually(() => faults.some((f) => f.retrying), "the retrying fault", 8000);
    expect(faults[0]!.message).toMatch(/\/host (closed: bad file descriptor|failed|.*EIO).*; reconnecting$/);
    await expect(line.setPolarity("forward")).rejects.toThrow(/not connected/);

    pair = await startPtyPair(hostLink, deviceLink);
    device = await attach(controller, pair.deviceLink);
    await eventually(() => faults.some((f) => f.recovered), "recovery", 15000);
    expect(faults.at(-1)).toEqual({ message: "controller back; ring on, polarity forward re-applied", retrying: false, recovered: true });
    expect([controller.ring[0], controller.polarity[0]]).toEqual([true, "forward"]);
    expect(controller.received.filter((l) => l === "V?").length).toBeGreaterThanOrEqual(2);
    await line.setRing(false);
    expect(controller.ring[0]).toBe(false);
  });
});

it("fails loudly, with the command that installs it, where socat is missing", () => {
  expect(() => requireSocat({ PATH: "/nonexistent" })).toThrow(/socat is not installed: run `sudo apt-get install -y socat`/);
});
