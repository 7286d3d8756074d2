/**
 * Finds the programs the real-peer harness runs, and says how to install a missing one.
 * CI installs them with scripts/install-test-deps.sh.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export type PeerProgram = "kamailio" | "kamcmd" | "sipp" | "openssl";

const INSTALL: Record<PeerProgram, string> = {
  kamailio: "kamailio kamailio-tls-modules",
  kamcmd: "kamailio",
  sipp: "sip-tester",
  openssl: "openssl",
};

/** Extra places to look: Debian puts kamailio and kamcmd in /usr/sbin, not always on PATH. */
const EXTRA_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/bin", "/usr/local/bin"];

/** Absolute path of `program`, or throws an Error that names the package to install. */
export function requireProgram(program: PeerProgram): string {
  const dirs = [...(process.env.PATH ?? "").split(delimiter).filter((d) => d !== ""), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory; try the next one
    }
  }
  throw new Error(
    `${program} not found: run \`sudo apt-get install ${INSTALL[program]}\` (or scripts/install-test-deps.sh)`,
  );
}

/** True when `program` can be found, for `describe.skipIf`-style guards. */
export function hasProgram(program: PeerProgram): boolean {
  try {
    requireProgram(program);
    return true;
  } catch {
    return false;
  }
}
