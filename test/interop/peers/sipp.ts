/**
 * Runs SIPp (3.6.1, no TLS support in Debian's build) in the foreground as a child process,
 * with a scenario from test/interop/scenarios/ or a built-in one, on loopback. Every run is
 * bounded: call count, rate and a global timeout, plus a watchdog that kills it.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireProgram } from "./binaries.js";
import { PeerProcess } from "./peer-process.js";
import { freePorts, freeUdpBlock, LOOPBACK, waitForBound } from "./ports.js";
import { parseSippMessages, parseSippStats, type SippMessage, type SippStats } from "./sipp-log.js";

export const SCENARIOS_DIR = fileURLToPath(new URL("../scenarios/", import.meta.url));

const MAX_CALLS = 1000;
const MAX_RATE = 200;
const MAX_TIMEOUT_SEC = 120;
const WATCHDOG_EXTRA_MS = 5_000;

export type SippTransport = "udp" | "tcp";
export type SippBuiltin = "uac" | "uas" | "regexp" | "branchc" | "branchs";

export interface SippOptions {
  /** A file name in test/interop/scenarios/ ("uas-answer.xml"), a path, or a built-in scenario. */
  scenario: string | { builtin: SippBuiltin };
  /** Where a UAC sends; omit for a UAS. Host defaults to 127.0.0.1. */
  remote?: { host?: string; port: number };
  /** Local SIP port; chosen free when omitted. */
  localPort?: number;
  /** Default "udp" (-t u1); "tcp" is -t t1. */
  transport?: SippTransport;
  /** Request-URI user, [service] in scenarios (-s). */
  service?: string;
  /** Calls to place before exiting (-m). Default 1. */
  calls?: number;
  /** New calls per second (-r). Default 10. */
  ratePerSecond?: number;
  /** Global timeout in seconds (-timeout, with -timeout_error). Default 20. */
  timeoutSec?: number;
  /** Length of scenario pauses without a duration, ms (-d). */
  pauseMs?: number;
  /** Credentials for [authentication] (-au / -ap). */
  auth?: { user: string; password: string };
  /** Generic keywords (-key name value), used as [name] in scenarios. */
  keys?: Record<string, string>;
  /** Rows of an injection file (-inf), used as [field0], [field1]… in scenarios. */
  injection?: string[][];
  /** More SIPp arguments, appended last. */
  extraArgs?: string[];
}

export interface SippResult {
  /** SIPp's exit code: 0 all calls succeeded, 1 some failed, 97/99/255 other ends. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** SIPp exited 0 by itself (not by stop()) after completing every call asked for. */
  ok: boolean;
  /** SIPp was still running when stop() was called. */
  stopped: boolean;
  stats: SippStats;
  /** Every message sent and received (-trace_msg), in order. */
  messages: SippMessage[];
  /** Unexpected messages and scenario errors (-trace_err). */
  errors: string;
  /** What SIPp printed (its screens and fatal errors). */
  output: string;
}

export interface SippHandle {
  /** Local SIP port. */
  readonly port: number;
  readonly transport: SippTransport;
  /** Settles when SIPp exits, by itself or by stop(). Never rejects. */
  readonly done: Promise<SippResult>;
  /** Resolves once SIPp's SIP socket is bound: start the other side after this. */
  ready(timeoutMs?: number): Promise<void>;
  /** Ends SIPp now if still running (SIGTERM, then SIGKILL) and returns its result. */
  stop(): Promise<SippResult>;
}

function bounded(name: string, value: number, min: number, max: number): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`sipp ${name} must be in [${min}, ${max}], got ${value}`);
  return value;
}

function scenarioArgs(scenario: SippOptions["scenario"]): string[] {
  if (typeof scenario !== "string") return ["-sn", scenario.builtin];
  const path = isAbsolute(scenario) ? scenario : join(SCENARIOS_DIR, scenario);
  if (!existsSync(path)) throw new Error(`SIPp scenario not found: ${path}`);
  return ["-sf", path];
}

