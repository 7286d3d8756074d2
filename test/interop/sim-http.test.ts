/**
 * The built agent as `npm start` runs it (`node dist/dialtone.js --config <tmp>
 * --http-port <free>`), on the simulated board with one line, driven over HTTP the way
 * `curl` would: log in, lift the handset, dial by DTMF and by pulse, upload mouthpiece
 * audio (and a bad WAV), fetch earpiece audio, hang up, and SIGTERM. Pulse dialing is
 * checked against the raw hook edges the agent logs (debug), timed in the real process.
 * Not covered: what the line layer makes of digits and audio (src/line, later), SIP.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { parseWav, writeWav } from "../../src/web/wav.js";
import { DBM0_MINUS_DBOV, ToneGenerator, toneDbov } from "../../src/dsp/index.js";
import { ApiClient } from "../support/http-client.js";
import { freePort } from "./peers/ports.js";
import { eventually } from "./support/agent.js";

const PASSWORD = "interop-admin";
let dir: string;
let child: ChildProcess;
let output = "";
let exit: Promise<number | null>;
let api: ApiClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dialtone-sim-http-"));
  const configPath = join(dir, "config.json");
  writeFileSync(configPath, JSON.stringify({
    sip: { localPort: 0, bindAddress: "127.0.0.1" },
    admin: { initialPassword: PASSWORD },
    log: { level: "debug" },
  }));
  const httpPort = await freePort();
  child = spawn(process.execPath, ["dist/dialtone.js", "--config", configPath, "--http-port", String(httpPort)], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout!.on("data", (d: Buffer) => { output += d.toString(); });
  child.stderr!.on("data", (d: Buffer) => { output += d.toString(); });
  exit = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  await eventually(async () => output.includes(`web listening on http://127.0.0.1:${httpPort}`), `agent web server\n${output}`);
  api = new ApiClient(httpPort);
});

afterAll(() => {
  child?.kill("SIGKILL");
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Raw hook edges the agent logged for line 0, as [state, atMs]. */
function loggedEdges(): [string, number][] {
  return [...output.matchAll(/line 0 hook (on|off) at ([0-9.]+) ms/g)].map((m) => [m[1]!, Number(m[2])]);
}

it("starts on the simulated board with one line, and says so", () => {
  expect(output).toContain("info board sim open with 1 line(s)");
});

it("logs in, and refuses the sim routes without a session", async () => {
  expect((await api.send("GET", "/api/sim/lines/0")).status).toBe(401);
  expect((await api.login(PASSWORD)).status).toBe(200);
  expect((await api.send("GET", "/api/sim/lines/0")).json()).toEqual({ offHook: false, ringing: false, bell: false, polarity: "forward", callerId: [], mwi: false });
});

it("lifts the handset: the line reports the loop closed", async () => {
  const lifted = await api.send("POST", "/api/sim/lines/0/hook", { body: { offHook: true } });
  expect(lifted.json().offHook).toBe(true);
  await eventually(async () => loggedEdges().some(([state]) => state === "off"), "off-hook edge in the agent log");
  // The line layer confirms off-hook once the contacts have settled (its debounce).
  type Status = { version: string; lines: { hook: string; registration: string }[] };
  await eventually(async () => ((await api.send("GET", "/api/status")).json() as Status).lines[0]?.hook === "off", "status says off-hook");
  const status = (await api.send("GET", "/api/status")).json() as Status;
  expect(status.version).toBe("0.1.0");
  expect(status.lines[0]).toMatchObject({ hook: "off", registration: "unregistered" });
});

it("plays the region's dial tone (US: 350 + 440 Hz) to the lifted handset, from the call controller", async () => {
  type Status = { lines: { state: string }[] };
  expect(((await api.send("GET", "/api/status")).json() as Status).lines[0]?.state).toBe("DialTone");
  let heard: Int16Array = new Int16Array(0);
  await eventually(async () => {
    const wav = parseWav((await api.send("GET", "/api/sim/lines/0/earpiece.wav?ms=400")).body);
    heard = wav.ok ? wav.value : new Int16Array(0);
    // The window is full of tone once 400 ms have passed since dial tone started.
    return heard.length === 3200 && toneDbov(heard, 350) + DBM0_MINUS_DBOV > -14;
  }, "400 ms of dial tone in the earpiece");
  // E.180 / Bellcore precise dial tone: 350 and 440 Hz, each −13 dBm0; nothing at a DTMF frequency.
  expect(toneDbov(heard, 350) + DBM0_MINUS_DBOV).toBeCloseTo(-13, 0);
  expect(toneDbov(heard, 440) + DBM0_MINUS_DBOV).toBeCloseTo(-13, 0);
  expect(toneDbov(heard, 697) + DBM0_MINUS_DBOV).toBeLessThan(-40);
});

