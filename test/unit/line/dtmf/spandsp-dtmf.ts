/**
 * spandsp's DTMF receiver and generator (test/support/spandsp/dtmf-spandsp.c), built
 * with `cc` into a temp dir, as the independent reference for ours.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { compileReference } from "../../../support/compile-reference.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const INSTALL = "apt-get install -y gcc libspandsp-dev (or scripts/install-test-deps.sh)";
const SOURCE = fileURLToPath(new URL("../../../support/spandsp/dtmf-spandsp.c", import.meta.url));

export interface SpandspDigit {
  digit: string;
  /** As spandsp's realtime callback reports it (after its confirmation delay). */
  startSample: number;
  endSample: number;
}

function parse(out: string): SpandspDigit[] {
  return out.split("\n").filter((line) => line !== "").map((line) => {
    const [digit, start, end] = line.split(" ");
    return { digit: digit!, startSample: Number(start), endSample: Number(end) };
  });
}

export class SpandspDtmf {
  private readonly dir = mkdtempSync(join(tmpdir(), "dialtone-dtmf-"));
  private readonly binary = join(this.dir, "dtmf-spandsp");

  /** `source`: the C file (default found next to this module; a bundled bench passes its path). */
  constructor(source = SOURCE) {
    try {
      compileReference({ source, binary: this.binary, libraries: ["spandsp"], what: "the spandsp DTMF reference", install: INSTALL });
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Digits spandsp's receiver (default settings) hears in `audio`. */
  receive(audio: Int16Array): SpandspDigit[] {
    const out = execFileSync(this.binary, ["rx"], { input: Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength), encoding: "utf8", maxBuffer: 1 << 20, stdio: "pipe" });
    return parse(out);
  }

  /** As `receive`, with the time spandsp's receiver spent inside dtmf_rx (ns, measured by the C program). */
  receiveTimed(audio: Int16Array): { digits: SpandspDigit[]; rxNs: number } {
    const run = spawnSync(this.binary, ["rx"], { input: Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength), encoding: "utf8", maxBuffer: 1 << 20 });
    if (run.status !== 0) throw new Error(`dtmf-spandsp rx failed: ${run.stderr}`);
    const rxNs = Number(/rx ns: (\d+)/.exec(run.stderr)?.[1]);
    return { digits: parse(run.stdout), rxNs };
  }

  /** `digits` as spandsp's generator makes them: low tone at `levelDbm0`, high tone `twistDb` above. */
  transmit(digits: string, options: { levelDbm0: number; twistDb: number; onMs: number; offMs: number }): Int16Array {
    const args = ["tx", digits, String(options.levelDbm0), String(options.twistDb), String(options.onMs), String(options.offMs)];
    const bytes = execFileSync(this.binary, args, { maxBuffer: 64 << 20 });
    return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
