/**
 * The native GPIO addon (native/gpio) compiles, loads, and behaves where no GPIO chip
 * exists (this machine has no /dev/gpiochip* and no gpio-sim module): clear errno errors
 * for a missing chip and for a device that is not a GPIO chip; the uv_poll event reader
 * parses struct gpio_v2_line_event records written into a FIFO (the same read path a line
 * request fd takes), including whole batches; and CdevGpio converts their CLOCK_MONOTONIC
 * stamps to the Clock's scale. Does not cover the line-request ioctls on a real chip
 * (test/hardware/gpio.test.ts on a Pi does).
 */
import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CdevGpio } from "../../../../hal/gpio/cdev/cdev-gpio.js";
import { findGpioAddon, loadGpioAddon, type GpioAddon, type KernelEdgeEvent } from "../../../../hal/gpio/cdev/gpio-addon.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { builtGpioAddon } from "./built-addon.js";

const EVENT_BYTES = 48; // sizeof(struct gpio_v2_line_event)

function eventBytes(events: readonly { rising: boolean; timestampNs: bigint; offset: number; seqno: number }[]): Buffer {
  const buf = Buffer.alloc(EVENT_BYTES * events.length);
  events.forEach((e, i) => {
    const at = i * EVENT_BYTES;
    buf.writeBigUInt64LE(e.timestampNs, at);
    buf.writeUInt32LE(e.rising ? 1 : 2, at + 8); // GPIO_V2_LINE_EVENT_RISING_EDGE / _FALLING_EDGE
    buf.writeUInt32LE(e.offset, at + 12);
    buf.writeUInt32LE(e.seqno, at + 16);
    buf.writeUInt32LE(e.seqno, at + 20);
  });
  return buf;
}

async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe("native GPIO addon", () => {
  let addon: GpioAddon;
  let dir: string;
  let fifo: string;

  beforeAll(() => {
    addon = builtGpioAddon();
    dir = mkdtempSync(join(tmpdir(), "dialtone-gpio-"));
    fifo = join(dir, "events");
    execFileSync("mkfifo", [fifo]);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exports the uAPI v2 flag values of linux/gpio.h", () => {
    expect(addon.flags).toEqual({ INPUT: 4, OUTPUT: 8, EDGE_RISING: 16, EDGE_FALLING: 32, BIAS_PULL_UP: 256, BIAS_PULL_DOWN: 512, BIAS_DISABLED: 1024 });
  });

  it("says clearly when a chip is missing or a device is not a GPIO chip", () => {
    expect(() => addon.chipInfo(join(dir, "gpiochip0"))).toThrow(expect.objectContaining({ code: "ENOENT", message: `${join(dir, "gpiochip0")}: No such file or directory` }));
    expect(() => addon.chipInfo("/dev/null")).toThrow(expect.objectContaining({ code: "ENOTTY", message: expect.stringContaining("/dev/null: not a GPIO character device") }));
    expect(() => addon.requestLine("/dev/null", 23, addon.flags.INPUT, -1, "dialtone")).toThrow(expect.objectContaining({ code: "ENOTTY" }));
    expect(() => addon.getValue(-1)).toThrow(expect.objectContaining({ code: "EBADF" }));
  });

  it("rejects wrong argument types instead of crashing", () => {
    const loose = addon as unknown as { chipInfo(p: unknown): unknown; watch(fd: unknown, cb: unknown): unknown };
    expect(() => loose.chipInfo(42)).toThrow(TypeError);
    expect(() => loose.watch(0, "not a function")).toThrow(TypeError);
  });

  it("reads whole event records when the fd becomes readable, in batches, until unwatched", async () => {
    const fd = openSync(fifo, constants.O_RDWR);
    const batches: { events: readonly KernelEdgeEvent[]; readNs: bigint }[] = [];
    const handle = addon.watch(fd, (error, events, readNs) => {
      expect(error).toBeNull();
      batches.push({ events: events!, readNs });
    });
    const before = process.hrtime.bigint();
    writeSync(fd, eventBytes([{ rising: true, timestampNs: 1_000n, offset: 23, seqno: 1 }, { rising: false, timestampNs: 2_500n, offset: 23, seqno: 2 }]));
    await until(() => batches.length === 1, "the first batch");
    expect(batches[0]!.events).toEqual([
      { rising: true, timestampNs: 1_000n, offset: 23, seqno: 1, lineSeqno: 1 },
      { rising: false, timestampNs: 2_500n, offset: 23, seqno: 2, lineSeqno: 2 },
    ]);
    // readNs is CLOCK_MONOTONIC, the clock process.hrtime reads on Linux.
    expect(batches[0]!.readNs).toBeGreaterThanOrEqual(before);
    expect(batches[0]!.readNs).toBeLessThanOrEqual(process.hrtime.bigint());
    addon.unwatch(handle);
    addon.unwatch(handle);
    writeSync(fd, eventBytes([{ rising: true, timestampNs: 3_000n, offset: 23, seqno: 3 }]));
    await new Promise((resolve) => setImmediate(resolve));
    expect(batches).toHaveLength(1);
    closeSync(fd);
  });

  it("reports a torn record as an error and stops watching", async () => {
    const fd = openSync(fifo, constants.O_RDWR);
    const errors: string[] = [];
    addon.watch(fd, (error) => errors.push(`${error?.code}`));
    writeSync(fd, Buffer.alloc(EVENT_BYTES - 8));
    await until(() => errors.length === 1, "the error");
    expect(errors).toEqual(["EIO"]);
    closeSync(fd);
  });

  it("through CdevGpio, turns the kernel's monotonic stamps into the Clock's time (ms, not ns)", async () => {
    const fd = openSync(fifo, constants.O_RDWR);
    const kernel: GpioAddon = { ...addon, requestLine: () => fd, close: () => undefined };
    const clock = new FakeClock();
    clock.advance(100_000);
    const gpio = new CdevGpio(kernel, [{ path: "/dev/gpiochip0", name: "gpiochip0", label: "pinctrl-bcm2711", lines: 58 }], clock);
    const chip = gpio.openChip("pinctrl-bcm2711");
    if (!chip.ok) throw chip.error;
    const line = chip.value.request(23, { direction: "input", edge: "both", bias: "pull-down" });
    if (!line.ok) throw line.error;
    const stamps: number[] = [];
    line.value.onEdge((e) => stamps.push(e.atMs));
    writeSync(fd, eventBytes([{ rising: true, timestampNs: process.hrtime.bigint() - 5_000_000n, offset: 23, seqno: 1 }]));
    await until(() => stamps.length === 1, "the edge");
    const ageMs = 100_000 - stamps[0]!;
    expect(ageMs).toBeGreaterThanOrEqual(5);
    expect(ageMs).toBeLessThan(30_000);
    line.value.release();
    closeSync(fd);
  });

  it("is reported as not built, with the build command, when the file is absent", () => {
    const missing = loadGpioAddon(join(dir, "nothing.node"));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error).toMatch(/did not load .*rebuild it with: npm run build:native/s);
    expect(findGpioAddon(dir, {})).toBeUndefined();
    expect(findGpioAddon(dir, { DIALTONE_GPIO_ADDON: "/opt/gpio.node" })).toBe("/opt/gpio.node");
    const absent = loadGpioAddon(undefined);
    expect(!absent.ok && absent.error).toMatch(/not built .*build it with: npm run build:native/);
  });
});
