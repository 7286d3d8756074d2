/**
 * Start-up: from process start (t0, just before spawn) to the first REGISTER on the wire and
 * to registered, against a local Kamailio (digest challenge, so two REGISTERs each), for
 * dialtone (`node dist/dialtone.js`) and baresip (`baresip -f DIR`, account module only).
 * "Registered" is timed the same way for both: the 2xx to REGISTER passing a UDP relay in
 * this process on its way back to the client (bench/support/udp-relay.ts); each client's
 * own "registered" stdout line is timed too. One unmeasured warm-up start each, then
 * RUNS starts alternating dialtone, baresip, dialtone, ... Context: `node -e 0`.
 * Exits non-zero only when a figure could not be measured.
 * Run: npm run bench -- startup
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startKamailio, stopAllPeers } from "../test/interop/peers/index.js";
import { baresipClient, dialtoneClient, type StartupClient } from "./support/startup-clients.js";
import { measureStartup, type StartupSample } from "./support/startup-run.js";

const RUNS = 7;
const REGISTER_TIMEOUT_MS = 10_000;

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

/** Milliseconds from spawn to exit of `node -e 0`, the floor under any Node program's start. */
function bareNodeStart(): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    child.once("error", reject);
    child.once("close", (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`node -e 0 exited with code ${code}`));
    });
  });
}

const fmt = (ms: number): string => ms.toFixed(1);
const cell = (s: Spread): string => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`.padStart(24);

async function main(): Promise<void> {
  if (!existsSync("dist/dialtone.js")) throw new Error("dist/dialtone.js missing: run `npm run build` (npm run bench does)");
  const clients: StartupClient[] = [dialtoneClient("5001", "pw-5001"), baresipClient("5002", "pw-5002")];
  const kamailio = await startKamailio({ users: clients.map(({ user, password }) => ({ user, password })) });
  const registrar = { host: kamailio.host, port: kamailio.udpPort };
  const dir = mkdtempSync(join(tmpdir(), "dialtone-bench-startup-"));
  const samples = new Map<string, StartupSample[]>(clients.map((c) => [c.name, []]));
  const nodeStarts: number[] = [];
  try {
    for (const client of clients) await measureStartup(client, registrar, join(dir, client.name), REGISTER_TIMEOUT_MS);
    for (let run = 0; run < RUNS; run++) {
      nodeStarts.push(await bareNodeStart());
      for (const client of clients) {
        samples.get(client.name)!.push(await measureStartup(client, registrar, join(dir, client.name), REGISTER_TIMEOUT_MS));
      }
    }
  } finally {
    await kamailio.stop();
    await stopAllPeers();
    rmSync(dir, { recursive: true, force: true });
  }

  const figures = new Map(clients.map((c) => {
    const runs = samples.get(c.name)!;
    return [c.name, {
      firstRegister: spread(runs.map((s) => s.firstRegisterMs)),
      registered: spread(runs.map((s) => s.registeredMs)),
      ownLine: spread(runs.map((s) => s.ownLineMs)),
      registers: [...new Set(runs.map((s) => s.registers))].join("/"),
    }];
  }));
  const ours = figures.get("dialtone")!;
  const peer = figures.get("baresip")!;

  console.log(`start-up against local Kamailio over UDP, ${RUNS} runs each (alternating, after 1 warm-up each)`);
  console.log("ms, median (min–max), from just before spawn");
  console.log(`${"".padEnd(10)}${"→ first REGISTER".padStart(24)}${"→ 2xx to REGISTER".padStart(24)}${"→ own 'registered' line".padStart(24)}  REGISTERs`);
  for (const [name, f] of figures) {
    console.log(`${name.padEnd(10)}${cell(f.firstRegister)}${cell(f.registered)}${cell(f.ownLine)}  ${f.registers.padStart(9)}`);
  }
  const ratio = (a: Spread, b: Spread): string => `${(a.median / b.median).toFixed(2)}x`.padStart(24);
  console.log(`${"ratio".padEnd(10)}${ratio(ours.firstRegister, peer.firstRegister)}${ratio(ours.registered, peer.registered)}${ratio(ours.ownLine, peer.ownLine)}   (dialtone/baresip, medians)`);
  console.log(`context: node -e 0 (spawn to exit) ${cell(spread(nodeStarts)).trim()} ms, node ${process.version}`);
  console.log("dialtone: node dist/dialtone.js --config FILE (one UDP line, keepAlive off, expires 60).");
  console.log("baresip:  baresip -f DIR, only account.so loaded, sip_listen 127.0.0.1:0, regint=60.");
  console.log("Both answer Kamailio's digest challenge; '2xx to REGISTER' is when the relay in this process sees it.");
}

try {
  await main();
} catch (error) {
  console.error(`startup benchmark: could not measure: ${(error as Error).message}`);
  process.exitCode = 1;
}
