/**
 * Chooses how to reach GPIO, once, at open time: the character device when the addon is
 * built and /dev/gpiochip* answers, else sysfs through onoff (chip bases read from sysfs).
 * The log says which was chosen and why the other was not.
 */
import type { Clock } from "../../src/util/clock.js";
import type { Logs } from "../../src/util/log.js";
import { err, ok, type Result } from "../../src/util/result.js";
import { CdevGpio, scanChips } from "./cdev/cdev-gpio.js";
import { findGpioAddon, loadGpioAddon, type GpioAddon } from "./cdev/gpio-addon.js";
import type { GpioBackend } from "./gpio.js";
import { readSysfsChips, SYSFS_GPIO_ROOT } from "./sysfs/sysfs-chips.js";
import { loadOnoff, SysfsGpio, type OnoffModule } from "./sysfs/sysfs-gpio.js";

export interface OpenGpioOptions {
  readonly clock: Clock;
  readonly logs: Logs;
  readonly devDir?: string;
  readonly sysfsRoot?: string;
  /** Replaceable for tests; default: the addon in native/gpio. */
  readonly loadAddon?: () => Result<GpioAddon, string>;
  /** Replaceable for tests; default: require("onoff"). */
  readonly loadOnoff?: () => Result<OnoffModule, string>;
}

function openCdev(o: OpenGpioOptions): Result<GpioBackend, string> {
  const addon = o.loadAddon ? o.loadAddon() : loadGpioAddon(findGpioAddon());
  if (!addon.ok) return addon;
  const devDir = o.devDir ?? "/dev";
  const { chips, problems } = scanChips(addon.value, devDir);
  if (chips.length === 0) {
    return err(problems.length ? `no GPIO chip could be opened: ${problems.join("; ")}` : `no ${devDir}/gpiochip* devices`);
  }
  return ok(new CdevGpio(addon.value, chips, o.clock));
}

function openSysfs(o: OpenGpioOptions): Result<GpioBackend, string> {
  const root = o.sysfsRoot ?? SYSFS_GPIO_ROOT;
  const chips = readSysfsChips(root);
  if (!chips.ok) return chips;
  if (chips.value.length === 0) return err(`${root} lists no GPIO chips`);
  const onoff = (o.loadOnoff ?? loadOnoff)();
  if (!onoff.ok) return onoff;
  if (!onoff.value.Gpio.accessible) return err(`onoff reports ${root} is not accessible to this user`);
  return ok(new SysfsGpio(onoff.value, chips.value, o.clock, o.logs.get("gpio.sysfs")));
}

/** The GPIO backend for this machine, or why there is none. */
export function openGpio(o: OpenGpioOptions): Result<GpioBackend, string> {
  const log = o.logs.get("gpio");
  const cdev = openCdev(o);
  if (cdev.ok) {
    log.info(`using the GPIO character device (chips: ${cdev.value.labels().join(", ")})`);
    return cdev;
  }
  const sysfs = openSysfs(o);
  if (sysfs.ok) {
    log.warn(`using sysfs GPIO through onoff because the character device is not usable: ${cdev.error}`);
    return sysfs;
  }
  const reason = `no usable GPIO: character device: ${cdev.error}; sysfs: ${sysfs.error}`;
  log.error(reason);
  return err(reason);
}
