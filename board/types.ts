/**
 * Boards are data: which driver serves each analog port, on which pins or serial device,
 * and which sound card carries its audio. `board/open.ts` turns a BoardSpec into Lines
 * (hal/line.ts); nothing here touches hardware.
 */

/**
 * One GPIO line. `chip` is a gpiochip label as the kernel reports it (for example
 * "pinctrl-bcm2711" on a Pi 4, "pinctrl-rp1" on a Pi 5); absent means the Pi's main header
 * chip, found by label at open time. `line` is the offset on that chip (the BCM number on
 * a Pi header). Active-low is applied once, in the HAL, so the layers above see logic levels.
 */
export interface GpioPin {
  readonly line: number;
  readonly chip?: string;
  readonly activeLow?: boolean;
}

/** An ALSA PCM for one port, found by card name (never by index: USB indices move across boots). */
export interface AudioDeviceSpec {
  /** The card's id or name as in /proc/asound/cards, e.g. "Device" or "USB Audio Device". */
  readonly card: string;
  /** PCM device number on the card; default 0. */
  readonly device?: number;
  /** Frames per ALSA period; default 160 (20 ms at 8 kHz). */
  readonly periodFrames?: number;
}

/** An MT8870-style DTMF decoder wired to GPIO: four data bits and the delayed steering strobe. */
export interface DtmfDecoderPins {
  readonly q1: GpioPin;
  readonly q2: GpioPin;
  readonly q3: GpioPin;
  readonly q4: GpioPin;
  readonly strobe: GpioPin;
}

export interface SimLineSpec {
  readonly driver: "sim";
}

/** A SLIC module driven from GPIO (AG1171/KS0835F: SHK in, RM and F/R out). */
export interface GpioLineSpec {
  readonly driver: "gpio";
  readonly hook: GpioPin;
  readonly ringMode: GpioPin;
  readonly forwardReverse: GpioPin;
  /** F/R toggle rate while ringing: 20 (North America, most of Europe) or 25 Hz. */
  readonly ringFrequencyHz: 20 | 25;
  /** "software": DTMF detected in the audio; otherwise the decoder chip's pins. */
  readonly dtmf: "software" | DtmfDecoderPins;
  readonly audio: AudioDeviceSpec;
}

/** A line controller on a UART speaking the protocol in docs/line-protocol.md. */
export interface SerialLineSpec {
  readonly driver: "serial";
  /** Device path, e.g. /dev/ttyACM0 or /dev/serial/by-id/... */
  readonly path: string;
  readonly baudRate: number;
  /** Port number on the controller, 0-based. */
  readonly port: number;
  readonly audio: AudioDeviceSpec;
}

export type LineSpec = SimLineSpec | GpioLineSpec | SerialLineSpec;

export interface BoardSpec {
  /** The name used in the config file's "board" and on the command line (`--board`). */
  readonly name: string;
  readonly description: string;
  readonly lines: readonly LineSpec[];
}