it("dials by DTMF, refusing a second dial until the first is sent", async () => {
  const dial = await api.send("POST", "/api/sim/lines/0/dial", { body: { digits: "1002", method: "dtmf" } });
  expect([dial.status, dial.json()]).toEqual([202, { digits: "1002", method: "dtmf", durationMs: 800 }]);
  expect((await api.send("POST", "/api/sim/lines/0/dial", { body: { digits: "3", method: "dtmf" } })).status).toBe(409);
  await eventually(async () => (await api.send("POST", "/api/sim/lines/0/dial", { body: { digits: "#", method: "dtmf" } })).status === 202, "second DTMF dial accepted");
});

it("dials by pulse: the line sees 10 pps with 61 % breaks and the digit's count of breaks", async () => {
  let before = 0;
  await eventually(async () => {
    before = loggedEdges().length; // read before each attempt: the train's edges come after it
    return (await api.send("POST", "/api/sim/lines/0/dial", { body: { digits: "3", method: "pulse" } })).status === 202;
  }, "pulse dial accepted");
  await eventually(async () => loggedEdges().length >= before + 6, "six pulse edges in the agent log");
  const train = loggedEdges().slice(before);
  expect(train.map(([state]) => state)).toEqual(["on", "off", "on", "off", "on", "off"]);
  const t = train.map(([, at]) => at - train[0]![1]);
  for (const [i, expected] of [0, 61, 100, 161, 200, 261].entries()) expect(t[i]).toBeCloseTo(expected, 0);
});

it("hears the dialled digits in the line layer: the DTMF tones and the pulse train", async () => {
  const dialled = async (): Promise<string | undefined> => ((await api.send("GET", "/api/status")).json() as { lines: { dialled?: string }[] }).lines[0]?.dialled;
  await eventually(async () => (await dialled()) === "1002#3", "status lists 1002#3 as dialled");
  expect(output).toMatch(/digit 1 \(DTMF, \d+ ms\)/);
  expect(output).toMatch(/digit 3 \(pulse, 3 pulse\(s\), 10\.0 pps, 61 % break\)/);
});

it("takes mouthpiece audio as WAV, names what is wrong with a bad one, and clears it", async () => {
  const tone = new ToneGenerator([{ frequencyHz: 440, levelDbm0: -10 }]).next(8000);
  const put = await api.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(tone), contentType: "audio/wav" });
  expect([put.status, put.json()]).toEqual([200, { samples: 8000, durationMs: 1000 }]);
  const sixteenK = writeWav(tone);
  sixteenK.writeUInt32LE(16000, 24);
  const bad = await api.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: sixteenK, contentType: "audio/wav" });
  expect([bad.status, bad.json().error]).toEqual([422, expect.stringContaining("16000 Hz: 8000 Hz is needed")]);
  expect((await api.send("DELETE", "/api/sim/lines/0/mouthpiece")).status).toBe(204);
});

it("returns earpiece audio as an 8 kHz mono 16-bit WAV of the asked length", async () => {
  const reply = await api.send("GET", "/api/sim/lines/0/earpiece.wav?ms=500");
  expect([reply.status, reply.headers["content-type"]]).toEqual([200, "audio/wav"]);
  const wav = parseWav(reply.body);
  expect(wav.ok && wav.value.length).toBe(4000);
});

it("hangs up, and the agent exits 0 on SIGTERM", async () => {
  const down = await api.send("POST", "/api/sim/lines/0/hook", { body: { offHook: false } });
  expect(down.json().offHook).toBe(false);
  await eventually(async () => loggedEdges().at(-1)?.[0] === "on", "on-hook edge in the agent log");
  child.kill("SIGTERM");
  expect(await exit).toBe(0);
  expect(output).toContain("info main stopped");
});
