/**
 * The agent as a person runs it (`node dist/dialtone.js --config FILE`): a line with a
 * SIP account registers at a real Kamailio over UDP and over TLS (the agent making its
 * own TLS certificate), SIGTERM un-registers before the process exits 0, and an
 * unusable configuration stops it with a message naming the field, leaving the file as it was.
 * Not covered: the web page and the simulated board (later issues).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { makeTestCerts, startKamailio, stopAllPeers } from "./peers/index.js";
import type { KamailioHandle, TestCerts } from "./peers/index.js";
import { eventually } from "./support/agent.js";

const USERS = [{ user: "3001", password: "pw-3001" }, { user: "3002", password: "pw-3002" }];
let kamailio: KamailioHandle;
let certs: TestCerts;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  certs = await makeTestCerts();
  kamailio = await startKamailio({ users: USERS, tls: certs });
  dir = mkdtempSync(join(tmpdir(), "dialtone-agent-"));
});

afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await stopAllPeers();
  await certs?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function config(line: Record<string, unknown>, sip: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    sip: { localPort: 0, bindAddress: "127.0.0.1", ...sip },
    lines: [{ enabled: true, account: { registerExpires: 60, keepAlive: "off", ...line } }],
  };
}

interface Run {
  child: ChildProcess;
  output: () => string;
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  exit: Promise<number | null>;
}

function runAgent(configPath: string): Run {
  const child = spawn(process.execPath, ["dist/dialtone.js", "--config", configPath, "--http-port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let text = "";
  child.stdout!.on("data", (d: Buffer) => { text += d.toString(); });
  child.stderr!.on("data", (d: Buffer) => { text += d.toString(); });
  const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return {
    child, exit, output: () => text,
    waitFor: (wanted, timeoutMs = 15_000) => eventually(async () => text.includes(wanted), `agent output "${wanted}"\n${text}`, timeoutMs),
  };
}

it("registers a UDP line, and un-registers on SIGTERM before exiting 0", async () => {
  const path = join(dir, "udp.json");
  writeFileSync(path, JSON.stringify(config({ registrar: `127.0.0.1:${kamailio.udpPort}`, user: "3001", password: "pw-3001" })));
  const run = runAgent(path);
  await run.waitFor("line0 registration registered");
  expect(await kamailio.registered("3001")).toBe(true);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  run.child.kill("SIGTERM");
  expect(await run.exit).toBe(0);
  expect(run.output()).toContain("line0 registration unregistered");
  expect(await kamailio.registered("3001")).toBe(false);
});

it("registers a TLS line with a certificate it makes itself, verifying the registrar's", async () => {
  const path = join(dir, "tls.json");
  writeFileSync(path, JSON.stringify(config(
    { registrar: `127.0.0.1:${kamailio.tlsPort}`, user: "3002", password: "pw-3002", transport: "tls" },
    { tlsCaFile: certs.caCertPath },
  )));
  const run = runAgent(path);
  await run.waitFor("line0 registration registered");
  const [binding] = await kamailio.bindings("3002");
  expect(binding?.contact).toContain("transport=tls");
  expect(statSync(join(dir, "tls", "key.pem")).mode & 0o777).toBe(0o600);
  run.child.kill("SIGTERM");
  expect(await run.exit).toBe(0);
});

it("does not register with a TLS registrar whose certificate no trusted CA signed", async () => {
  const path = join(dir, "tls-untrusted.json");
  writeFileSync(path, JSON.stringify(config({ registrar: `127.0.0.1:${kamailio.tlsPort}`, user: "3002", password: "pw-3002", transport: "tls" })));
  const run = runAgent(path);
  await run.waitFor("line0 registration failed");
  expect(run.output()).not.toContain("line0 registration registered");
  run.child.kill("SIGTERM");
  expect(await run.exit).toBe(0);
});

it("refuses an unusable configuration with a message naming the field, and leaves the file alone", async () => {
  const path = join(dir, "bad.json");
  const text = JSON.stringify(config({ registrar: "127.0.0.1", user: "3001", transport: "sctp" }));
  writeFileSync(path, text);
  const run = runAgent(path);
  expect(await run.exit).not.toBe(0);
  expect(run.output()).toContain("lines[0].account.transport");
  expect(readFileSync(path, "utf8")).toBe(text);
});

it("refuses a dial plan it cannot read, naming the field and where the map goes wrong", async () => {
  const path = join(dir, "bad-plan.json");
  const document = config({ registrar: "127.0.0.1", user: "3001" });
  (document.lines as Record<string, unknown>[])[0]!.dialPlan = "(1[2-9xx|911)";
  writeFileSync(path, JSON.stringify(document));
  const run = runAgent(path);
  expect(await run.exit).not.toBe(0);
  expect(run.output()).toMatch(/lines\[0\]\.dialPlan: dial plan: .* at \d+/);
});
