/**
 * Board detection against described machines (an injected DetectFs): off a Pi a hardware
 * board falls back to sim and says so; on a Pi each GPIO line (by chip label, with the
 * sysfs base read, not assumed), sound card (by id or name) and serial device is logged
 * found or missing; the simulated board is taken as asked. Does not open anything.
 */
import { expect, it } from "vitest";
import { detectBoard, type DetectFs } from "../../../board/detect.js";
import { simBoard } from "../../../board/sim/sim-board.js";
import type { BoardSpec } from "../../../board/types.js";
import { Logs, MemorySink } from "../../../src/util/log.js";

function machine(files: Record<string, string>): DetectFs {
  return {
    readText: async (path) => files[path],
    list: async (path) => [...new Set(Object.keys(files).filter((f) => f.startsWith(`${path}/`)).map((f) => f.slice(path.length + 1).split("/")[0]!))],
    exists: async (path) => path in files,
  };
}

const pi4 = {
  "/proc/device-tree/model": "Raspberry Pi 4 Model B Rev 1.5\0",
  "/sys/class/gpio/gpiochip512/label": "pinctrl-bcm2711\n",
  "/sys/class/gpio/gpiochip512/base": "512\n",
  "/sys/class/gpio/gpiochip512/ngpio": "58\n",
  "/sys/class/gpio/gpiochip570/label": "raspberrypi-exp-gpio\n",
  "/sys/class/gpio/gpiochip570/base": "570\n",
  "/sys/class/gpio/gpiochip570/ngpio": "8\n",
  "/proc/asound/cards": " 0 [vc4hdmi        ]: vc4-hdmi - vc4-hdmi\n                      vc4-hdmi\n 1 [Device         ]: USB-Audio - USB Audio Device\n                      C-Media USB Audio Device at usb-0000:01:00.0-1.3, full speed\n",
};

const gpioBoard: BoardSpec = {
  name: "test-gpio", description: "test",
  lines: [{
    driver: "gpio", hook: { line: 23, activeLow: true }, ringMode: { line: 24 }, forwardReverse: { line: 60 },
    ringFrequencyHz: 20, dtmf: "software", audio: { card: "USB Audio Device" },
  }],
};

function logs() {
  const sink = new MemorySink();
  return { sink, log: new Logs(sink.sink, "debug").get("board") };
}

it("falls back to the simulated board off a Pi, and says so", async () => {
  const { sink, log } = logs();
  const detection = await detectBoard(gpioBoard, machine({}), log);
  expect(detection.spec).toBe(simBoard);
  expect(sink.lines()).toEqual([expect.stringMatching(/^warn board test-gpio needs a Raspberry Pi, and this is not one .*using the simulated board instead$/)]);
});

it("falls back too on another single-board computer, naming it", async () => {
  const { sink, log } = logs();
  const detection = await detectBoard(gpioBoard, machine({ "/proc/device-tree/model": "Pine64 ROCK64\0" }), log);
  expect(detection.spec).toBe(simBoard);
  expect(sink.lines()[0]).toContain('"Pine64 ROCK64"');
});

it("on a Pi, finds pins by chip label with the base read from sysfs, the card by name, and names what is missing", async () => {
  const { sink, log } = logs();
  const detection = await detectBoard(gpioBoard, machine(pi4), log);
  expect(detection.spec).toBe(gpioBoard);
  expect(detection.model).toBe("Raspberry Pi 4 Model B Rev 1.5");
  expect(detection.found).toEqual([
    "line 0 GPIO hook: line 23 on pinctrl-bcm2711 (sysfs number 535)",
    "line 0 GPIO ring mode: line 24 on pinctrl-bcm2711 (sysfs number 536)",
    'line 0 sound card "USB Audio Device": card 1 Device (USB Audio Device)',
  ]);
  expect(detection.missing).toEqual(["line 0 GPIO forward/reverse: line 60 is beyond pinctrl-bcm2711's 58 lines"]);
  expect(sink.lines()).toContain("warn board missing line 0 GPIO forward/reverse: line 60 is beyond pinctrl-bcm2711's 58 lines");
});

it("on a Pi without the card or the chip, lists what is there instead", async () => {
  const { log } = logs();
  const board: BoardSpec = {
    ...gpioBoard,
    lines: [{ ...gpioBoard.lines[0], hook: { line: 4, chip: "pinctrl-rp1" }, audio: { card: "Headset" } } as BoardSpec["lines"][number]],
  };
  const detection = await detectBoard(board, machine(pi4), log);
  expect(detection.missing).toContain("line 0 GPIO hook: line 4 on pinctrl-rp1 (chips present: pinctrl-bcm2711, raspberrypi-exp-gpio)");
  expect(detection.missing).toContain('line 0 sound card "Headset" (cards present: vc4hdmi (vc4-hdmi), Device (USB Audio Device))');
});

it("checks a serial controller's device path", async () => {
  const { log } = logs();
  const serial: BoardSpec = { name: "s", description: "", lines: [{ driver: "serial", path: "/dev/ttyACM0", baudRate: 115200, port: 0, audio: { card: "Device" } }] };
  expect((await detectBoard(serial, machine(pi4), log)).missing).toEqual(["line 0 serial controller /dev/ttyACM0"]);
  expect((await detectBoard(serial, machine({ ...pi4, "/dev/ttyACM0": "" }), log)).missing).toEqual([]);
});

it("takes the simulated board as asked, on a Pi or not", async () => {
  const { sink, log } = logs();
  expect((await detectBoard(simBoard, machine(pi4), log)).spec).toBe(simBoard);
  expect(sink.lines()).toEqual([`info board sim: ${simBoard.description}`]);
});

