/**
 * The native addon in native/gpio (the GPIO character device, Linux uAPI v2), typed, and
 * found at run time wherever the code runs from (the source tree or the dist/ bundle). A
 * missing build is an expected failure: the caller falls back to sysfs and says why.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { err, ok, type Result } from "../../../src/util/result.js";

/** One struct gpio_v2_line_event as the addon hands it over. */
export interface KernelEdgeEvent {
  readonly rising: boolean;
  /** CLOCK_MONOTONIC, nanoseconds (the kernel's default event clock). */
  readonly timestampNs: bigint;
  readonly offset: number;
  readonly seqno: number;
  readonly lineSeqno: number;
}

/** An errno-carrying Error from the addon (`code` is ENOENT, EACCES, EBUSY, ENOTTY, ...). */
export interface AddonError extends Error {
  readonly code?: string;
}

export type WatchCallback = (error: AddonError | null, events: readonly KernelEdgeEvent[] | null, readNs: bigint) => void;

export interface GpioAddon {
  chipInfo(path: string): { readonly name: string; readonly label: string; readonly lines: number };
  /** Returns the request's fd. `outputValue` is 0/1 for outputs, -1 for inputs. */
  requestLine(path: string, offset: number, flags: number, outputValue: number, consumer: string): number;
  getValue(fd: number): boolean;
  setValue(fd: number, high: boolean): void;
  watch(fd: number, callback: WatchCallback): object;
  unwatch(handle: object): void;
  close(fd: number): void;
  readonly flags: {
    readonly INPUT: number;
    readonly OUTPUT: number;
    readonly EDGE_RISING: number;
    readonly EDGE_FALLING: number;
    readonly BIAS_PULL_UP: number;
    readonly BIAS_PULL_DOWN: number;
    readonly BIAS_DISABLED: number;
  };
}

export const ADDON_RELATIVE_PATH = join("native", "gpio", "build", "Release", "dialtone_gpio.node");
export const ADDON_BUILD_COMMAND = "npm run build:native   (node-gyp rebuild --directory native/gpio)";

/** Where the addon is: $DIALTONE_GPIO_ADDON, else native/gpio/build/Release in this or a parent folder. */
export function findGpioAddon(start = dirname(fileURLToPath(import.meta.url)), env = process.env): string | undefined {
  const override = env["DIALTONE_GPIO_ADDON"];
  if (override) return override;
  for (let dir = start, depth = 0; depth < 6; depth++, dir = dirname(dir)) {
    const candidate = join(dir, ADDON_RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Loads the addon; an absent or broken build is an error value naming the build command. */
export function loadGpioAddon(path: string | undefined): Result<GpioAddon, string> {
  if (path === undefined) return err(`the GPIO addon is not built (${ADDON_RELATIVE_PATH} not found); build it with: ${ADDON_BUILD_COMMAND}`);
  try {
    return ok(createRequire(import.meta.url)(path) as GpioAddon);
  } catch (e) {
    return err(`the GPIO addon at ${path} did not load (${(e as Error).message}); rebuild it with: ${ADDON_BUILD_COMMAND}`);
  }
}

/**
 * A kernel event time on the Clock's scale: the event's age on CLOCK_MONOTONIC when it was
 * read, taken from the Clock's `now()` at delivery. Never later than `clockNowMs`.
 */
export function kernelToClockMs(clockNowMs: number, readNs: bigint, eventNs: bigint): number {
  const ageMs = Number(readNs - eventNs) / 1e6;
  return clockNowMs - Math.max(0, ageMs);
}
