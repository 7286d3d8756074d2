/**
 * The built ALSA addon for tests: built with node-gyp if it is not there yet (so a fresh
 * clone's `npm test` exercises it), and a loud error naming the fix if it cannot be built.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ADDON_RELATIVE_PATH, loadAlsaAddon, type AlsaAddon } from "../../../hal/alsa/alsa-addon.js";

const ROOT = resolve(import.meta.dirname, "../../..");
export const ADDON_PATH = join(ROOT, ADDON_RELATIVE_PATH);

function nodeGyp(): string {
  const npmRoot = execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim();
  const bundled = join(npmRoot, "npm/node_modules/node-gyp/bin/node-gyp.js");
  if (!existsSync(bundled)) throw new Error(`node-gyp not found at ${bundled}: npm install -g node-gyp`);
  return bundled;
}

export function builtAddon(): AlsaAddon {
  if (!existsSync(ADDON_PATH)) {
    try {
      const nodedir = process.env.npm_config_nodedir ?? (existsSync("/usr/include/node/node_api.h") ? "/usr" : undefined);
      const args = [nodeGyp(), "rebuild", "--directory", join(ROOT, "native/alsa"), ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
      execFileSync(process.execPath, args, { stdio: "pipe" });
    } catch (e) {
      throw new Error(`building native/alsa failed (needs libasound2-dev, gcc, make, python3: apt-get install -y libasound2-dev build-essential python3): ${(e as Error).message}`);
    }
  }
  const addon = loadAlsaAddon(ADDON_PATH);
  if (!addon.ok) throw new Error(addon.error);
  return addon.value;
}
