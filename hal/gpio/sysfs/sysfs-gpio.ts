/**
 * GPIO through sysfs with the `onoff` package, for kernels where the character device is
 * not usable. The sysfs number is the chip's base (read from sysfs) plus the offset. sysfs
 * has no kernel timestamps (edges are stamped with clock.now() when they arrive) and no
 * bias control (a requested bias is logged as not applied, once per line).
 */
import { createRequire } from "node:module";
import type { Clock } from "../../../src/util/clock.js";
import type { Logger } from "../../../src/util/log.js";
import { err, ok, type Result } from "../../../src/util/result.js";
import { codeForErrno, GpioError, type GpioBackend, type GpioChip, type GpioLineConfig, type GpioLineHandle } from "../gpio.js";
import { LineHandleBase } from "../line-handle-base.js";
import type { SysfsChip } from "./sysfs-chips.js";

/** The part of onoff's Gpio that is used here. */
export interface OnoffGpio {
  readSync(): 0 | 1;
  writeSync(value: 0 | 1): void;
  watch(callback: (error: Error | null | undefined, value: 0 | 1) => void): void;
  unwatchAll(): void;
  unexport(): void;
}

export type OnoffDirection = "in" | "high" | "low";
export type OnoffEdge = "none" | "rising" | "falling" | "both";

export interface OnoffModule {
  readonly Gpio: {
    new (gpio: number, direction: OnoffDirection, edge: OnoffEdge, options: { reconfigureDirection: boolean }): OnoffGpio;
    readonly accessible: boolean;
  };
}

/** Loads onoff (and its native epoll) lazily; failure is a value. */
export function loadOnoff(): Result<OnoffModule, string> {
  try {
    return ok(createRequire(import.meta.url)("onoff") as OnoffModule);
  } catch (e) {
    return err(`the onoff package did not load (${(e as Error).message})`);
  }
}

class SysfsLineHandle extends LineHandleBase {
  constructor(private readonly gpio: OnoffGpio, chipLabel: string, offset: number, config: GpioLineConfig, clock: Clock, private readonly forget: () => void) {
    super(chipLabel, offset, config);
    if (config.direction === "input" && config.edge !== "none") {
      gpio.watch((error, value) => {
        if (error) this.emitError(new GpioError("io", `${this.describe()}: ${error.message}`));
        else if (this.wants(value === 1)) this.emitEdge({ high: value === 1, atMs: clock.now() });
      });
    }
  }

  protected readLevel(): boolean {
    return this.gpio.readSync() === 1;
  }

  protected writeLevel(high: boolean): void {
    this.gpio.writeSync(high ? 1 : 0);
  }

  protected dispose(): void {
    this.gpio.unwatchAll();
    this.gpio.unexport();
    this.forget();
  }
}

export class SysfsGpio implements GpioBackend {
  readonly kind = "sysfs";
  private readonly taken = new Map<number, GpioLineHandle>();

  constructor(private readonly onoff: OnoffModule, private readonly chips: readonly SysfsChip[], private readonly clock: Clock, private readonly log: Logger) {}

  labels(): readonly string[] {
    return this.chips.map((c) => c.label);
  }

  openChip(label: string): Result<GpioChip, GpioError> {
    const chip = this.chips.find((c) => c.label === label);
    if (!chip) return err(new GpioError("chip-not-found", `no GPIO chip labelled "${label}" in sysfs (present: ${this.labels().join(", ") || "none"})`));
    return ok({ label, name: `gpiochip${chip.base}`, lineCount: chip.ngpio, request: (offset, config) => this.request(chip, offset, config) });
  }

  close(): void {
    for (const h of [...this.taken.values()]) h.release();
  }

  private request(chip: SysfsChip, offset: number, config: GpioLineConfig): Result<GpioLineHandle, GpioError> {
    if (!Number.isInteger(offset) || offset < 0 || offset >= chip.ngpio) {
      return err(new GpioError("line-out-of-range", `line ${offset} is past "${chip.label}" (${chip.ngpio} lines)`));
    }
    const number = chip.base + offset;
    if (this.taken.has(number)) return err(new GpioError("line-busy", `line ${offset} of "${chip.label}" (sysfs gpio${number}) is already requested`));
    if (config.direction === "input" && config.bias !== "as-is") {
      this.log.warn(`sysfs cannot set bias: ${config.bias} not applied on "${chip.label}" line ${offset}; wire a resistor or use the character device`);
    }
    let gpio: OnoffGpio;
    try {
      gpio = config.direction === "input"
        ? new this.onoff.Gpio(number, "in", config.edge, { reconfigureDirection: true })
        : new this.onoff.Gpio(number, config.initialHigh ? "high" : "low", "none", { reconfigureDirection: true });
    } catch (e) {
      return err(new GpioError(codeForErrno((e as { code?: string }).code), `sysfs gpio${number} ("${chip.label}" line ${offset}): ${(e as Error).message}`));
    }
    const handle: GpioLineHandle = new SysfsLineHandle(gpio, chip.label, offset, config, this.clock, () => this.taken.delete(number));
    this.taken.set(number, handle);
    return ok(handle);
  }
}
