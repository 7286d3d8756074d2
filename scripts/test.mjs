#!/usr/bin/env node
// Runs every test: the type check, then vitest (unit and interop suites).
// Ends with the plain summary line "N passed, N failed"; exits non-zero on any failure.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync } from "node:fs";

const extra = process.argv.slice(2);
let passed = 0;
let failed = 0;

const tsc = spawnSync("npx", ["tsc", "--noEmit"], { stdio: "inherit" });
if (tsc.status === 0) passed++;
else {
  failed++;
  console.log("type check failed (tsc --noEmit)");
}

// Our native addons (native/*): their tests load the real builds; a build that fails is a failure.
const native = spawnSync(process.execPath, ["scripts/build-native.mjs", "--if-missing"], { stdio: "inherit" });
if (native.status !== 0) {
  failed++;
  console.log("native addon build failed (scripts/build-native.mjs)");
}

mkdirSync(".tmp", { recursive: true });
const report = ".tmp/vitest-report.json";
rmSync(report, { force: true });
const vitest = spawnSync("npx", ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extra], { stdio: "inherit" });

try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests;
  failed += json.numFailedTests;
  // A file that fails to load has no tests in it; count it as a failure.
  for (const file of json.testResults ?? []) {
    if (file.status === "failed" && (file.assertionResults ?? []).every((a) => a.status !== "failed")) failed++;
  }
  if (json.numTotalTests === 0) failed++;
} catch (error) {
  console.log(`no vitest report (${error.message}); vitest exited with ${vitest.status}`);
  failed++;
}
if (vitest.status !== 0 && failed === 0) failed++;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
