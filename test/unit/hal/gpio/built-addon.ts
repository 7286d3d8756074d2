/** The built GPIO addon for tests (see test/support/native-addon.ts). */
import { ADDON_RELATIVE_PATH, loadGpioAddon, type GpioAddon } from "../../../../hal/gpio/cdev/gpio-addon.js";
import { ensureNativeAddon } from "../../../support/native-addon.js";

export const GPIO_ADDON_PATH = ensureNativeAddon("gpio", ADDON_RELATIVE_PATH);

export function builtGpioAddon(): GpioAddon {
  const addon = loadGpioAddon(GPIO_ADDON_PATH);
  if (!addon.ok) throw new Error(addon.error);
  return addon.value;
}
