/**
 * Finding GPIO on a machine: character-device chips by label (scanning a device folder and
 * asking each chip for its info), sysfs chips and their bases from a fake /sys/class/gpio
 * tree (Pi 4 on kernel 6.6+: base 512; Pi 5: 571; never assumed), the header chip by its
 * known labels, and openGpio's choice between the two with the reason logged. Does not open
 * a real chip (there is none here; native-addon.test.ts covers the addon's errors).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scanChips } from "../../../../hal/gpio/cdev/cdev-gpio.js";
import { headerChipLabel } from "../../../../hal/gpio/gpio.js";
import { openGpio } from "../../../../hal/gpio/open-gpio.js";
import { readSysfsChips } from "../../../../hal/gpio/sysfs/sysfs-chips.js";
import { loadOnoff } from "../../../../hal/gpio/sysfs/sysfs-gpio.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { err, ok } from "../../../../src/util/result.js";
import { builtGpioAddon } from "./built-addon.js";
import { FakeKernelAddon, fakeOnoff } from "./fake-kernel.js";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "dialtone-gpio-tree-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function sysfsChip(sys: string, base: number, label: string, ngpio: number): void {
  const dir = join(sys, `gpiochip${base}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "label"), `${label}\n`);
  writeFileSync(join(dir, "base"), `${base}\n`);
  writeFileSync(join(dir, "ngpio"), `${ngpio}\n`);
}

/** A device folder with the given gpiochip nodes (plain files; the fake kernel answers for them). */
function devices(names: readonly string[]): string {
  const dev = join(root, "dev");
  mkdirSync(dev);
  for (const n of [...names, "null", "gpiochip"]) writeFileSync(join(dev, n), "");
  return dev;
}

describe("character-device chips", () => {
  it("lists gpiochip nodes in number order and finds the header chip by label", () => {
    const dev = devices(["gpiochip10", "gpiochip2", "gpiochip0"]);
    const kernel = new FakeKernelAddon()
      .addChip(join(dev, "gpiochip0"), "pinctrl-rp1", 54)
      .addChip(join(dev, "gpiochip2"), "rp1-gpio-extra", 4)
      .addChip(join(dev, "gpiochip10"), "raspberrypi-exp-gpio", 8);
    const { chips, problems } = scanChips(kernel, dev);
    expect(chips.map((c) => [c.name, c.label, c.lines])).toEqual([["gpiochip0", "pinctrl-rp1", 54], ["gpiochip2", "rp1-gpio-extra", 4], ["gpiochip10", "raspberrypi-exp-gpio", 8]]);
    expect(problems).toEqual([]);
    expect(headerChipLabel(chips.map((c) => c.label))).toBe("pinctrl-rp1");
    expect(headerChipLabel(["raspberrypi-exp-gpio", "pinctrl-bcm2711"])).toBe("pinctrl-bcm2711");
    expect(headerChipLabel(["gpio-mockup-A"])).toBeUndefined();
  });

  it("keeps the chips it can read and says why the others failed", () => {
    const dev = devices(["gpiochip0", "gpiochip1"]);
    const kernel = new FakeKernelAddon().addChip(join(dev, "gpiochip1"), "pinctrl-bcm2835", 54);
    const { chips, problems } = scanChips(kernel, dev);
    expect(chips.map((c) => c.label)).toEqual(["pinctrl-bcm2835"]);
    expect(problems).toEqual([`${join(dev, "gpiochip0")}: ENOENT`]);
    expect(scanChips(kernel, join(root, "absent")).problems[0]).toContain("absent");
  });
});

