#!/usr/bin/env node
// Runs every benchmark under bench/ (files named *.bench.ts), one after another, each
// in its own Node process. `npm run bench -- sip-parse` runs only the ones whose name matches.
import { build } from "esbuild";
import { readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";

const filter = process.argv[2] ?? "";
const files = readdirSync("bench").filter((f) => f.endsWith(".bench.ts") && f.includes(filter)).sort();
let failures = 0;
for (const file of files) {
  const outfile = `.tmp/bench/${file.replace(/\.ts$/, ".mjs")}`;
  await build({ entryPoints: [`bench/${file}`], outfile, bundle: true, platform: "node", target: "node18", format: "esm", packages: "external", logLevel: "warning" });
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ["--expose-gc", outfile], { stdio: "inherit" });
  if (run.status !== 0) failures++;
}
process.exit(failures === 0 ? 0 : 1);
