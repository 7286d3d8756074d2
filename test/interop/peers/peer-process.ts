/**
 * One child process of a real peer, in its own process group so that stop() also ends the
 * children it forks (Kamailio forks a dozen workers). Output is kept in memory, bounded.
 * Every started process is tracked; stopAllPeers() and process exit end any left running.
 */
import { spawn, type ChildProcess } from "node:child_process";

const MAX_LOG_CHARS = 2_000_000;
const STOP_GRACE_MS = 3_000;
const KILL_WAIT_MS = 2_000;

export interface PeerExit {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

export interface PeerProcessOptions {
  /** Name used in error messages, e.g. "kamailio". */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
}

const running = new Set<PeerProcess>();

export class PeerProcess {
  readonly name: string;
  readonly exited: Promise<PeerExit>;
  private readonly child: ChildProcess;
  private output = "";
  private exit: PeerExit | undefined;

  constructor(options: PeerProcessOptions) {
    this.name = options.name;
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const append = (chunk: Buffer): void => {
      this.output += chunk.toString("utf8");
      if (this.output.length > MAX_LOG_CHARS) this.output = this.output.slice(-MAX_LOG_CHARS / 2);
    };
    this.child.stdout?.on("data", append);
    this.child.stderr?.on("data", append);
    running.add(this);
    this.exited = new Promise((resolve) => {
      this.child.once("error", (error) => {
        append(Buffer.from(`\n[${this.name}: ${error.message}]\n`));
        this.exit = { exitCode: null, signal: null };
        running.delete(this);
        resolve(this.exit);
      });
      this.child.once("close", (exitCode, signal) => {
        this.exit = { exitCode, signal };
        running.delete(this);
        this.killGroup("SIGKILL"); // workers that outlived their parent, if any
        resolve(this.exit);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Undefined while running. */
  get exitStatus(): PeerExit | undefined {
    return this.exit;
  }

  /** Everything the process wrote to stdout and stderr (the newest part if it was long). */
  logs(): string {
    return this.output;
  }

  /** Sends `signal` to the whole process group. */
  signal(signal: NodeJS.Signals): void {
    this.killGroup(signal);
  }

  /** SIGTERM to the group, SIGKILL after a grace period; resolves when the process has exited. */
  async stop(): Promise<PeerExit> {
    if (this.exit !== undefined) return this.exit;
    this.killGroup("SIGTERM");
    const graceful = await raceTimeout(this.exited, STOP_GRACE_MS);
    if (graceful !== undefined) return graceful;
    this.killGroup("SIGKILL");
    const killed = await raceTimeout(this.exited, KILL_WAIT_MS);
    if (killed === undefined) throw new Error(`${this.name} (pid ${this.pid}) did not exit after SIGKILL`);
    return killed;
  }

  private killGroup(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // the group is already gone
    }
  }
}

function raceTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Stops every peer process still running; for afterAll as a safety net. */
export async function stopAllPeers(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

process.once("exit", () => {
  for (const peer of running) peer.signal("SIGKILL");
});
