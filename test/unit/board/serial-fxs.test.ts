/**
 * The serial-fxs board: its data (one controller by a stable by-id path, two ports, audio
 * by card name) and openSerialLine over serialport's MockBinding with the scripted
 * controller: two lines sharing one controller and one port, and every way opening fails
 * the way the hardware would (a device that is not there, one already open, a port the
 * controller lacks, another protocol version, a silent device, two baud rates on one
 * path), plus the real serialport binding refusing a missing device.
 * Does not cover behaviour once open (test/unit/hal/serial).
 */
import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_CONTROLLER_PATH, openSerialLine, serialFxs } from "../../../board/serial-fxs.js";
import type { Line } from "../../../hal/line.js";
import { FakeLine } from "../../../hal/testing/fake-line.js";
import { FakeClock } from "../../../src/util/clock.js";
import { silentLogs } from "../../../src/util/log.js";
import { MockBinding, until } from "../hal/serial/mock-controller-port.js";
import { mockSetup } from "../hal/serial/mock-setup.js";

let open: Line[] = [];
afterEach(async () => {
  await Promise.all(open.map((l) => l.close()));
  open = [];
});

describe("serialFxs board data", () => {
  it("has two ports on one controller found by a stable path, each with its own sound card by name", () => {
    expect(serialFxs.name).toBe("serial-fxs");
    expect(serialFxs.lines).toHaveLength(2);
    expect(serialFxs.lines.map((l) => (l.driver === "serial" ? [l.path, l.baudRate, l.port, l.audio.card] : l.driver))).toEqual([
      [DEFAULT_CONTROLLER_PATH, 115200, 0, "Device"],
      [DEFAULT_CONTROLLER_PATH, 115200, 1, "Device_1"],
    ]);
    expect(DEFAULT_CONTROLLER_PATH.startsWith("/dev/serial/by-id/")).toBe(true);
  });
});

describe("openSerialLine", () => {
  it("opens both ports over one controller and one serial port, and closes the port with the last line", async () => {
    const s = mockSetup({ ports: 2 });
    const zero = await s.open(0);
    const one = await s.open(1);
    open.push(zero, one);
    expect(s.controller.received.filter((l) => l === "V?")).toHaveLength(1);
    expect([s.device.opens, s.pool.size, zero.index, one.index]).toEqual([1, 1, 0, 1]);
    const states: string[] = [];
    one.onHookEdge((e) => states.push(`one ${e.state}`));
    zero.onHookEdge((e) => states.push(`zero ${e.state}`));
    s.controller.setLoop(1, "off");
    await until(() => states.length === 1, "port 1's edge");
    expect(states).toEqual(["one off"]);
    await zero.setRing(true);
    expect(s.controller.ring).toEqual([true, false]);
    await zero.close();
    expect([s.device.open, s.pool.size]).toEqual([true, 1]);
    await one.close();
    expect([s.device.open, s.pool.size]).toEqual([false, 0]);
  });

  it("refuses a device that is not there, saying which and why", async () => {
    const s = mockSetup();
    const far = new FakeLine({ index: 0, clock: s.clock });
    await expect(
      openSerialLine({ driver: "serial", path: "/dev/ttyACM9", baudRate: 115200, port: 0, audio: { card: "Device" } }, { clock: s.clock, logs: silentLogs, audio: far.audio, portFactory: s.device.factory, pool: s.pool }),
    ).rejects.toThrow(/serial line on \/dev\/ttyACM9 port 0: cannot open \/dev\/ttyACM9: Port does not exist/);
    expect(s.pool.size).toBe(0);
  });

  it("refuses a device another program holds open (the port is locked)", async () => {
    const s = mockSetup();
    const other = await MockBinding.open({ path: s.device.path, baudRate: 115200 });
    await expect(s.open(0)).rejects.toThrow(/cannot open .*Port is locked cannot open/);
    await other.close();
    open.push(await s.open(0));
  });

  it("refuses a port the controller does not have, and lets the controller go", async () => {
    const s = mockSetup({ ports: 1 });
    await expect(s.open(1)).rejects.toThrow(/the controller has 1 port\(s\), port 1 was asked for/);
    expect([s.device.open, s.pool.size]).toEqual([false, 0]);
  });

  it("refuses a controller speaking another major version", async () => {
    const s = mockSetup({ protocol: "dialtone-line/2" });
    await expect(s.open(0)).rejects.toThrow(/controller speaks dialtone-line\/2; this host speaks dialtone-line\/1/);
    expect(s.device.open).toBe(false);
  });

  it("gives up on a device that never answers V? (six tries, 500 ms apart)", async () => {
    const s = mockSetup();
    s.controller.silent = true;
    const opening = s.open(0);
    const refused = expect(opening).rejects.toThrow(/no answer to V\? after 6 tries of 500 ms: is a dialtone-line controller on .* at 115200 baud\?/);
    await s.advance(2990);
    expect(s.controller.received).toEqual(["V?", "V?", "V?", "V?", "V?", "V?"]);
    await s.advance(10);
    await refused;
    expect(s.device.open).toBe(false);
  });

  it("refuses a second line asking for another baud rate on the same device", async () => {
    const s = mockSetup();
    open.push(await s.open(0));
    const far = new FakeLine({ index: 1, clock: s.clock });
    await expect(
      openSerialLine({ driver: "serial", path: s.device.path, baudRate: 9600, port: 1, audio: { card: "Device_1" } }, { clock: s.clock, logs: silentLogs, audio: far.audio, portFactory: s.device.factory, pool: s.pool }),
    ).rejects.toThrow(/already open at 115200 baud; a line asked for 9600/);
  });

  it("uses the real serialport binding by default, which refuses a device that does not exist", async () => {
    const clock = new FakeClock();
    const far = new FakeLine({ index: 0, clock });
    await expect(
      openSerialLine({ ...serialFxs.lines[0], driver: "serial", path: "/dev/serial/by-id/dialtone-test-absent", baudRate: 115200, port: 0, audio: { card: "Device" } }, { clock, logs: silentLogs, audio: far.audio }),
    ).rejects.toThrow(/cannot open \/dev\/serial\/by-id\/dialtone-test-absent: Error: No such file or directory, cannot open/);
  });
});
