/**
 * The layering rules of DESIGN.md §1, held by reading every import in the tree:
 * src/sip reaches nothing outside src/sip and src/util; src/util reaches nothing of
 * ours; src/config does not know SIP; hal/ knows nothing of SIP or calls; src/line
 * never imports src/sip; src/dsp (pure signal code) reaches only itself and src/util, and
 * the simulated board may use it to make and hear real signals. Also: only src/util/clock.ts touches timers, and library
 * code never writes to the console. Does not judge what code does, only what it reaches.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");

function files(dir: string): string[] {
  let out: string[] = [];
  let entries;
  try {
    entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  } catch {
    return out; // layer not written yet
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out = out.concat(files(path));
    else if (e.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Project-relative paths of the files a source file imports (relative imports only). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/g)) {
    out.push(relative(ROOT, resolve(ROOT, dirname(file), m[1]!)));
  }
  return out;
}

const SOURCE = [...files("src"), ...files("hal"), ...files("board")];

function violations(from: string, allowed: string[]): string[] {
  return files(from).flatMap((f) => importsOf(f).filter((i) => !allowed.some((a) => i.startsWith(a))).map((i) => `${f} imports ${i}`));
}

describe("layering", () => {
  it("has source files to check", () => {
    expect(files("src/sip").length).toBeGreaterThan(50);
  });

  it("keeps src/sip to itself and src/util", () => {
    expect(violations("src/sip", ["src/sip/", "src/util/"])).toEqual([]);
  });

  it("keeps src/util free of every other layer", () => {
    expect(violations("src/util", ["src/util/"])).toEqual([]);
  });

  it("keeps src/config free of SIP, lines and calls", () => {
    expect(violations("src/config", ["src/config/", "src/util/"])).toEqual([]);
  });

  it("keeps hal/ and board/ free of SIP, media and calls", () => {
    expect(violations("hal", ["hal/", "src/util/"])).toEqual([]);
    expect(violations("board", ["board/", "hal/", "src/util/", "src/dsp/"])).toEqual([]);
  });

  it("keeps src/dsp pure: it reaches only itself and src/util", () => {
    expect(violations("src/dsp", ["src/dsp/", "src/util/"])).toEqual([]);
  });

  it("keeps src/line away from src/sip", () => {
    expect(files("src/line").flatMap((f) => importsOf(f).filter((i) => i.startsWith("src/sip/")))).toEqual([]);
  });
});

describe("habits", () => {
  it("touches timers only in src/util/clock.ts", () => {
    const offenders = SOURCE.filter((f) => f !== "src/util/clock.ts" && /\b(setTimeout|setInterval)\(/.test(readFileSync(join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });

  it("never writes to the console from library code", () => {
    expect(SOURCE.filter((f) => /\bconsole\./.test(readFileSync(join(ROOT, f), "utf8")))).toEqual([]);
  });
});
