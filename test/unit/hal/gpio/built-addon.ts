/**
 * The built GPIO addon for tests: compiled with node-gyp (npm's bundled copy) when it is
 * not there yet, so a fresh clone's `npm test` exercises the real build; a build that
 * cannot run fails loudly with the packages it needs.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ADDON_RELATIVE_PATH, loadGpioAddon, type GpioAddon } from "../../../../hal/gpio/cdev/gpio-addon.js";

const ROOT = resolve(import.meta.dirname, "../../../..");
export const GPIO_ADDON_PATH = join(ROOT, ADDON_RELATIVE_PATH);

function bundledNodeGyp(): string {
  const path = join(execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim(), "npm/node_modules/node-gyp/bin/node-gyp.js");
  if (!existsSync(path)) throw new Error(`node-gyp is not at ${path}; install it: npm install -g node-gyp`);
  return path;
}

export function builtGpioAddon(): GpioAddon {
  if (!existsSync(GPIO_ADDON_PATH)) {
    const nodedir = process.env.npm_config_nodedir ?? (existsSync("/usr/include/node/node_api.h") ? "/usr" : undefined);
    try {
      execFileSync(process.execPath, [bundledNodeGyp(), "rebuild", "--directory", join(ROOT, "native/gpio"), ...(nodedir ? [`--nodedir=${nodedir}`] : [])], { stdio: "pipe" });
    } catch (e) {
      const detail = (e as { stderr?: Buffer }).stderr?.toString() ?? (e as Error).message;
      throw new Error(`building native/gpio failed (needs gcc, make, python3 and Linux headers: apt-get install -y build-essential python3 linux-libc-dev): ${detail}`);
    }
  }
  const addon = loadGpioAddon(GPIO_ADDON_PATH);
  if (!addon.ok) throw new Error(addon.error);
  return addon.value;
}
