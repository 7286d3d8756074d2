#!/usr/bin/env node
// Bundles the agent into dist/dialtone.js for Node 18+. Native addons stay external: our own
// (native/*) are built and copied beside the bundle, in dist/native/<name>/build/Release/, where
// their loaders look first; packages with native parts (serialport, onoff) load from node_modules.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

await build({
  entryPoints: ["src/main.ts"],
  outfile: "dist/dialtone.js",
  bundle: true,
  platform: "node",
  target: "node18",
  format: "esm",
  sourcemap: true,
  external: ["*.node", "serialport", "@serialport/*", "onoff", "epoll"],
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  logLevel: "warning",
});

spawnSync(process.execPath, ["scripts/build-native.mjs", "--if-missing", "--optional"], { stdio: "inherit" });
for (const name of readdirSync("native")) {
  const release = join("native", name, "build", "Release");
  if (!existsSync(release)) continue;
  for (const file of readdirSync(release).filter((f) => f.endsWith(".node"))) {
    cpSync(join(release, file), join("dist", release, file));
  }
}
