/**
 * The built ALSA addon for tests: built with node-gyp if it is not there yet (so a fresh
 * clone's `npm test` exercises it), and a loud error naming the fix if it cannot be built.
 * Test files run in parallel processes: one builds under a lock directory, the others wait.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ADDON_RELATIVE_PATH, loadAlsaAddon, type AlsaAddon } from "../../../hal/alsa/alsa-addon.js";

const ROOT = resolve(import.meta.dirname, "../../..");
export const ADDON_PATH = join(ROOT, ADDON_RELATIVE_PATH);
const LOCK = join(tmpdir(), `dialtone-alsa-build-${Buffer.from(ROOT).toString("hex").slice(-24)}.lock`);
const BUILD_DEADLINE_MS = 180_000;

function nodeGyp(): string {
  const npmRoot = execFileSync("npm", ["root", "-g"], { encoding: "utf8" }).trim();
  const bundled = join(npmRoot, "npm/node_modules/node-gyp/bin/node-gyp.js");
  if (!existsSync(bundled)) throw new Error(`node-gyp not found at ${bundled}: npm install -g node-gyp`);
  return bundled;
}

function build(): void {
  const nodedir = process.env.npm_config_nodedir ?? (existsSync("/usr/include/node/node_api.h") ? "/usr" : undefined);
  const args = [nodeGyp(), "rebuild", "--directory", join(ROOT, "native/alsa"), ...(nodedir ? [`--nodedir=${nodedir}`] : [])];
  try {
    execFileSync(process.execPath, args, { stdio: "pipe" });
  } catch (e) {
    throw new Error(`building native/alsa failed (needs libasound2-dev, gcc, make, python3: apt-get install -y libasound2-dev build-essential python3): ${(e as Error).message}`);
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function builtAddon(): AlsaAddon {
  const end = Date.now() + BUILD_DEADLINE_MS;
  while (!existsSync(ADDON_PATH)) {
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test process is building: wait for its result.
      if (Date.now() > end) throw new Error(`waited ${BUILD_DEADLINE_MS} ms for another build of native/alsa (remove ${LOCK} if none runs)`);
      sleepSync(100);
      continue;
    }
    try {
      if (!existsSync(ADDON_PATH)) build();
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
  const addon = loadAlsaAddon(ADDON_PATH);
  if (!addon.ok) throw new Error(addon.error);
  return addon.value;
}
