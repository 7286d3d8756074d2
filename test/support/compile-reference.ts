/**
 * Builds a C reference program (spandsp, libsrtp2: the independent peers our signal and
 * packet code is checked against) with `cc`. A failed build throws with the compiler's
 * message and the command that installs what is missing.
 */
import { execFileSync } from "node:child_process";

export function compileReference(options: { source: string; binary: string; libraries: readonly string[]; what: string; install: string }): void {
  try {
    execFileSync("cc", [options.source, "-o", options.binary, ...options.libraries.map((l) => `-l${l}`)], { stdio: "pipe" });
  } catch (error) {
    const detail = error instanceof Error && "stderr" in error ? String(error.stderr) : String(error);
    throw new Error(`cannot build ${options.what} (${detail.trim()}); install with: ${options.install}`);
  }
}