/** SIPp binds audio RTP/RTCP and video RTP/RTCP at -mp, -mp+1, -mp+2, -mp+3. */
const SIPP_MEDIA_PORTS = 4;

export async function startSipp(options: SippOptions): Promise<SippHandle> {
  const sipp = requireProgram("sipp");
  const transport = options.transport ?? "udp";
  const [freeSip, controlPort] = await freePorts(2);
  const mediaPort = await freeUdpBlock(SIPP_MEDIA_PORTS);
  const port = options.localPort ?? (freeSip as number);
  const calls = bounded("calls", options.calls ?? 1, 1, MAX_CALLS);
  const rate = bounded("rate", options.ratePerSecond ?? 10, 0.1, MAX_RATE);
  const timeoutSec = bounded("timeout", options.timeoutSec ?? 20, 1, MAX_TIMEOUT_SEC);
  const dir = await mkdtemp(join(tmpdir(), "dialtone-sipp-"));
  const file = (name: string): string => join(dir, name);

  const args = [
    ...scenarioArgs(options.scenario),
    ...(options.remote === undefined ? [] : [`${options.remote.host ?? LOOPBACK}:${options.remote.port}`]),
    "-i", LOOPBACK, "-p", String(port), "-t", transport === "udp" ? "u1" : "t1",
    "-cp", String(controlPort), "-mp", String(mediaPort),
    "-m", String(calls), "-r", String(rate), "-timeout", `${timeoutSec}s`, "-timeout_error",
    "-nostdin",
    "-trace_msg", "-message_file", file("messages.log"),
    "-trace_err", "-error_file", file("errors.log"),
    "-trace_stat", "-stf", file("stats.csv"), "-fd", "1",
  ];
  if (options.service !== undefined) args.push("-s", options.service);
  if (options.pauseMs !== undefined) args.push("-d", String(options.pauseMs));
  if (options.auth !== undefined) args.push("-au", options.auth.user, "-ap", options.auth.password);
  for (const [name, value] of Object.entries(options.keys ?? {})) args.push("-key", name, value);
  if (options.injection !== undefined) {
    await writeFile(file("injection.csv"), ["SEQUENTIAL", ...options.injection.map((row) => row.join(";"))].join("\n") + "\n");
    args.push("-inf", file("injection.csv"));
  }
  args.push(...(options.extraArgs ?? []));

  const peer = new PeerProcess({ name: "sipp", command: sipp, args, cwd: dir });
  let stopped = false;
  const watchdog = setTimeout(() => {
    stopped = true;
    void peer.stop();
  }, timeoutSec * 1000 + WATCHDOG_EXTRA_MS);
  const done = peer.exited.then(async (exit): Promise<SippResult> => {
    clearTimeout(watchdog);
    const read = (name: string): Promise<string> => readFile(file(name), "utf8").catch(() => "");
    const [messages, errors, stats] = await Promise.all([read("messages.log"), read("errors.log"), read("stats.csv")]);
    await rm(dir, { recursive: true, force: true });
    const parsedStats = parseSippStats(stats);
    return {
      exitCode: exit.exitCode,
      signal: exit.signal,
      // SIPp also exits 0 when it ends with no call made, e.g. on SIGTERM.
      ok: exit.exitCode === 0 && !stopped && parsedStats.successfulCalls >= calls,
      stopped,
      stats: parsedStats,
      messages: parseSippMessages(messages),
      errors,
      output: peer.logs(),
    };
  });

  return {
    port,
    transport,
    done,
    ready: async (timeoutMs = 5_000) => {
      const bound = waitForBound(port, transport, { timeoutMs });
      const exited = peer.exited.then((exit) => {
        throw new Error(`sipp exited before it was ready (code ${exit.exitCode}):\n${peer.logs()}`);
      });
      await Promise.race([bound, exited]);
    },
    stop: async () => {
      if (peer.exitStatus === undefined) stopped = true;
      await peer.stop();
      return done;
    },
  };
}
