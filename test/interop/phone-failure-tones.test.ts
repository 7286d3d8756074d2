/**
 * What the handset hears when its call fails, end to end: the built agent on the simulated
 * board, registered to Kamailio; the handset dials by DTMF; SIPp behind Kamailio refuses with
 * 486 (busy tone: 480+620 Hz, 0.5 s on and off) or 404 (SIT 913.8/1370.6/1776.7 Hz, then reorder:
 * 480+620 Hz, 0.25 s on and off); a number nobody registered gets Kamailio's own 404 (so SIT,
 * then reorder); 480 (a known user not reachable now, what many providers answer for one not
 * registered) gives reorder with no SIT; a peer that never answers gets Kamailio's 408 when
 * its INVITE timer (fr_timer, 10 s) runs out (reorder). Each tone is measured in the earpiece WAV (src/dsp: frequency by
 * Goertzel per 10 ms, cadence from the runs, level per component) and the port's state read
 * from /api/status. Not covered: other regions' tones (src/line unit tests), Howler after 60 s.
 */
import { createSocket, type Socket } from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { dbovToDbm0, goertzelPower, rmsDbm0, toneDbov } from "../../src/dsp/index.js";
import { freePorts, LOOPBACK, startKamailio, startSipp, stopAllPeers, type SippHandle } from "./peers/index.js";
import { refusingCallee, writeScenario } from "./support/phone-scenarios.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
/** The US plan's components (src/line/tones, GR-506): each at −24 dBm0. */
const PAIR = [480, 620];
const SIT = [913.8, 1370.6, 1776.7];
const COMPONENT_DBM0 = -24;
const BLOCK = 80;
let dir: string;
let agent: SimPhoneAgent;
let blackHole: Socket;
let invitesSwallowed = 0;
let ports: { busy: number; missing: number; away: number };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dialtone-failure-tones-"));
  const [busy, missing, silent, away] = (await freePorts(4)) as [number, number, number, number];
  ports = { busy, missing, away };
  blackHole = createSocket("udp4");
  blackHole.on("message", (data) => { if (data.toString("latin1").startsWith("INVITE ")) invitesSwallowed++; });
  await new Promise<void>((resolve) => blackHole.bind(silent, LOOPBACK, resolve));
  const kamailio = await startKamailio({
    users: [ACCOUNT],
    staticRoutes: {
      "2486": `sip:${LOOPBACK}:${busy}`, "2404": `sip:${LOOPBACK}:${missing}`, "2408": `sip:${LOOPBACK}:${silent}`, "2480": `sip:${LOOPBACK}:${away}`,
    },
  });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)" });
});

afterAll(async () => {
  agent?.stop();
  blackHole?.close();
  await stopAllPeers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A SIPp UAS on `port` that answers one INVITE with `status` and takes the ACK. */
async function refusingUas(port: number, status: string): Promise<SippHandle> {
  const uas = await startSipp({ scenario: writeScenario(dir, `uas-${status.slice(0, 3)}`, refusingCallee(status)), localPort: port });
  await uas.ready();
  return uas;
}

/** Lifts, dials `number` by DTMF, and waits for `state`; returns the handset to on-hook after `check`. */
async function failedCall(number: string, states: string[], check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, number);
  for (const state of states) await agent.waitForState(0, state, timeoutMs);
  await check();
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
}

interface Run {
  label: string;
  ms: number;
  /** Where it starts in the samples. */
  at: number;
}

/** Labels each 10 ms block by the candidate with the most power (silence under −45 dBm0) and joins equal neighbours. */
function toneRuns(samples: Int16Array, candidates: Record<string, number[]>): Run[] {
  const runs: Run[] = [];
  for (let at = 0; at + BLOCK <= samples.length; at += BLOCK) {
    const block = samples.subarray(at, at + BLOCK);
    let label = "silence";
    if (rmsDbm0(block) > -45) {
      let best = -1;
      for (const [name, frequencies] of Object.entries(candidates)) {
        const power = frequencies.reduce((sum, f) => sum + goertzelPower(block, f), 0);
        if (power > best) [best, label] = [power, name];
      }
    }
    const last = runs.at(-1);
    if (last?.label === label) last.ms += 10;
    else runs.push({ label, ms: 10, at });
  }
  return runs;
}

/** The runs between the first and the last (which the recording cut). */
const whole = (runs: Run[]): Run[] => runs.slice(1, -1);

/** Each of `frequencies` in the middle 200 ms of `run`, in dBm0. */
function levels(samples: Int16Array, run: Run, frequencies: number[]): number[] {
  const middle = samples.subarray(run.at + (run.ms / 2 - 100) * 8, run.at + (run.ms / 2 + 100) * 8);
  return frequencies.map((f) => dbovToDbm0(toneDbov(middle, f)));
}

const ALL_TONES = { sit0: [SIT[0]!], sit1: [SIT[1]!], sit2: [SIT[2]!], pair: PAIR };

/**
 * After 3 s more of `state` (two whole periods of its tone at least), the earpiece's last 3 s
 * are 480+620 Hz alone (no SIT), on and off for `halfPeriodMs` each, at −24 dBm0 per component.
 */
async function hearsOnly(state: string, halfPeriodMs: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 3200));
  expect(await agent.lineState()).toBe(state);
  const heard = await agent.earpiece(0, 3000);
  expect(toneRuns(heard, ALL_TONES).filter((r) => r.label.startsWith("sit"))).toEqual([]);
  expectCadence(heard, halfPeriodMs, halfPeriodMs);
}

