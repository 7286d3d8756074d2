/**
 * spandsp's DTMF receiver (test/support/spandsp/dtmf-spandsp.c, compiled once per
 * process) as an independent judge of the tones we generate. A missing compiler or
 * library fails with the command that installs them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const INSTALL = "apt-get install -y gcc libspandsp-dev (or scripts/install-test-deps.sh)";
const SOURCE = fileURLToPath(new URL("../../../support/spandsp/dtmf-spandsp.c", import.meta.url));

let binary: string | undefined;

function tool(): string {
  if (binary) return binary;
  const path = join(mkdtempSync(join(tmpdir(), "dialtone-dtmf-")), "dtmf-spandsp");
  try {
    execFileSync("cc", [SOURCE, "-o", path, "-lspandsp"], { stdio: "pipe" });
  } catch (error) {
    const detail = error instanceof Error && "stderr" in error ? String(error.stderr) : String(error);
    throw new Error(`cannot build the spandsp DTMF tool (${detail.trim()}); install with: ${INSTALL}`);
  }
  binary = path;
  return path;
}

export interface DetectedDigit {
  digit: string;
  startSample: number;
  endSample: number;
}

/** Digits spandsp's receiver hears in 8 kHz audio, with where each starts and ends. */
export function spandspDetect(samples: Int16Array): DetectedDigit[] {
  const input = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  const out = execFileSync(tool(), ["rx"], { input, encoding: "utf8" });
  return out
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [digit, start, end] = line.split(" ");
      return { digit: digit!, startSample: Number(start), endSample: Number(end) };
    });
}

/** spandsp's own DTMF generator: `digits` with the low tone at `levelDbm0`, the high one `twistDb` above. */
export function spandspTransmit(digits: string, levelDbm0: number, twistDb: number, onMs: number, offMs: number): Int16Array {
  const out = execFileSync(tool(), ["tx", digits, String(levelDbm0), String(twistDb), String(onMs), String(offMs)], { maxBuffer: 16 << 20 });
  return new Int16Array(out.buffer, out.byteOffset, out.byteLength / 2).slice();
}
