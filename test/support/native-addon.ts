/**
 * Our native addons (native/<name>) for tests: built with scripts/build-native.mjs when not
 * there yet (npm test builds them first; this covers `npx vitest run <file>` on a fresh
 * clone), with a loud error naming the packages a failed build needs. Test files run in
 * parallel processes: one builds under a lock directory while the others wait for it.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const BUILD_DEADLINE_MS = 180_000;

/** Absolute path of native/<name>'s built module, building it first when it is missing. */
export function ensureNativeAddon(name: string, relativePath: string): string {
  const path = join(ROOT, relativePath);
  const lock = join(tmpdir(), `dialtone-${name}-build-${Buffer.from(ROOT).toString("hex").slice(-24)}.lock`);
  const end = Date.now() + BUILD_DEADLINE_MS;
  while (!existsSync(path)) {
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > end) throw new Error(`native/${name} was not built within ${BUILD_DEADLINE_MS} ms (stale lock ${lock}?)`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
      continue;
    }
    try {
      if (!existsSync(path)) execFileSync(process.execPath, ["scripts/build-native.mjs", name], { cwd: ROOT, encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      throw new Error(`building native/${name} failed: ${(e as { stdout?: string }).stdout ?? (e as Error).message}`);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return path;
}
