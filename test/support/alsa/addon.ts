/**
 * The built ALSA addon for tests: built with scripts/build-native.mjs if it is not there yet
 * (npm test builds it first anyway), and a loud error naming the fix if it cannot be built.
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

/** Builds through the project's script (npm's node-gyp, the local Node headers). */
function build(): void {
  try {
    execFileSync(process.execPath, ["scripts/build-native.mjs", "alsa"], { cwd: ROOT, stdio: "pipe" });
  } catch (e) {
    const output = (e as { stdout?: Buffer }).stdout?.toString() ?? "";
    throw new Error(`building native/alsa failed: ${output || (e as Error).message}`);
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
