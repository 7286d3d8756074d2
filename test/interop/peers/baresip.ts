/**
 * baresip as the far phone in interop tests: registered to the test Kamailio with a digest
 * user, microphone from a WAV file, what it hears recorded to WAV, auto-answer, and driven
 * over its control ports (baresip-control.ts). Readiness is probed (control ports connect,
 * `reginfo` shows the registration OK), never slept. See baresip-config.ts for the setup.
 */
import { accessSync, constants } from "node:fs";
import { mkdtemp, readdir, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { readWav } from "../support/media-wav.js";
import {
  BARESIP_APP_MODULES, BARESIP_MODULES, BARESIP_MODULES_DIR, BARESIP_RECORDING_MODULE, BARESIP_SRTP_MODULE, writeBaresipConfig,
} from "./baresip-config.js";
import { BaresipControl, type BaresipEvent } from "./baresip-control.js";
import { PeerProcess } from "./peer-process.js";
import { freePorts, LOOPBACK, PROBE_INTERVAL_MS } from "./ports.js";

export type { BaresipEvent } from "./baresip-control.js";

const BINARY_CANDIDATES = ["/usr/bin/baresip", "/usr/local/bin/baresip"];
const INSTALL = "run `sudo apt-get install baresip-core` (or scripts/install-test-deps.sh)";

export interface BaresipOptions {
  user: string;
  password: string;
  /** The registrar's UDP port (host 127.0.0.1 unless given). */
  registrar: { host?: string; port: number };
  /** WAV file (8 kHz, mono, 16-bit) baresip sends as its microphone. */
  audioSourcePath: string;
  /** Default ["PCMU"]. */
  codecs?: readonly string[];
  /** Default "off"; "mandatory" loads srtp and sets `mediaenc=srtp-mand`. */
  srtp?: "off" | "mandatory";
  /** Record each call's audio for takeRecording(); default true. */
  record?: boolean;
  /** Default 20. */
  ptimeMs?: number;
  /** Bound on start-up and registration. Default 10 s. */
  startTimeoutMs?: number;
}

export interface ReceivedDigit {
  digit: string;
  /** performance.now() of CALL_DTMF_START and CALL_DTMF_END (undefined while the digit lasts). */
  startMs: number;
  endMs: number | undefined;
}

export interface CallRecording {
  /** What baresip decoded from the call (after its jitter buffer). */
  received: Int16Array;
  /** What it encoded and sent (its source after its filters). */
  sent: Int16Array;
}

export interface BaresipHandle {
  readonly user: string;
  /** The process id, for CPU and memory figures. */
  readonly pid: number;
  readonly control: BaresipControl;
  /** Dials `uri` (through the registrar) and resolves once baresip accepted the command. */
  dial(uri: string): Promise<void>;
  /** Hangs up the current call. */
  hangup(): Promise<void>;
  /** Resolves with the next event of `type` after `sinceMs` (default: any time). */
  waitForEvent(type: string, timeoutMs?: number, sinceMs?: number): Promise<BaresipEvent>;
  /** Sends each digit (0-9 * #) as RFC 4733 events lasting `durationMs`, with `gapMs` between. */
  sendDigits(digits: string, timing?: { durationMs?: number; gapMs?: number }): Promise<void>;
  /** Digits baresip reported receiving (RFC 4733 or SIP INFO), oldest first. */
  receivedDigits(): ReceivedDigit[];
  /** Resolves once `count` digits have ended; rejects after `timeoutMs`. */
  waitForDigits(count: number, timeoutMs?: number): Promise<ReceivedDigit[]>;
  /** The newest call's recordings, once the call has ended and the files are closed; deletes them. */
  takeRecording(timeoutMs?: number): Promise<CallRecording>;
  logs(): string;
  /** Ends baresip (SIGTERM, then SIGKILL) and deletes its files. Idempotent. */
  stop(): Promise<void>;
}

/** The baresip binary, after checking the modules the harness loads; throws naming the package. */
export function requireBaresip(srtp: boolean, record = true): string {
  const binary = BINARY_CANDIDATES.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (binary === undefined) throw new Error(`baresip not found: ${INSTALL}`);
  const modules = [...BARESIP_MODULES, ...BARESIP_APP_MODULES, ...(srtp ? [BARESIP_SRTP_MODULE] : []), ...(record ? [BARESIP_RECORDING_MODULE] : [])];
  const missing = modules.filter((m) => {
    try {
      accessSync(join(BARESIP_MODULES_DIR, `${m}.so`), constants.R_OK);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) throw new Error(`baresip modules missing from ${BARESIP_MODULES_DIR}: ${missing.join(", ")}: ${INSTALL}`);
  return binary;
}

/** `reginfo` lists each UA with "OK" (in ANSI green) once its REGISTER got a 2xx. */
function registeredIn(reginfo: string, user: string): boolean {
  const plain = reginfo.replace(/\x1b\[[0-9;]*m/g, "");
  return plain.split("\n").some((line) => line.includes(`sip:${user}@`) && /\sOK\s/.test(line));
}

export async function startBaresip(options: BaresipOptions): Promise<BaresipHandle> {
  const srtp = options.srtp ?? "off";
  const record = options.record ?? true;
  const binary = requireBaresip(srtp !== "off", record);
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;
  const [ctrlPort, consPort] = (await freePorts(2)) as [number, number];
  const dir = await mkdtemp(join(tmpdir(), "dialtone-baresip-"));
  const recordingsDir = join(dir, "recordings");
  await writeBaresipConfig(dir, {
    user: options.user,
    password: options.password,
    registrar: { host: options.registrar.host ?? LOOPBACK, port: options.registrar.port },
    audioSourcePath: options.audioSourcePath,
    recordingsDir,
    ctrlPort,
    consPort,
    codecs: options.codecs ?? ["PCMU"],
    srtp,
    record,
    ptimeMs: options.ptimeMs ?? 20,
    registerIntervalSec: 60,
  });

  const peer = new PeerProcess({ name: "baresip", command: binary, args: ["-f", dir], cwd: dir });
  const cleanUp = async (): Promise<void> => {
    await peer.stop();
    await rm(dir, { recursive: true, force: true });
  };
  let control: BaresipControl;
  try {
    control = await raceExit(peer, waitReady(options.user, ctrlPort, consPort, startTimeoutMs));
  } catch (error) {
    await cleanUp();
    throw new Error(`baresip not ready: ${(error as Error).message}\n${peer.logs()}`);
  }

  const digits = (): ReceivedDigit[] => {
    const out: ReceivedDigit[] = [];
    for (const event of control.events) {
      if (event.type === "CALL_DTMF_START" && event.param !== undefined) out.push({ digit: event.param, startMs: event.atMs, endMs: undefined });
      const last = out[out.length - 1];
      if (event.type === "CALL_DTMF_END" && last !== undefined && last.endMs === undefined) last.endMs = event.atMs;
    }
    return out;
  };
  let stopped = false;

  return {
    user: options.user,
    pid: peer.pid ?? -1,
    control,
    dial: async (uri) => {
      const response = await control.command(`dial ${uri}`);
      if (!response.ok) throw new Error(`baresip refused to dial ${uri}: ${response.data}`);
    },
    hangup: async () => {
      await control.command("hangup");
    },
    waitForEvent: (type, timeoutMs = 10_000, sinceMs = 0) => control.waitForEvent((e) => e.type === type, type, timeoutMs, sinceMs),
    sendDigits: async (text, timing = {}) => {
      for (const digit of text) {
        if (!/^[0-9*#]$/.test(digit)) throw new Error(`baresip 1.0.0's menu sends only 0-9 * # as DTMF, not ${JSON.stringify(digit)}`);
        await control.pressKey(digit, timing.durationMs ?? 160);
        await delay(timing.gapMs ?? 100);
      }
    },
    receivedDigits: digits,
    waitForDigits: async (count, timeoutMs = 10_000) => {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const ended = digits().filter((d) => d.endMs !== undefined);
        if (ended.length >= count) return ended;
        if (performance.now() > deadline) {
          throw new Error(`baresip reported ${ended.length} of ${count} digits within ${timeoutMs} ms: ${digits().map((d) => d.digit).join("")}`);
        }
        await delay(PROBE_INTERVAL_MS);
      }
    },
    takeRecording: (timeoutMs = 5_000) => takeRecording(recordingsDir, timeoutMs),
    logs: () => peer.logs(),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      control.close();
      await cleanUp();
    },
  };
}

async function waitReady(user: string, ctrlPort: number, consPort: number, timeoutMs: number): Promise<BaresipControl> {
  const deadline = performance.now() + timeoutMs;
  const control = await BaresipControl.connect(ctrlPort, consPort, timeoutMs);
  try {
    for (;;) {
      const reginfo = await control.command("reginfo", Math.max(1, deadline - performance.now()));
      if (registeredIn(reginfo.data, user)) return control;
      if (performance.now() > deadline) throw new Error(`${user} not registered within ${timeoutMs} ms; reginfo: ${reginfo.data.trim()}`);
      await delay(PROBE_INTERVAL_MS);
    }
  } catch (error) {
    control.close();
    throw error;
  }
}

function raceExit<T>(peer: PeerProcess, work: Promise<T>): Promise<T> {
  const exited = peer.exited.then((exit): never => {
    throw new Error(`baresip exited during start (code ${exit.exitCode}, signal ${exit.signal})`);
  });
  return Promise.race([work, exited]);
}

async function takeRecording(dir: string, timeoutMs: number): Promise<CallRecording> {
  const deadline = performance.now() + timeoutMs;
  let problem = "no dump files yet";
  for (;;) {
    const names = (await readdir(dir)).filter((n) => /^dump-.*-(dec|enc)\.wav$/.test(n)).sort();
    const decoded = names.filter((n) => n.endsWith("-dec.wav")).pop();
    const encoded = names.filter((n) => n.endsWith("-enc.wav")).pop();
    if (decoded !== undefined && encoded !== undefined) {
      // sndfile fills in the RIFF sizes when it closes the file at the end of the call.
      const [received, sent] = await Promise.all([readWav(join(dir, decoded)), readWav(join(dir, encoded))]);
      if (received.ok && sent.ok) {
        await Promise.all(names.map((n) => unlink(join(dir, n))));
        return { received: received.value, sent: sent.value };
      }
      problem = received.ok ? (sent.ok ? "" : `${encoded}: ${sent.error}`) : `${decoded}: ${received.error}`;
    }
    if (performance.now() > deadline) throw new Error(`no closed baresip recording in ${dir} within ${timeoutMs} ms (${problem})`);
    await delay(PROBE_INTERVAL_MS);
  }
}
