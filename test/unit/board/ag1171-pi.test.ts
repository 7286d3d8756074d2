/**
 * board/ag1171-pi: the board as data (pins on the Pi header that do not collide with each
 * other or with the header's I2C, SPI0, UART and I2S pins, which a sound card or console
 * may need, nor with PWM 12/13, kept free for a hardware-timed F/R) and openGpioLine over an injected fake GPIO: a working Line, MT8870 digits when
 * the spec has a decoder, a clear rejection for a busy pin, audio closed with the line.
 * Does not open real GPIO (test/hardware/gpio.test.ts does, by hand on a Pi).
 */
import { describe, expect, it } from "vitest";
import { AG1171_MT8870_PINS, ag1171Pi, ag1171PiLine, openGpioLine } from "../../../board/ag1171-pi.js";
import type { GpioLineSpec } from "../../../board/types.js";
import { FakeGpio } from "../../../hal/gpio/testing/fake-gpio.js";
import { FakeLine } from "../../../hal/testing/fake-line.js";
import { FakeClock } from "../../../src/util/clock.js";
import { silentLogs } from "../../../src/util/log.js";

const RESERVED = { i2c: [2, 3], spi0: [7, 8, 9, 10, 11], uart: [14, 15], i2s: [18, 19, 20, 21], pwm: [12, 13] };
const CHIP = "pinctrl-bcm2711";

describe("ag1171-pi board data", () => {
  it("is one GPIO line with distinct header pins clear of I2C, SPI0, UART, I2S and the free PWM pair", () => {
    expect(ag1171Pi.name).toBe("ag1171-pi");
    expect(ag1171Pi.lines).toEqual([ag1171PiLine]);
    const pins = [ag1171PiLine.hook, ag1171PiLine.ringMode, ag1171PiLine.forwardReverse, ...Object.values(AG1171_MT8870_PINS)].map((p) => p.line);
    expect(new Set(pins).size).toBe(8);
    expect(pins.every((p) => p >= 0 && p <= 27)).toBe(true);
    expect(pins.filter((p) => Object.values(RESERVED).flat().includes(p))).toEqual([]);
    expect([ag1171PiLine.ringFrequencyHz, ag1171PiLine.dtmf]).toEqual([20, "software"]);
  });
});

describe("openGpioLine", () => {
  function deps(spec: GpioLineSpec = ag1171PiLine) {
    const clock = new FakeClock();
    const gpio = new FakeGpio(clock);
    const audioSide = new FakeLine({ index: 0, clock });
    let audioClosed = 0;
    const a = audioSide.audio;
    const audio = {
      sampleRateHz: a.sampleRateHz, frameSamples: a.frameSamples, onCapture: a.onCapture, play: a.play,
      get queuedFrames() { return a.queuedFrames; },
      close: () => { audioClosed++; },
    };
    return { spec, clock, gpio, audioClosed: () => audioClosed, open: () => openGpioLine(spec, { clock, logs: silentLogs, audio, gpio, index: 1 }) };
  }

  it("opens a Line on the board's pins that rings on RM and F/R and closes its audio with it", async () => {
    const d = deps();
    const line = await d.open();
    expect([line.index, line.hook, line.onHardwareDigit]).toEqual([1, "on", undefined]);
    await line.setRing(true);
    d.clock.advance(100);
    expect(d.gpio.level(CHIP, 24)).toBe(true);
    expect(d.gpio.history(CHIP, 25)).toHaveLength(1 + 4);
    await line.close();
    expect([d.gpio.level(CHIP, 24), d.gpio.isRequested(CHIP, 23), d.audioClosed()]).toEqual([false, false, 1]);
  });

  it("reports MT8870 digits when the spec wires a decoder", async () => {
    const d = deps({ ...ag1171PiLine, dtmf: AG1171_MT8870_PINS });
    const line = await d.open();
    const digits: string[] = [];
    line.onHardwareDigit!((digit) => digits.push(digit.digit));
    for (const [pin, high] of [[5, false], [6, false], [16, true], [17, true]] as const) d.gpio.drive(CHIP, pin, high);
    d.gpio.drive(CHIP, 22, true);
    expect(digits).toEqual(["#"]);
    await line.close();
  });

  it("rejects with the line and the reason when a pin is busy", async () => {
    const d = deps();
    d.gpio.holdElsewhere(CHIP, 24);
    await expect(d.open()).rejects.toThrow(`line 1: line 24 of "${CHIP}" is already requested`);
    expect(d.gpio.isRequested(CHIP, 23)).toBe(false);
  });
});
