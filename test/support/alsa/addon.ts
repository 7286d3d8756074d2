/** The built ALSA addon for tests (see test/support/native-addon.ts). */
import { ADDON_RELATIVE_PATH, loadAlsaAddon, type AlsaAddon } from "../../../hal/alsa/alsa-addon.js";
import { ensureNativeAddon } from "../native-addon.js";

export const ADDON_PATH = ensureNativeAddon("alsa", ADDON_RELATIVE_PATH);

export function builtAddon(): AlsaAddon {
  const addon = loadAlsaAddon(ADDON_PATH);
  if (!addon.ok) throw new Error(addon.error);
  return addon.value;
}
