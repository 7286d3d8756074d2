/**
 * Attended transfer with every party a dialtone port, so each side of RFC 3515 and RFC 3891
 * is ours: agent A (sim2) has line 0 (1001, the transferor) and line 1 (4000, the
 * transferee, saying 1800 Hz); agent B has one line (5000, the transfer target, saying
 * 1000 Hz). 1001 talks to 4000, flashes, calls 5000, hangs up: 4000 receives the REFER,
 * calls 5000 with Replaces, and agent B's port takes that call in place of the one with
 * 1001 without ringing. Judged by the earpieces (4000 hears 5000 and the reverse) and by the
 * target's bell staying silent. baresip 1.0 cannot take either role (it neither sends nor
 * honours Replaces), which is why two agents are used.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { dbovToDbm0, toneDbov, ToneGenerator } from "../../src/dsp/index.js";
import { writeWav } from "../../src/web/wav.js";
import { startKamailio, stopAllPeers } from "./peers/index.js";
import { eventually } from "./support/agent.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const TRANSFEROR = { user: "1001", password: "pw-1001" };
const TRANSFEREE = { user: "4000", password: "pw-4000" };
const TARGET = { user: "5000", password: "pw-5000" };
const LEVEL_DBM0 = -10;

let a: SimPhoneAgent;
let b: SimPhoneAgent;

beforeAll(async () => {
  const kamailio = await startKamailio({ users: [TRANSFEROR, TRANSFEREE, TARGET], recordRoute: true });
  [a, b] = await Promise.all([
    startSimPhoneAgent({ registrarPort: kamailio.udpPort, board: "sim2", lines: [{ account: TRANSFEROR, dialPlan: "(xxxx)" }, { account: TRANSFEREE, dialPlan: "(xxxx)" }] }),
    startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: TARGET, dialPlan: "(xxxx)" }),
  ]);
}, 60_000);

afterAll(async () => {
  a?.stop();
  b?.stop();
  await stopAllPeers();
});

async function speak(agent: SimPhoneAgent, line: number, hz: number): Promise<void> {
  const tone = new ToneGenerator([{ frequencyHz: hz, levelDbm0: LEVEL_DBM0 }]).next(8000);
  expect((await agent.api.send("PUT", `/api/sim/lines/${line}/mouthpiece`, { bytes: writeWav(tone), contentType: "audio/wav" })).status).toBe(200);
}

async function hears(agent: SimPhoneAgent, line: number, hz: number, what: string): Promise<void> {
  let last = -Infinity;
  await eventually(async () => {
    last = dbovToDbm0(toneDbov(await agent.earpiece(line, 500), hz));
    return Math.abs(last - LEVEL_DBM0) < 2;
  }, what).catch((error: Error) => {
    throw new Error(`${error.message} (last ${last.toFixed(1)} dBm0)\n${a.output().slice(-2500)}\n--- target agent ---\n${b.output().slice(-2500)}`);
  });
}

it("the transferee calls the target with Replaces, and the target's port swaps the calls without ringing", async () => {
  await a.hook(0, true);
  await a.dial(0, TRANSFEREE.user);
  await a.waitForState(1, "Ringing");
  await a.hook(1, true);
  await a.waitForState(0, "Talking");
  await a.api.send("POST", "/api/sim/lines/0/flash");
  await a.waitForState(0, "DialTone");
  await a.dial(0, TARGET.user);
  await b.waitForState(0, "Ringing");
  await b.hook(0, true);
  await a.waitForState(0, "Talking");
  const shownBefore = (await b.handset(0)).callerId.length;

  await a.hook(0, false);
  await a.waitForState(0, "Idle", 15_000);
  // Both start speaking once they are put through, as people do (a steady sound on a line
  // whose far end has said nothing yet is taken by the echo canceller for line noise).
  await Promise.all([speak(a, 1, 1800), speak(b, 0, 1000)]);
  await hears(a, 1, 1000, "the transferee hears the target");
  await hears(b, 0, 1800, "the target hears the transferee");
  expect(await a.lineState(1)).toBe("Talking");
  expect(await b.lineState(0)).toBe("Talking");
  expect(b.output()).toMatch(/a call replaces ours \(transfer\)/);
  expect(a.output()).toMatch(/transferred to sip:5000@[^ ]*Replaces=/);
  // The target never rang for the replacing call: no bell, and no new caller ID on its display.
  expect((await b.handset(0)).ringing).toBe(false);
  expect((await b.handset(0)).callerId.length).toBe(shownBefore);
});
