/**
 * Every GPIO backend keeps the gpio.ts contract: the fake as it is, the character-device
 * backend over a fake kernel (FakeKernelAddon answers as the ioctls would), the sysfs
 * backend over a fake onoff. Also the backend-specific parts the contract leaves open:
 * read errors become line errors, sysfs stamps edges on arrival. Does not touch a real
 * kernel (native-addon.test.ts does what this machine allows).
 */
import { expect, it } from "vitest";
import { CdevGpio } from "../../../../hal/gpio/cdev/cdev-gpio.js";
import type { GpioError } from "../../../../hal/gpio/gpio.js";
import { SysfsGpio } from "../../../../hal/gpio/sysfs/sysfs-gpio.js";
import { FakeGpio } from "../../../../hal/gpio/testing/fake-gpio.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import { FakeKernelAddon, fakeOnoff } from "./fake-kernel.js";
import { describeGpioContract, type GpioHarness } from "./gpio-contract.js";

const LABEL = "pinctrl-bcm2711";

function fakeHarness(): GpioHarness & { gpio: FakeGpio } {
  const clock = new FakeClock();
  const gpio = new FakeGpio(clock, [{ label: "other", lines: 4 }, { label: LABEL, lines: 58 }]);
  return { backend: gpio, gpio, clock, label: LABEL, lines: 58, drive: (o, high) => gpio.drive(LABEL, o, high), holdElsewhere: (o) => gpio.holdElsewhere(LABEL, o) };
}

function cdevHarness(): GpioHarness & { kernel: FakeKernelAddon } {
  const clock = new FakeClock();
  const kernel = new FakeKernelAddon().addChip("/dev/gpiochip0", LABEL, 58);
  const backend = new CdevGpio(kernel, [{ path: "/dev/gpiochip0", name: "gpiochip0", label: LABEL, lines: 58 }], clock);
  // Read at once: the event's age is zero, so it lands on clock.now().
  const drive = (offset: number, high: boolean): void => kernel.edge("/dev/gpiochip0", offset, high, 7_000_000n, 7_000_000n);
  return { backend, kernel, clock, label: LABEL, lines: 58, drive, holdElsewhere: (o) => kernel.holdElsewhere("/dev/gpiochip0", o) };
}

function sysfsHarness(): GpioHarness & { sysfs: ReturnType<typeof fakeOnoff> } {
  const clock = new FakeClock();
  const sysfs = fakeOnoff();
  const backend = new SysfsGpio(sysfs.module, [{ label: LABEL, base: 512, ngpio: 58 }], clock, silentLogs.get("gpio.sysfs"));
  return { backend, sysfs, clock, label: LABEL, lines: 58, drive: (o, high) => sysfs.drive(512 + o, high), holdElsewhere: (o) => sysfs.elsewhere.add(512 + o) };
}

describeGpioContract("FakeGpio", fakeHarness);
describeGpioContract("CdevGpio over a fake kernel", cdevHarness);
describeGpioContract("SysfsGpio over a fake onoff", sysfsHarness);

it("cdev: stamps each event of a batch with its kernel time on the Clock's scale", () => {
  const h = cdevHarness();
  h.clock.advance(1000);
  const chip = h.backend.openChip(LABEL);
  if (!chip.ok) throw chip.error;
  const line = chip.value.request(23, { direction: "input", edge: "both", bias: "pull-down" });
  if (!line.ok) throw line.error;
  const seen: [boolean, number][] = [];
  line.value.onEdge((e) => seen.push([e.high, e.atMs]));
  // Three edges 2 ms apart, read 5 ms after the last one: ages 9, 7 and 5 ms.
  h.kernel.batch("/dev/gpiochip0", 23, [
    { high: true, timestampNs: 50_000_000n },
    { high: false, timestampNs: 52_000_000n },
    { high: true, timestampNs: 54_000_000n },
  ], 59_000_000n);
  expect(seen).toEqual([[true, 991], [false, 993], [true, 995]]);
});

it("cdev: composes the uAPI flags for edges and bias, and sets the initial output value in the request", () => {
  const h = cdevHarness();
  const chip = h.backend.openChip(LABEL);
  if (!chip.ok) throw chip.error;
  chip.value.request(1, { direction: "input", edge: "both", bias: "pull-up" });
  chip.value.request(2, { direction: "input", edge: "falling", bias: "disabled" });
  chip.value.request(3, { direction: "output", initialHigh: true });
  expect([...h.kernel.requests.values()].map((r) => [r.offset, r.flags])).toEqual([[1, 4 | 16 | 32 | 256], [2, 4 | 32 | 1024], [3, 8]]);
  expect(h.kernel.getValue([...h.kernel.requests.keys()][2]!)).toBe(true);
});

it("cdev: a failing read becomes an error on the line", () => {
  const h = cdevHarness();
  const chip = h.backend.openChip(LABEL);
  if (!chip.ok) throw chip.error;
  const line = chip.value.request(23, { direction: "input", edge: "both", bias: "as-is" });
  if (!line.ok) throw line.error;
  const errors: GpioError[] = [];
  line.value.onError((e) => errors.push(e));
  h.kernel.fail("/dev/gpiochip0", 23);
  expect(errors.map((e) => [e.code, e.message])).toEqual([["io", 'GPIO line 23 of "pinctrl-bcm2711": read events: ENODEV']]);
});

it("sysfs: exports base + offset, stamps edges on arrival with clock.now(), and says bias is not applied", () => {
  const clock = new FakeClock();
  const sysfs = fakeOnoff();
  const warnings: string[] = [];
  const log = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (m: string) => warnings.push(m) };
  const backend = new SysfsGpio(sysfs.module, [{ label: "pinctrl-rp1", base: 571, ngpio: 54 }], clock, log);
  const chip = backend.openChip("pinctrl-rp1");
  if (!chip.ok) throw chip.error;
  expect(chip.value.name).toBe("gpiochip571");
  const line = chip.value.request(23, { direction: "input", edge: "both", bias: "pull-down" });
  if (!line.ok) throw line.error;
  expect([...sysfs.exported]).toEqual([[594, "in"]]);
  expect(warnings).toEqual(['sysfs cannot set bias: pull-down not applied on "pinctrl-rp1" line 23; wire a resistor or use the character device']);
  const seen: number[] = [];
  line.value.onEdge((e) => seen.push(e.atMs));
  clock.advance(42);
  sysfs.drive(594, true);
  expect(seen).toEqual([42]);
  line.value.release();
  expect(sysfs.exported.size).toBe(0);
});

it("fake: scripted edges keep their timestamps when read late, and the world cannot drive an output", () => {
  const { gpio, clock } = fakeHarness();
  const chip = gpio.openChip(LABEL);
  if (!chip.ok) throw chip.error;
  const line = chip.value.request(23, { direction: "input", edge: "both", bias: "as-is" });
  if (!line.ok) throw line.error;
  const seen: [boolean, number][] = [];
  line.value.onEdge((e) => seen.push([e.high, e.atMs]));
  gpio.script(LABEL, 23, [{ high: true, atMs: 10 }, { high: false, atMs: 11 }], 4);
  clock.advance(14);
  expect(seen).toEqual([[true, 10]]);
  clock.advance(1);
  expect(seen).toEqual([[true, 10], [false, 11]]);
  expect(() => gpio.drive(LABEL, 23, true, 99)).toThrow(/future/);
  chip.value.request(24, { direction: "output", initialHigh: false });
  expect(() => gpio.drive(LABEL, 24, true)).toThrow(/output/);
});
