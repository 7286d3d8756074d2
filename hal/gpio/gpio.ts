/**
 * The GPIO boundary: chips found by label, lines requested as inputs (with edge detection
 * and bias) or outputs (with an initial value). Every backend (character device, sysfs via
 * onoff, the fake) MUST keep the sentences below; test/unit/hal/gpio/gpio-contract.ts checks
 * them on any backend.
 *
 * Levels here are physical (true = high). Active-low is applied once, above this boundary,
 * by GpioLines (gpio-lines.ts), so no backend inverts anything.
 */
import type { Result } from "../../src/util/result.js";
import type { Unsubscribe } from "../line.js";

export type GpioBias = "as-is" | "pull-up" | "pull-down" | "disabled";
export type GpioEdgeDetect = "none" | "rising" | "falling" | "both";

export interface GpioInputConfig {
  readonly direction: "input";
  readonly edge: GpioEdgeDetect;
  /** A backend that cannot set bias (sysfs) logs a warning once and leaves the pin as it is. */
  readonly bias: GpioBias;
}

export interface GpioOutputConfig {
  readonly direction: "output";
  /** The level driven from the moment of the request (no glitch to the other level). */
  readonly initialHigh: boolean;
}

export type GpioLineConfig = GpioInputConfig | GpioOutputConfig;

/** One edge seen by the kernel (or the fake): the level after it, and when, on the Clock's scale. */
export interface GpioEdgeEvent {
  readonly high: boolean;
  readonly atMs: number;
}

export type GpioErrorCode =
  | "chip-not-found"
  | "line-out-of-range"
  | "line-busy"
  | "permission-denied"
  | "not-output"
  | "no-edge-detection"
  | "released"
  | "io";

/**
 * Expected failures at request time (a chip that is not there, a line another process holds)
 * are returned as values; misuse of a handle (writing an input, using a released line) throws.
 */
export class GpioError extends Error {
  constructor(readonly code: GpioErrorCode, message: string) {
    super(message);
    this.name = "GpioError";
  }
}

/** The GpioErrorCode for an errno name from the kernel (request time). */
export function codeForErrno(errno: string | undefined): GpioErrorCode {
  if (errno === "EBUSY") return "line-busy";
  if (errno === "EACCES" || errno === "EPERM") return "permission-denied";
  return "io";
}

/** A requested line. */
export interface GpioLineHandle {
  readonly chipLabel: string;
  readonly offset: number;
  readonly config: GpioLineConfig;
  /** The line's level now (an output reads back what it drives). Throws GpioError "released" after release(). */
  readHigh(): boolean;
  /** Drives an output. Throws GpioError "not-output" on an input, "released" after release(). */
  writeHigh(high: boolean): void;
  /**
   * Calls `listener` for each edge the configuration asks for, in kernel order, with
   * timestamps converted to the Clock's `now()` scale (never in the future of `now()`).
   * Throws GpioError "no-edge-detection" on an output or an input requested with edge "none".
   */
  onEdge(listener: (edge: GpioEdgeEvent) => void): Unsubscribe;
  /** Calls `listener` when the line stops working (the chip went away, a read failed). */
  onError(listener: (error: GpioError) => void): Unsubscribe;
  /** Gives the line back to the kernel; no edges are delivered after it returns. Idempotent. */
  release(): void;
}

/** A GPIO chip, found by label. */
export interface GpioChip {
  readonly label: string;
  /** The kernel's name ("gpiochip0") or, on sysfs, "gpiochip<base>". */
  readonly name: string;
  readonly lineCount: number;
  /**
   * Requests one line. MUST return "line-out-of-range" for an offset past `lineCount`,
   * "line-busy" when this or another process holds the line, "permission-denied" when the
   * device cannot be opened for writing.
   */
  request(offset: number, config: GpioLineConfig): Result<GpioLineHandle, GpioError>;
}

/** One way of reaching GPIO on this machine. */
export interface GpioBackend {
  /** "cdev" (character device), "sysfs" (onoff) or "fake". */
  readonly kind: string;
  /** Labels of every chip present, in device order. */
  labels(): readonly string[];
  /** MUST return "chip-not-found" (naming the labels present) when no chip has this label. */
  openChip(label: string): Result<GpioChip, GpioError>;
  /** Releases every line still requested through this backend. Idempotent. */
  close(): void;
}

/** Labels of the chip behind the 40-pin header: Pi 1–3, Pi 4, Pi 5 (RP1). */
export const HEADER_CHIP_LABELS: readonly string[] = ["pinctrl-bcm2835", "pinctrl-bcm2711", "pinctrl-rp1"];

/** The header chip's label among `labels`, when one is present. */
export function headerChipLabel(labels: readonly string[]): string | undefined {
  return labels.find((l) => HEADER_CHIP_LABELS.includes(l));
}
