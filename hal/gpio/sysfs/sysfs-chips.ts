/**
 * The sysfs view of GPIO chips: /sys/class/gpio/gpiochipN/{label,base,ngpio}. Since kernel
 * 6.6 the bases are dynamic (512 for the Pi 4 header chip, 571 for the Pi 5's RP1), so a
 * sysfs GPIO number is always this chip's base plus the offset, read here, never assumed.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { err, ok, type Result } from "../../../src/util/result.js";

export const SYSFS_GPIO_ROOT = "/sys/class/gpio";

export interface SysfsChip {
  readonly label: string;
  readonly base: number;
  readonly ngpio: number;
}

function readInt(dir: string, file: string): number {
  const text = readFileSync(join(dir, file), "utf8").trim();
  if (!/^\d+$/.test(text)) throw new Error(`${join(dir, file)} holds "${text}", not a number`);
  return Number(text);
}

/** Every chip under `root`, in base order; an absent root is an error value (sysfs GPIO not in this kernel). */
export function readSysfsChips(root = SYSFS_GPIO_ROOT): Result<SysfsChip[], string> {
  let names: string[];
  try {
    names = readdirSync(root).filter((n) => /^gpiochip\d+$/.test(n));
  } catch (e) {
    return err(`${root} is not readable (${(e as Error).message}); this kernel has no sysfs GPIO (CONFIG_GPIO_SYSFS)`);
  }
  const chips: SysfsChip[] = [];
  for (const name of names) {
    const dir = join(root, name);
    try {
      chips.push({ label: readFileSync(join(dir, "label"), "utf8").trim(), base: readInt(dir, "base"), ngpio: readInt(dir, "ngpio") });
    } catch (e) {
      return err(`cannot read ${dir}: ${(e as Error).message}`);
    }
  }
  chips.sort((a, b) => a.base - b.base);
  return ok(chips);
}
