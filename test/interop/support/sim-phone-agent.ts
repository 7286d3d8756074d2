/**
 * The built agent as `npm start` runs it, on the simulated board with one line registered to
 * a test registrar, logged in to its HTTP API: what the end-to-end phone tests drive the
 * simulated handset through. dist/ is built once for all tests (test/support/build-agent.ts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiClient } from "../../support/http-client.js";
import { freePort } from "../peers/index.js";
import { eventually } from "./agent.js";

const PASSWORD = "interop-admin";

export interface SimPhoneAgent {
  api: ApiClient;
  /** Everything the process printed so far. */
  output(): string;
  /** The call controller's state of line 0, from /api/status. */
  lineState(): Promise<string | undefined>;
  stop(): void;
}

/** Starts the agent with line 0 as `account` on the registrar at `registrarPort`, and waits until it is registered. */
export async function startSimPhoneAgent(options: { registrarPort: number; account: { user: string; password: string }; dialPlan: string }): Promise<SimPhoneAgent> {
  const dir = mkdtempSync(join(tmpdir(), "dialtone-sim-phone-"));
  const configPath = join(dir, "config.json");
  writeFileSync(configPath, JSON.stringify({
    sip: { localPort: 0, bindAddress: "127.0.0.1" },
    admin: { initialPassword: PASSWORD },
    lines: [{
      enabled: true, dialPlan: options.dialPlan,
      account: { registrar: `127.0.0.1:${options.registrarPort}`, ...options.account, registerExpires: 60, keepAlive: "off" },
    }],
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
  try {
    await eventually(async () => output.includes("line0 registration registered"), `agent registered\n${output}`);
    const api = new ApiClient(httpPort);
    const login = await api.login(PASSWORD);
    if (login.status !== 200) throw new Error(`login refused: ${login.status}`);
    type Status = { lines: { state: string }[] };
    return {
      api, stop,
      output: () => output,
      lineState: async () => ((await api.send("GET", "/api/status")).json() as Status).lines[0]?.state,
    };
  } catch (error) {
    stop();
    throw error;
  }
}
