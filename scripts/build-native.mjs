#!/usr/bin/env node
// Builds our native addons (native/<name>/binding.gyp) with the node-gyp that npm ships, against
// the running Node's own headers when they are installed (no download). Usage:
//   node scripts/build-native.mjs [--if-missing] [--optional] [name ...]
// --if-missing skips an addon already built; --optional reports a failed build and goes on
// (the agent then falls back: sysfs GPIO through onoff, arecord/aplay for audio).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";

const args = process.argv.slice(2);
const ifMissing = args.includes("--if-missing");
const optional = args.includes("--optional");
const names = args.filter((a) => !a.startsWith("--"));
const addons = names.length > 0 ? names : readdirSync("native").filter((n) => existsSync(join("native", n, "binding.gyp")));

function nodeGyp() {
  const root = spawnSync("npm", ["root", "-g"], { encoding: "utf8" }).stdout.trim();
  const bundled = join(root, "npm/node_modules/node-gyp/bin/node-gyp.js");
  if (!existsSync(bundled)) throw new Error(`node-gyp not found at ${bundled}: npm install -g node-gyp`);
  return bundled;
}

/** The prefix holding this Node's headers (Debian's nodejs puts them in /usr/include/node). */
function nodedir() {
  if (process.env.npm_config_nodedir) return process.env.npm_config_nodedir;
  const prefix = dirname(dirname(process.execPath));
  return existsSync(join(prefix, "include/node/node_api.h")) ? prefix : undefined;
}

const NEEDS = {
  alsa: "libasound2-dev gcc make python3",
  gpio: "gcc make python3 linux-libc-dev",
};

function isBuilt(name) {
  const release = join("native", name, "build", "Release");
  return existsSync(release) && readdirSync(release).some((file) => file.endsWith(".node"));
}

let failures = 0;
for (const name of addons) {
  if (ifMissing && isBuilt(name)) continue;
  const dir = nodedir();
  const result = spawnSync(process.execPath, [nodeGyp(), "rebuild", "--directory", join("native", name), ...(dir ? [`--nodedir=${dir}`] : [])], { encoding: "utf8" });
  if (result.status === 0) {
    console.log(`native/${name}: built`);
    continue;
  }
  failures++;
  console.log(`native/${name}: build failed (needs: apt-get install -y ${NEEDS[name] ?? "gcc make python3"})\n${result.stderr.slice(-2000)}`);
}
process.exit(failures > 0 && !optional ? 1 : 0);
