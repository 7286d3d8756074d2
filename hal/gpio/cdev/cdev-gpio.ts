/**
 * GPIO through the character device (Linux uAPI v2, include/uapi/linux/gpio.h): chips found
 * by label by scanning /dev/gpiochip* with GPIO_GET_CHIPINFO_IOCTL, one line request per
 * pin (GPIO_V2_GET_LINE_IOCTL), edge events with kernel CLOCK_MONOTONIC timestamps converted
 * to the Clock's scale. The addon reads events when libuv reports the fd readable.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { Clock } from "../../../src/util/clock.js";
import { err, ok, type Result } from "../../../src/util/result.js";
import { codeForErrno, GpioError, type GpioBackend, type GpioChip, type GpioLineConfig, type GpioLineHandle } from "../gpio.js";
import { LineHandleBase } from "../line-handle-base.js";
import { kernelToClockMs, type AddonError, type GpioAddon } from "./gpio-addon.js";

export interface CdevChipInfo {
  readonly path: string;
  readonly name: string;
  readonly label: string;
  readonly lines: number;
}

const CONSUMER = "dialtone";

/** The chips under `devDir` in number order, and why any could not be read. */
export function scanChips(addon: Pick<GpioAddon, "chipInfo">, devDir = "/dev"): { chips: CdevChipInfo[]; problems: string[] } {
  let names: string[];
  try {
    names = readdirSync(devDir).filter((n) => /^gpiochip\d+$/.test(n));
  } catch (e) {
    return { chips: [], problems: [`${devDir}: ${(e as Error).message}`] };
  }
  names.sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)));
  const chips: CdevChipInfo[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const path = join(devDir, name);
    try {
      chips.push({ path, ...addon.chipInfo(path) });
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  return { chips, problems };
}

class CdevLineHandle extends LineHandleBase {
  private watchHandle: object | undefined;

  constructor(private readonly addon: GpioAddon, private readonly fd: number, chipLabel: string, offset: number, config: GpioLineConfig, clock: Clock, private readonly forget: () => void) {
    super(chipLabel, offset, config);
    if (config.direction === "input" && config.edge !== "none") {
      this.watchHandle = addon.watch(fd, (error, events, readNs) => {
        if (error) {
          this.emitError(new GpioError("io", `${this.describe()}: ${error.message}`));
          return;
        }
        const now = clock.now();
        for (const e of events ?? []) this.emitEdge({ high: e.rising, atMs: kernelToClockMs(now, readNs, e.timestampNs) });
      });
    }
  }

  protected readLevel(): boolean {
    return this.addon.getValue(this.fd);
  }

  protected writeLevel(high: boolean): void {
    this.addon.setValue(this.fd, high);
  }

  protected dispose(): void {
    if (this.watchHandle) this.addon.unwatch(this.watchHandle);
    this.addon.close(this.fd);
    this.forget();
  }
}

export class CdevGpio implements GpioBackend {
  readonly kind = "cdev";
  private readonly handles = new Set<GpioLineHandle>();

  constructor(private readonly addon: GpioAddon, private readonly chips: readonly CdevChipInfo[], private readonly clock: Clock) {}

  labels(): readonly string[] {
    return this.chips.map((c) => c.label);
  }

  openChip(label: string): Result<GpioChip, GpioError> {
    const info = this.chips.find((c) => c.label === label);
    if (!info) return err(new GpioError("chip-not-found", `no GPIO chip labelled "${label}" (present: ${this.labels().join(", ") || "none"})`));
    return ok({ label, name: info.name, lineCount: info.lines, request: (offset, config) => this.request(info, offset, config) });
  }

  close(): void {
    for (const h of [...this.handles]) h.release();
  }

  /** The uAPI v2 flags for a request (gpio.h: enum gpio_v2_line_flag). */
  flagsFor(config: GpioLineConfig): number {
    const f = this.addon.flags;
    if (config.direction === "output") return f.OUTPUT;
    let flags = f.INPUT;
    if (config.edge === "rising" || config.edge === "both") flags |= f.EDGE_RISING;
    if (config.edge === "falling" || config.edge === "both") flags |= f.EDGE_FALLING;
    if (config.bias === "pull-up") flags |= f.BIAS_PULL_UP;
    if (config.bias === "pull-down") flags |= f.BIAS_PULL_DOWN;
    if (config.bias === "disabled") flags |= f.BIAS_DISABLED;
    return flags;
  }

  private request(info: CdevChipInfo, offset: number, config: GpioLineConfig): Result<GpioLineHandle, GpioError> {
    if (!Number.isInteger(offset) || offset < 0 || offset >= info.lines) {
      return err(new GpioError("line-out-of-range", `line ${offset} is past "${info.label}" (${info.lines} lines)`));
    }
    const output = config.direction === "output" ? Number(config.initialHigh) : -1;
    let fd: number;
    try {
      fd = this.addon.requestLine(info.path, offset, this.flagsFor(config), output, CONSUMER);
    } catch (e) {
      return err(new GpioError(codeForErrno((e as AddonError).code), `line ${offset} of "${info.label}" (${info.path}): ${(e as Error).message}`));
    }
    const handle: GpioLineHandle = new CdevLineHandle(this.addon, fd, info.label, offset, config, this.clock, () => this.handles.delete(handle));
    this.handles.add(handle);
    return ok(handle);
  }
}