describe("sysfs chips", () => {
  it("reads label, base and line count; a Pi 4 on kernel 6.6+ has its header at 512", () => {
    const sys = join(root, "gpio");
    sysfsChip(sys, 570, "raspberrypi-exp-gpio", 8);
    sysfsChip(sys, 512, "pinctrl-bcm2711", 58);
    mkdirSync(join(sys, "gpio535"));
    writeFileSync(join(sys, "export"), "");
    expect(readSysfsChips(sys)).toEqual(ok([{ label: "pinctrl-bcm2711", base: 512, ngpio: 58 }, { label: "raspberrypi-exp-gpio", base: 570, ngpio: 8 }]));
  });

  it("reads a Pi 5's RP1 at 571 and an old kernel's bcm2835 at 0", () => {
    const sys = join(root, "gpio");
    sysfsChip(sys, 571, "pinctrl-rp1", 54);
    sysfsChip(sys, 0, "pinctrl-bcm2835", 54);
    const chips = readSysfsChips(sys);
    expect(chips.ok && chips.value.map((c) => [c.label, c.base])).toEqual([["pinctrl-bcm2835", 0], ["pinctrl-rp1", 571]]);
  });

  it("says what is wrong with a missing tree or a malformed base", () => {
    expect(readSysfsChips(join(root, "none"))).toEqual(err(expect.stringContaining("no sysfs GPIO")));
    const sys = join(root, "gpio");
    sysfsChip(sys, 512, "pinctrl-bcm2711", 58);
    writeFileSync(join(sys, "gpiochip512", "base"), "five hundred\n");
    expect(readSysfsChips(sys)).toEqual(err(expect.stringContaining('holds "five hundred", not a number')));
  });
});

describe("openGpio", () => {
  const open = (o: Partial<Parameters<typeof openGpio>[0]>) => {
    const sink = new MemorySink();
    const result = openGpio({ clock: new FakeClock(), logs: new Logs(sink.sink, "debug"), devDir: join(root, "dev"), sysfsRoot: join(root, "gpio"), ...o });
    return { result, lines: sink.lines("gpio") };
  };

  it("uses the character device when the addon is built and a chip answers", () => {
    const dev = devices(["gpiochip0"]);
    const kernel = new FakeKernelAddon().addChip(join(dev, "gpiochip0"), "pinctrl-bcm2711", 58);
    const { result, lines } = open({ loadAddon: () => ok(kernel) });
    expect(result.ok && result.value.kind).toBe("cdev");
    expect(lines).toEqual(["info gpio using the GPIO character device (chips: pinctrl-bcm2711)"]);
  });

  it("falls back to sysfs when the addon is not built, and logs why", () => {
    sysfsChip(join(root, "gpio"), 512, "pinctrl-bcm2711", 58);
    const { result, lines } = open({ loadAddon: () => err("the GPIO addon is not built"), loadOnoff: () => ok(fakeOnoff().module) });
    expect(result.ok && result.value.kind).toBe("sysfs");
    expect(result.ok && result.value.labels()).toEqual(["pinctrl-bcm2711"]);
    expect(lines).toEqual(["warn gpio using sysfs GPIO through onoff because the character device is not usable: the GPIO addon is not built"]);
  });

  it("falls back to sysfs when no chip device exists", () => {
    devices([]);
    sysfsChip(join(root, "gpio"), 571, "pinctrl-rp1", 54);
    const { result, lines } = open({ loadAddon: () => ok(new FakeKernelAddon()), loadOnoff: () => ok(fakeOnoff().module) });
    expect(result.ok && result.value.kind).toBe("sysfs");
    expect(lines[0]).toContain(`no ${join(root, "dev")}/gpiochip* devices`);
  });

  it("gives both reasons when neither works", () => {
    sysfsChip(join(root, "gpio"), 512, "pinctrl-bcm2711", 58);
    const { result, lines } = open({ loadAddon: () => err("addon missing"), loadOnoff: () => ok(fakeOnoff(false).module) });
    expect(result).toEqual(err(`no usable GPIO: character device: addon missing; sysfs: onoff reports ${join(root, "gpio")} is not accessible to this user`));
    expect(lines[0]).toMatch(/^error gpio no usable GPIO/);
  });

  it("with the real addon and onoff loaders but no chips anywhere, says there is no usable GPIO", () => {
    builtGpioAddon();
    const dev = devices([]);
    const result = openGpio({ clock: new FakeClock(), logs: new Logs(() => undefined), devDir: dev, sysfsRoot: join(root, "gpio") });
    const onoff = loadOnoff();
    expect(onoff.ok && typeof onoff.value.Gpio).toBe("function");
    expect(result).toEqual(err(`no usable GPIO: character device: no ${dev}/gpiochip* devices; sysfs: ${join(root, "gpio")} is not readable (ENOENT: no such file or directory, scandir '${join(root, "gpio")}'); this kernel has no sysfs GPIO (CONFIG_GPIO_SYSFS)`));
  });
});
