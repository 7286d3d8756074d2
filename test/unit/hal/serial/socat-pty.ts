/**
 * A pseudo-terminal pair made by socat (`socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`),
 * for tests that need a real tty on each side. The two /dev/pts paths are read from
 * socat's stderr; the pair is ready once both are named, socat says it is transferring,
 * and both links answer (probed with a deadline). The links keep their names when the pair
 * is stopped and started again, as a USB device's by-id path does across a replug.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { eventually } from "./eventually.js";

export const SOCAT_MISSING = "socat is not installed: run `sudo apt-get install -y socat` (scripts/install-test-deps.sh installs it)";

/** Throws, naming the install command, when socat cannot be run (with `env`, default this process's). */
export function requireSocat(env: NodeJS.ProcessEnv = process.env): void {
  const probe = spawnSync("socat", ["-V"], { encoding: "utf8", env });
  if (probe.error || probe.status !== 0) throw new Error(`${SOCAT_MISSING} (${probe.error?.message ?? `exit ${probe.status}`})`);
}

export interface PtyPair {
  /** The link paths (stable across restarts) and the /dev/pts devices socat made this time. */
  readonly hostLink: string;
  readonly deviceLink: string;
  readonly ptys: readonly [string, string];
  stop(): Promise<void>;
}

async function waitFor(holds: () => boolean, what: string, deadlineMs: number, stderr: () => string): Promise<void> {
  try {
    await eventually(holds, `socat: ${what}`, deadlineMs);
  } catch (e) {
    throw new Error(`${(e as Error).message}; socat's stderr so far:\n${stderr()}`);
  }
}

export async function startPtyPair(hostLink: string, deviceLink: string, deadlineMs = 5000): Promise<PtyPair> {
  requireSocat();
  const child: ChildProcess = spawn("socat", ["-d", "-d", `pty,raw,echo=0,link=${hostLink}`, `pty,raw,echo=0,link=${deviceLink}`], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let exited = false;
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exit = new Promise<void>((resolve) => child.on("exit", () => {
    exited = true;
    resolve();
  }));
  const ptys = (): string[] => [...stderr.matchAll(/PTY is (\/dev\/pts\/\d+)/g)].map((m) => m[1]!);
  const stop = async (): Promise<void> => {
    if (!exited) child.kill("SIGTERM");
    await exit;
  };
  try {
    await waitFor(() => exited || (ptys().length === 2 && /starting data transfer loop/.test(stderr)), "two PTYs and the transfer loop", deadlineMs, () => stderr);
    if (exited) throw new Error(`socat exited at start: ${stderr}`);
    const [a, b] = ptys() as [string, string];
    await waitFor(() => existsSync(hostLink) && existsSync(deviceLink), "the links", deadlineMs, () => stderr);
    if (realpathSync(hostLink) !== a || realpathSync(deviceLink) !== b) throw new Error(`socat links do not point at ${a} and ${b}`);
    return { hostLink, deviceLink, ptys: [a, b], stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
