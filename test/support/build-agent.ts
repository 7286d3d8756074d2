/**
 * Vitest global setup: builds dist/dialtone.js once, before any test file runs. The tests
 * that start the agent as a process (`node dist/dialtone.js`) all use it, and files running
 * side by side must not rebuild it under each other's feet.
 */
import { spawnSync } from "node:child_process";

export default function buildAgent(): void {
  const build = spawnSync(process.execPath, ["scripts/build.mjs"], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed (scripts/build.mjs): ${build.stderr}`);
}
