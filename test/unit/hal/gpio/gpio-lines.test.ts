/**
 * GpioLines, the one place active-low is applied: logical reads, writes, initial levels
 * and edge filters over physical pins on the fake GPIO; and how a pin's chip is chosen
 * (its label, or the Pi header chip by its known labels). Does not cover backends
 * (gpio-backends.test.ts) or the Line driver (gpio-line.test.ts).
 */
import { describe, expect, it } from "vitest";
import { GpioLines, type LogicalEdge } from "../../../../hal/gpio/gpio-lines.js";
import { FakeGpio } from "../../../../hal/gpio/testing/fake-gpio.js";
import { FakeClock } from "../../../../src/util/clock.js";

function setup(chips = [{ label: "raspberrypi-exp-gpio", lines: 8 }, { label: "pinctrl-rp1", lines: 54 }]) {
  const clock = new FakeClock();
  const gpio = new FakeGpio(clock, chips);
  return { clock, gpio, lines: new GpioLines(gpio) };
}

describe("GpioLines", () => {
  it("inverts an active-low input's level and edge filter: logical rising is a physical fall", () => {
    const { gpio, lines } = setup();
    gpio.drive("pinctrl-rp1", 17, true);
    const line = lines.request({ line: 17, activeLow: true }, { direction: "input", edge: "rising", bias: "pull-up" });
    if (!line.ok) throw line.error;
    expect(line.value.read()).toBe(false);
    const seen: LogicalEdge[] = [];
    line.value.onEdge((e) => seen.push(e));
    gpio.drive("pinctrl-rp1", 17, false);
    gpio.drive("pinctrl-rp1", 17, true);
    expect(seen).toEqual([{ active: true, atMs: 0 }]);
    expect(line.value.name).toBe("pinctrl-rp1:17 (active-low)");
  });

  it("drives an active-low output inverted, from its initial level on", () => {
    const { gpio, lines } = setup();
    const line = lines.request({ line: 4, chip: "raspberrypi-exp-gpio", activeLow: true }, { direction: "output", initialActive: false });
    if (!line.ok) throw line.error;
    expect(gpio.history("raspberrypi-exp-gpio", 4)).toEqual([{ high: true, atMs: 0 }]);
    line.value.write(true);
    expect([gpio.level("raspberrypi-exp-gpio", 4), line.value.read()]).toEqual([false, true]);
  });

  it("leaves an active-high pin as it is", () => {
    const { gpio, lines } = setup();
    const line = lines.request({ line: 5 }, { direction: "output", initialActive: true });
    if (!line.ok) throw line.error;
    expect([gpio.level("pinctrl-rp1", 5), line.value.read(), line.value.name]).toEqual([true, true, "pinctrl-rp1:5"]);
  });

  it("finds the header chip when the pin names none, and says which chips there are when it is absent", () => {
    const { lines } = setup([{ label: "gpio-mockup-A", lines: 8 }]);
    const line = lines.request({ line: 1 }, { direction: "output", initialActive: false });
    expect(!line.ok && [line.error.code, line.error.message]).toEqual([
      "chip-not-found",
      "no Raspberry Pi header chip (pinctrl-bcm2835, pinctrl-bcm2711, pinctrl-rp1) among the GPIO chips present: gpio-mockup-A",
    ]);
    const named = lines.request({ line: 1, chip: "pinctrl-bcm2711" }, { direction: "output", initialActive: false });
    expect(!named.ok && named.error.message).toBe('no GPIO chip labelled "pinctrl-bcm2711" (present: gpio-mockup-A)');
  });
});
