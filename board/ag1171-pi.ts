/**
 * The AG1171/KS0835F SLIC module on a Raspberry Pi header (docs/hardware-gpio.md has the
 * pin table and wiring), and the factory that opens a GpioLineSpec as a Line. Pins are
 * BCM offsets on the header chip, found by label at open time.
 */
import type { Clock } from "../src/util/clock.js";
import type { Logs } from "../src/util/log.js";
import type { GpioBackend } from "../hal/gpio/gpio.js";
import { GpioLines } from "../hal/gpio/gpio-lines.js";
import { GpioLine } from "../hal/gpio/gpio-line.js";
import { openGpio } from "../hal/gpio/open-gpio.js";
import type { Line, LineAudio } from "../hal/line.js";
import type { BoardSpec, DtmfDecoderPins, GpioLineSpec } from "./types.js";

/** An MT8870 on five header pins, for configurations that fit one (`dtmf` of the line). */
export const AG1171_MT8870_PINS: DtmfDecoderPins = {
  q1: { line: 5 },
  q2: { line: 6 },
  q3: { line: 16 },
  q4: { line: 17 },
  strobe: { line: 22 },
};

/** SHK on BCM 23, RM on BCM 24, F/R on BCM 25; DTMF detected in the audio; a USB sound card. */
export const ag1171PiLine: GpioLineSpec = {
  driver: "gpio",
  hook: { line: 23 },
  ringMode: { line: 24 },
  forwardReverse: { line: 25 },
  ringFrequencyHz: 20,
  dtmf: "software",
  audio: { card: "USB Audio Device", periodFrames: 160 },
};

export const ag1171Pi: BoardSpec = {
  name: "ag1171-pi",
  description: "AG1171/KS0835F SLIC on Raspberry Pi GPIO (SHK 23, RM 24, F/R 25), USB sound card",
  lines: [ag1171PiLine],
};

export interface OpenGpioLineDeps {
  readonly clock: Clock;
  readonly logs: Logs;
  readonly audio: LineAudio & { close?(): Promise<void> | void };
  /** A GPIO backend the caller owns (shared by several lines, or a fake); default: chosen by openGpio and closed with the line. */
  readonly gpio?: GpioBackend;
  readonly index?: number;
}

/** Opens one GPIO line; rejects with the reason (no GPIO, a pin busy, a chip missing). */
export async function openGpioLine(spec: GpioLineSpec, deps: OpenGpioLineDeps): Promise<Line> {
  const index = deps.index ?? 0;
  let backend = deps.gpio;
  if (!backend) {
    const opened = openGpio({ clock: deps.clock, logs: deps.logs });
    if (!opened.ok) throw new Error(`line ${index}: ${opened.error}`);
    backend = opened.value;
  }
  const owned = deps.gpio ? undefined : backend;
  const line = GpioLine.open(
    { hook: spec.hook, ringMode: spec.ringMode, forwardReverse: spec.forwardReverse, ringFrequencyHz: spec.ringFrequencyHz, ...(spec.dtmf === "software" ? {} : { dtmf: spec.dtmf }) },
    {
      index,
      clock: deps.clock,
      log: deps.logs.get("hal.gpio-line", index),
      gpio: new GpioLines(backend),
      audio: deps.audio,
      onClose: async () => {
        owned?.close();
        await deps.audio.close?.();
      },
    },
  );
  if (!line.ok) {
    owned?.close();
    throw new Error(`line ${index}: ${line.error.message}`);
  }
  return line.value;
}
