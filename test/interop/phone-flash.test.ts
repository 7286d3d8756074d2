/**
 * Hook-flash features end to end: the built agent on the two-line simulated board (line 0 is
 * 1001 on Kamailio, its handset saying 600 Hz; line 1 is D, 4000, saying 1800 Hz), two
 * baresip phones answering by themselves, B (2000) saying 1 kHz and C (3000) saying 1400 Hz.
 * Judged by what the earpieces hear (each party by its own frequency, tones by theirs) and
 * what baresip recorded: hold and resume; a three-way call in which each party hears both
 * others; call waiting with its tone and the flash swapping between the two calls; attended
 * transfer (REFER with Replaces) after which B and C talk without us. The three-way call's
 * first party is line 1, not baresip: baresip 1.0 stops decoding once it has been put on
 * hold, so what a held-then-resumed baresip hears cannot be measured. Not covered here: the
 * Nordic R-key style (unit tests), SIPp-scripted features (phone-services tests).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { toneDbov, ToneGenerator, dbovToDbm0 } from "../../src/dsp/index.js";
import { writeWav } from "../../src/web/wav.js";
import { startBaresip, startKamailio, stopAllPeers, type BaresipHandle, type KamailioHandle } from "./peers/index.js";
import { eventually } from "./support/agent.js";
import { writeToneWav } from "./support/media-wav.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const US = { user: "1001", password: "pw-1001" };
const B = { user: "2000", password: "pw-2000", hz: 1000 };
const C = { user: "3000", password: "pw-3000", hz: 1400 };
const D = { user: "4000", password: "pw-4000", hz: 1800 };
const MOUTH_HZ = 600;
const LEVEL_DBM0 = -10;

let dir: string;
let kamailio: KamailioHandle;
let b: BaresipHandle;
let c: BaresipHandle;
let agent: SimPhoneAgent;

/** The level of `hz` in `samples`, dBm0 (a tone missing reads far below −40). */
function level(samples: Int16Array, hz: number): number {
  return dbovToDbm0(toneDbov(samples, hz));
}

/** Waits until the last 400 ms of the earpiece carry every tone of `present` (within 2 dB of `dbm0`) and none of `absent`. */
async function hears(what: string, present: Array<{ hz: number; dbm0: number }>, absent: number[] = [], line = 0): Promise<void> {
  let last = "";
  await eventually(async () => {
    const ear = await agent.earpiece(line, 400);
    last = [...present.map((p) => p.hz), ...absent].map((hz) => `${hz} Hz ${level(ear, hz).toFixed(1)}`).join(", ");
    return present.every((p) => Math.abs(level(ear, p.hz) - p.dbm0) < 2) && absent.every((hz) => level(ear, hz) < -40);
  }, `line ${line} earpiece: ${what}`, 10_000).catch((error: Error) => {
    throw new Error(`${error.message} (last: ${last})\n${agent.output().slice(-3000)}`);
  });
}

async function flash(): Promise<void> {
  const r = await agent.api.send("POST", "/api/sim/lines/0/flash");
  if (r.status !== 202) throw new Error(`flash: HTTP ${r.status}`);
}

async function callFromHandset(number: string, state = "Talking"): Promise<void> {
  await agent.dial(0, number);
  await agent.waitForState(0, state, 20_000);
}

async function farPhone(who: typeof B): Promise<BaresipHandle> {
  const wav = join(dir, `${who.user}.wav`);
  await writeToneWav(wav, { silenceMs: 0, toneMs: 120_000, tone: [{ frequencyHz: who.hz, levelDbm0: LEVEL_DBM0 }] });
  return startBaresip({ user: who.user, password: who.password, registrar: { port: kamailio.udpPort }, audioSourcePath: wav, srtp: "off" });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dialtone-phone-flash-"));
  kamailio = await startKamailio({ users: [US, B, C, D].map(({ user, password }) => ({ user, password })), recordRoute: true });
  [b, c] = await Promise.all([farPhone(B), farPhone(C)]);
  agent = await startSimPhoneAgent({
    registrarPort: kamailio.udpPort, board: "sim2",
    lines: [{ account: US, dialPlan: "(xxxx)" }, { account: { user: D.user, password: D.password }, dialPlan: "(xxxx)" }],
  });
}, 60_000);

/**
 * The handset on `line` starts saying its tone, once its call is up: a steady sound on the line
 * before the far end has said anything is taken by the port's echo canceller for line noise.
 */
async function speak(line: number, hz: number): Promise<void> {
  const mouth = new ToneGenerator([{ frequencyHz: hz, levelDbm0: LEVEL_DBM0 }]).next(8000);
  expect((await agent.api.send("PUT", `/api/sim/lines/${line}/mouthpiece`, { bytes: writeWav(mouth), contentType: "audio/wav" })).status).toBe(200);
}

