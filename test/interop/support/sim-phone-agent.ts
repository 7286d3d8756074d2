/**
 * The built agent as `npm start` runs it, on a simulated board ("sim", or "sim2" with two
 * lines), each line's account registered to a test registrar, logged in to its HTTP API:
 * what the end-to-end phone tests drive the simulated handsets through. dist/ is built once
 * for all tests (test/support/build-agent.ts). Free of vitest, so benchmarks use it too.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseWav } from "../../../src/web/wav.js";
import { ApiClient } from "../../support/http-client.js";
import { freePort } from "../peers/index.js";

/** Probes every 100 ms until `probe` holds; else fails with `what()`, built at the deadline (so it can show the last reading). */
export async function probeUntil(probe: () => Promise<boolean>, what: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what()}: not within ${timeoutMs} ms`);
}

const PASSWORD = "interop-admin";

export interface SimPhoneAccount {
  user: string;
  password: string;
  /** The From display name, which the called phone's caller ID shows. */
  displayName?: string;
  /** How hidden caller ID is sent (src/config account.anonymousMethod). */
  anonymousMethod?: "from" | "privacy";
  /** Message-summary subscription (src/config account.mwiSubscribe, mwiUri). */
  mwiSubscribe?: boolean;
  mwiUri?: string;
}

/** One line of the agent's configuration; without an account the line is not enabled. */
export interface SimPhoneLine {
  account?: SimPhoneAccount;
  dialPlan?: string;
  /** Written to lines[n].features only when given (src/config's calling features). */
  features?: Record<string, unknown>;
}

export type SimPhoneAgentOptions = {
  registrarPort: number;
  board?: string;
  /** SIP timers (src/config sip.T1Ms, T2Ms, T4Ms): short ones let a test see transactions end sooner. */
  sipTimers?: { T1Ms?: number; T2Ms?: number; T4Ms?: number };
  /** The agent's log level (default info). */
  logLevel?: "debug" | "info";
} & (
  | { lines: SimPhoneLine[] }
  /** One line: the first form the tests used. */
  | { account: SimPhoneAccount; dialPlan: string; features?: Record<string, unknown> }
);

/** GET /api/sim/lines/:n */
export interface HandsetState {
  offHook: boolean;
  ringing: boolean;
  bell: boolean;
  polarity: "forward" | "reverse";
  callerId: { number: string; name: string; time?: string }[];
  mwi: boolean;
}

export interface AgentStatus {
  lines: { index: number; registration: string; state: string; hook?: string; dialled?: string }[];
  resources: Record<string, number>;
}

export interface SimPhoneAgent {
  api: ApiClient;
  /** Everything the process printed so far. */
  output(): string;
  /** The call controller's state of line `index` (default 0), from /api/status. */
  lineState(index?: number): Promise<string | undefined>;
  status(): Promise<AgentStatus>;
  handset(index: number): Promise<HandsetState>;
  hook(index: number, offHook: boolean): Promise<void>;
  /** Dials by DTMF (default) or pulse; resolves once the handset took the digits (202). */
  dial(index: number, digits: string, method?: "dtmf" | "pulse"): Promise<void>;
  /** The last `ms` the handset on line `index` heard. */
  earpiece(index: number, ms: number): Promise<Int16Array>;
  /** Waits (probing /api/status) until line `index` is in `state`; the error shows the agent's output. */
  waitForState(index: number, state: string, timeoutMs?: number): Promise<void>;
  stop(): void;
}

function configLines(options: SimPhoneAgentOptions): SimPhoneLine[] {
  if ("lines" in options) return options.lines;
  return [{ account: options.account, dialPlan: options.dialPlan, features: options.features }];
}

/** Starts the agent with each line's account on the registrar at `registrarPort`, and waits until every one is registered. */
export async function startSimPhoneAgent(options: SimPhoneAgentOptions): Promise<SimPhoneAgent> {
  const lines = configLines(options);
  const dir = mkdtempSync(join(tmpdir(), "dialtone-sim-phone-"));
  const configPath = join(dir, "config.json");
  writeFileSync(configPath, JSON.stringify({
    board: options.board ?? "sim",
    sip: { localPort: 0, bindAddress: "127.0.0.1", ...options.sipTimers },
    admin: { initialPassword: PASSWORD },
    log: { level: options.logLevel ?? "info" },
    lines: lines.map((line) => ({
      enabled: line.account !== undefined,
      ...(line.dialPlan === undefined ? {} : { dialPlan: line.dialPlan }),
      ...(line.features === undefined ? {} : { features: line.features }),
      ...(line.account === undefined ? {} : {
        account: { registrar: `127.0.0.1:${options.registrarPort}`, ...line.account, registerExpires: 60, keepAlive: "off" },
      }),
    })),
  }), { mode: 0o600 });
  const httpPort = await freePort();
  let output = "";
  const child: ChildProcess = spawn(process.execPath, ["dist/dialtone.js", "--config", configPath, "--http-port", String(httpPort)], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => { output += d.toString(); });
  child.stderr!.on("data", (d: Buffer) => { output += d.toString(); });
  const stop = (): void => {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  const registeredLines = lines.flatMap((line, index) => (line.account === undefined ? [] : [`line${index} registration registered`]));
  try {
    await probeUntil(async () => registeredLines.every((text) => output.includes(text)), () => `agent registered\n${output}`);
    const api = new ApiClient(httpPort);
    const login = await api.login(PASSWORD);
    if (login.status !== 200) throw new Error(`login refused: ${login.status}`);
    const status = async (): Promise<AgentStatus> => (await api.send("GET", "/api/status")).json() as unknown as AgentStatus;
    const lineState = async (index = 0): Promise<string | undefined> => (await status()).lines[index]?.state;
    const expectStatus = async (what: string, reply: Promise<{ status: number; body: Buffer }>, wanted: number): Promise<void> => {
      const r = await reply;
      if (r.status !== wanted) throw new Error(`${what}: HTTP ${r.status} ${r.body.toString()}`);
    };
    return {
      api, stop, status, lineState,
      output: () => output,
      handset: async (index) => (await api.send("GET", `/api/sim/lines/${index}`)).json() as unknown as HandsetState,
      hook: (index, offHook) => expectStatus(`line ${index} hook`, api.send("POST", `/api/sim/lines/${index}/hook`, { body: { offHook } }), 200),
      dial: (index, digits, method = "dtmf") => expectStatus(`line ${index} dial ${digits}`, api.send("POST", `/api/sim/lines/${index}/dial`, { body: { digits, method } }), 202),
      earpiece: async (index, ms) => {
        const wav = parseWav((await api.send("GET", `/api/sim/lines/${index}/earpiece.wav?ms=${ms}`)).body);
        if (!wav.ok) throw new Error(`line ${index} earpiece: ${wav.error}`);
        return wav.value;
      },
      waitForState: async (index, state, timeoutMs = 15_000) => {
        let last: string | undefined;
        await probeUntil(async () => (last = await lineState(index)) === state, () => `line ${index} ${state} (last seen ${last})\n${output.slice(-4000)}`, timeoutMs);
      },
    };
  } catch (error) {
    stop();
    throw error;
  }
}
