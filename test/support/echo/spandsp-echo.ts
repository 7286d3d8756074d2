/**
 * spandsp's line echo canceller (echo-spandsp.c next to this file), built with `cc` into a
 * temp dir, run over a whole call: the peer ours is measured against in bench/echo.bench.ts.
 * Its Debian build prints debug lines on stdout; audio goes through files and stdout is
 * dropped.
 */
import { spawnSync } from "node:child_process";
import { compileReference } from "../compile-reference.js";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const INSTALL = "apt-get install -y gcc libspandsp-dev (or scripts/install-test-deps.sh)";
const SOURCE = fileURLToPath(new URL("./echo-spandsp.c", import.meta.url));

/** "linear": adaption only (G.168's filter-alone view); "full": with its NLP and comfort noise. */
export type SpandspEchoMode = "linear" | "full";

export class SpandspEcho {
  private readonly dir = mkdtempSync(join(tmpdir(), "dialtone-echo-spandsp-"));
  private readonly binary = join(this.dir, "echo-spandsp");

  /** `source`: the C file (default found next to this module; a bundled bench passes its path). */
  constructor(source = SOURCE) {
    try {
      compileReference({ source, binary: this.binary, libraries: ["spandsp"], what: "the spandsp echo canceller helper", install: INSTALL });
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** The cleaned capture, and the time spandsp spent in echo_can_update (ns, measured in C). */
  cancel(reference: Int16Array, capture: Int16Array, taps: number, mode: SpandspEchoMode): { out: Int16Array; ns: number } {
    const pairs = new Int16Array(2 * capture.length);
    for (let i = 0; i < capture.length; i++) {
      pairs[2 * i] = reference[i]!;
      pairs[2 * i + 1] = capture[i]!;
    }
    const input = join(this.dir, "in.raw");
    const output = join(this.dir, "out.raw");
    writeFileSync(input, pairs);
    const run = spawnSync(this.binary, [String(taps), mode, input, output], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    if (run.status !== 0) throw new Error(`echo-spandsp failed (${run.status}): ${run.stderr}`);
    const bytes = readFileSync(output);
    return { out: new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)), ns: Number(/ns: (\d+)/.exec(run.stderr)?.[1]) };
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