afterEach(async () => {
  await Promise.all([0, 1].map((line) => agent.api.send("DELETE", `/api/sim/lines/${line}/mouthpiece`)));
  await Promise.all([agent.hook(0, false), agent.hook(1, false)]);
  await agent.waitForState(0, "Idle", 10_000).catch(() => undefined);
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("hook flash", () => {
  it("holds the call with recall dial tone and resumes it at the next flash", async () => {
    await agent.hook(0, true);
    await callFromHandset(B.user);
    await hears("B", [{ hz: B.hz, dbm0: LEVEL_DBM0 }]);
    await flash();
    await agent.waitForState(0, "DialTone");
    await hears("recall dial tone, not B", [{ hz: 350, dbm0: -13 }, { hz: 440, dbm0: -13 }], [B.hz]);
    await flash();
    await agent.waitForState(0, "Talking");
    await hears("B again", [{ hz: B.hz, dbm0: LEVEL_DBM0 }], [350]);
  });

  it("makes a three-way call in which each party hears both others", async () => {
    await agent.hook(0, true);
    await agent.dial(0, D.user);
    await eventually(async () => (await agent.handset(1)).ringing, "line 1 rings");
    await agent.hook(1, true);
    await agent.waitForState(0, "Talking");
    await Promise.all([speak(0, MOUTH_HZ), speak(1, D.hz)]);
    await hears("D", [{ hz: D.hz, dbm0: LEVEL_DBM0 }]);
    await hears("D hears us", [{ hz: MOUTH_HZ, dbm0: LEVEL_DBM0 }], [], 1);
    await flash();
    await agent.waitForState(0, "DialTone");
    await callFromHandset(C.user);
    await hears("C alone", [{ hz: C.hz, dbm0: LEVEL_DBM0 }], [D.hz]);
    await flash();
    await agent.waitForState(0, "Conference");
    await hears("D and C", [{ hz: D.hz, dbm0: LEVEL_DBM0 }, { hz: C.hz, dbm0: LEVEL_DBM0 }]);
    await hears("D hears us and C", [{ hz: MOUTH_HZ, dbm0: LEVEL_DBM0 }, { hz: C.hz, dbm0: LEVEL_DBM0 }], [], 1);
    const conferenceFrom = performance.now();
    await eventually(async () => performance.now() - conferenceFrom > 3000, "three seconds of conference");
    await agent.hook(0, false);
    const heard = await c.takeRecording();
    // One second of the conference: it ends 1.5 s before the recording does (the hook filter
    // waits out the flash window before it calls an open loop an on-hook; the mouthpiece is silent meanwhile).
    const second = heard.received.subarray(Math.max(0, heard.received.length - 20_000), heard.received.length - 12_000);
    process.stdout.write(`three-way: C hears ${MOUTH_HZ} Hz at ${level(second, MOUTH_HZ).toFixed(1)} dBm0 and ${D.hz} Hz at ${level(second, D.hz).toFixed(1)}\n`);
    expect(Math.abs(level(second, MOUTH_HZ) - LEVEL_DBM0)).toBeLessThan(2);
    expect(Math.abs(level(second, D.hz) - LEVEL_DBM0)).toBeLessThan(2);
    await agent.waitForState(1, "Reorder");
  });

  it("call waiting: the tone over the call, the waiting caller's ID on the display, flash answers it and swaps back", async () => {
    await agent.hook(0, true);
    await callFromHandset(B.user);
    const shown = (await agent.handset(0)).callerId.length;
    await c.dial(`sip:${US.user}@127.0.0.1:${kamailio.udpPort}`);
    await eventually(async () => (await agent.handset(0)).callerId.length > shown, `call-waiting caller ID on the display\n${agent.output().slice(-3000)}`);
    expect((await agent.handset(0)).callerId.at(-1)).toMatchObject({ number: C.user });
    // The call-waiting tone (440 Hz, 300 ms) came first: some 100 ms of the last 3 s carry it at its level.
    const ear = await agent.earpiece(0, 3000);
    const windows = Array.from({ length: 30 }, (_, i) => level(ear.subarray(i * 800, (i + 1) * 800), 440));
    expect(Math.max(...windows)).toBeGreaterThan(-15);
    expect(agent.output()).toMatch(/CPE alerting signal heard[\s\S]*call-waiting caller ID: sent/);
    expect(await agent.lineState()).toBe("Talking");
    await flash();
    await hears("C", [{ hz: C.hz, dbm0: LEVEL_DBM0 }], [B.hz]);
    await flash();
    await hears("B again", [{ hz: B.hz, dbm0: LEVEL_DBM0 }], [C.hz]);
    await agent.hook(0, false);
    await agent.waitForState(0, "Recall");
    await eventually(async () => (await agent.handset(0)).ringing, "the phone rings back for C");
    await agent.hook(0, true);
    await hears("C after the recall", [{ hz: C.hz, dbm0: LEVEL_DBM0 }]);
  });

  it("attended transfer: on-hook while talking to C sends B to C (REFER with Replaces), and B and C talk without us", async () => {
    await agent.hook(0, true);
    await callFromHandset(B.user);
    await flash();
    await agent.waitForState(0, "DialTone");
    await callFromHandset(C.user);
    const since = performance.now();
    await agent.hook(0, false);
    await agent.waitForState(0, "Idle", 20_000);
    await Promise.all([b.waitForEvent("CALL_ESTABLISHED", 10_000, since), c.waitForEvent("CALL_ESTABLISHED", 10_000, since)]);
    expect(agent.output()).toMatch(/transferring the held call to sip:3000@[^ ]*Replaces=/);
  });
});

describe("blind transfer", () => {
  it("on-hook while the consulted line still rings: it is cancelled and B is sent to its number, which then rings with B", async () => {
    await agent.hook(0, true);
    await callFromHandset(B.user);
    await flash();
    await agent.waitForState(0, "DialTone");
    await callFromHandset(D.user, "Ringback");
    await agent.waitForState(1, "Ringing");
    const shown = (await agent.handset(1)).callerId.length;
    await agent.hook(0, false);
    await agent.waitForState(0, "Idle", 15_000);
    // Line 1 rang for us (1001); now it rings for B, whose number its display shows.
    await eventually(async () => (await agent.handset(1)).callerId.slice(shown).some((c) => c.number === B.user), `B's call on line 1's display\n${agent.output().slice(-3000)}`);
    await agent.hook(1, true);
    await agent.waitForState(1, "Talking");
    await hears("B, transferred to line 1", [{ hz: B.hz, dbm0: LEVEL_DBM0 }], [], 1);
    expect(agent.output()).toMatch(/transferring the held call to 4000/);
  });
});