function expectCadence(samples: Int16Array, onMs: number, offMs: number): void {
  const runs = whole(toneRuns(samples, { pair: PAIR }));
  expect(runs.length, JSON.stringify(runs)).toBeGreaterThanOrEqual(4);
  for (const run of runs) {
    expect(Math.abs(run.ms - (run.label === "pair" ? onMs : offMs)), JSON.stringify(runs)).toBeLessThanOrEqual(20);
  }
  for (const run of runs.filter((r) => r.label === "pair" && r.ms >= 240)) {
    for (const level of levels(samples, { ...run, ms: Math.min(run.ms, 240) }, PAIR)) expect(Math.abs(level - COMPONENT_DBM0)).toBeLessThan(1);
  }
}

it("486 from the far end: Busy, and the earpiece carries busy tone, 480+620 Hz at −24 dBm0 each, 0.5 s on and off", async () => {
  const uas = await refusingUas(ports.busy, "486 Busy Here");
  await failedCall("2486", ["Busy"], () => hearsOnly("Busy", 500));
  const result = await uas.done;
  expect(result.ok, result.errors).toBe(true);
});

/** Three seconds from the start of SIT: its three tones in order at their lengths, a short pause, then reorder. */
function expectSitThenReorder(samples: Int16Array): void {
  const runs = toneRuns(samples, ALL_TONES);
  const first = runs.findIndex((r) => r.label === "sit0");
  const shown = JSON.stringify(runs);
  expect(first, shown).toBeGreaterThan(0);
  const [a, b, c, pause, ...rest] = runs.slice(first);
  // ANSI T1.401 reorder SIT: 274, 274 and 380 ms; the port moves to reorder 1 s after SIT began.
  expect([a!.label, b!.label, c!.label, pause!.label], shown).toEqual(["sit0", "sit1", "sit2", "silence"]);
  for (const [run, ms] of [[a!, 274], [b!, 274], [c!, 380]] as const) expect(Math.abs(run.ms - ms), shown).toBeLessThanOrEqual(20);
  for (const [run, f] of [[a!, SIT[0]!], [b!, SIT[1]!], [c!, SIT[2]!]] as const) {
    expect(Math.abs(levels(samples, run, [f])[0]! - COMPONENT_DBM0), shown).toBeLessThan(1);
  }
  expect(Math.abs(a!.ms + b!.ms + c!.ms + pause!.ms - 1000), shown).toBeLessThanOrEqual(30);
  const reorder = rest.slice(0, -1);
  expect(reorder.length, shown).toBeGreaterThanOrEqual(4);
  for (const run of reorder) expect(Math.abs(run.ms - 250), shown).toBeLessThanOrEqual(20);
  expect(reorder.filter((r) => r.label === "pair").length, shown).toBe(Math.ceil(reorder.length / 2));
}

/** Waits until 3 s of tone have played since `state` was seen, then reads the earpiece. */
async function threeSecondsOf(state: string): Promise<Int16Array> {
  expect(await agent.lineState()).toBe(state);
  await new Promise((resolve) => setTimeout(resolve, 3000));
  return agent.earpiece(0, 3500);
}

it("404 from the far end: SIT (913.8, 1370.6, 1776.7 Hz), then Reorder with reorder tone, 480+620 Hz 0.25 s on and off", async () => {
  const uas = await refusingUas(ports.missing, "404 Not Found");
  await failedCall("2404", ["Sit"], async () => expectSitThenReorder(await threeSecondsOf("Sit")));
  expect(agent.output()).toContain("call failed: 404 Not Found");
  const result = await uas.done;
  expect(result.ok, result.errors).toBe(true);
});

it("a number nobody registered: Kamailio answers 404 Not Found itself, so SIT then reorder", async () => {
  await failedCall("3999", ["Sit"], async () => expectSitThenReorder(await threeSecondsOf("Sit")));
  expect(agent.output().match(/call failed: .*/g)?.at(-1)).toBe("call failed: 404 Not Found");
});

it("480 from the far end: Reorder at once, no SIT (the number exists), 480+620 Hz 0.25 s on and off", async () => {
  const uas = await refusingUas(ports.away, "480 Temporarily Unavailable");
  await failedCall("2480", ["Reorder"], () => hearsOnly("Reorder", 250));
  const result = await uas.done;
  expect(result.ok, result.errors).toBe(true);
});

it("a peer that never answers: Kamailio's 408 after its 10 s INVITE timer, then Reorder with reorder tone", async () => {
  const before = invitesSwallowed;
  await failedCall("2408", ["Calling", "Reorder"], async () => {
    expect(invitesSwallowed).toBeGreaterThan(before);
    await hearsOnly("Reorder", 250);
  }, 20_000);
  expect(agent.output().match(/call failed: .*/g)?.at(-1)).toBe("call failed: 408 Request Timeout");
}, 40_000);
