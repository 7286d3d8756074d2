/**
 * The two ports of the sim2 board calling each other through Kamailio, end to end through
 * the built agent: each line registered as its own user; line 0 dials line 1's number; line 1
 * rings and its handset's display shows the caller's number and name (Bell 202 after the
 * first ring); lifting answers; a tone in each mouthpiece reaches the other earpiece at its
 * frequency and within 1 dB of its level; whoever hangs up, the other side hears reorder.
 * With do-not-disturb on line 1 (lines[1].features.dnd, passed through the configuration), line
 * 0's call is refused busy (486, the Busy state) and line 1 never rings. Both ports on one account:
 * phone-shared-account.test.ts. Not covered: call waiting between the ports.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToneGenerator } from "../../src/dsp/index.js";
import { writeWav } from "../../src/web/wav.js";
import { startKamailio, stopAllPeers } from "./peers/index.js";
import { readTone } from "./support/media-measure.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const LINE0 = { user: "1001", password: "pw-1001", displayName: "Kitchen" };
const LINE1 = { user: "1002", password: "pw-1002", displayName: "Workshop" };
const LEVEL_DBM0 = -10;
/** Each port speaks its own frequency, so each earpiece can be told from its own sidetone or echo. */
const SAYS = [600, 1000] as const;
let agent: SimPhoneAgent;

beforeAll(async () => {
  const kamailio = await startKamailio({ users: [LINE0, LINE1], recordRoute: true });
  agent = await startSimPhoneAgent({
    registrarPort: kamailio.udpPort, board: "sim2",
    lines: [{ account: LINE0, dialPlan: "(xxxx)" }, { account: LINE1, dialPlan: "(xxxx)" }],
  });
});

/**
 * Each handset starts its tone once the call is answered, as a person speaks after "hello":
 * the port's echo canceller takes a steady sound already on the line before the far end
 * spoke for the line's background noise, and in time replaces it by comfort noise.
 */
async function speak(): Promise<void> {
  for (const [index, frequencyHz] of SAYS.entries()) {
    const tone = new ToneGenerator([{ frequencyHz, levelDbm0: LEVEL_DBM0 }]).next(8000);
    expect((await agent.api.send("PUT", `/api/sim/lines/${index}/mouthpiece`, { bytes: writeWav(tone), contentType: "audio/wav" })).status).toBe(200);
  }
}

async function silence(): Promise<void> {
  for (const index of SAYS.keys()) expect((await agent.api.send("DELETE", `/api/sim/lines/${index}/mouthpiece`)).status).toBe(204);
}

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

/** Lifts `from`, dials `to`'s number, waits for `to` to ring with the caller's ID on its display, and lifts `to`. */
async function call(from: number, to: number, number: string, caller: { user: string; displayName: string }): Promise<void> {
  const before = (await agent.handset(to)).callerId.length;
  await agent.hook(from, true);
  await agent.waitForState(from, "DialTone");
  await agent.dial(from, number);
  await agent.waitForState(to, "Ringing");
  await agent.waitForState(from, "Ringback");
  expect((await agent.handset(to)).ringing).toBe(true);
  await probeUntil(async () => (await agent.handset(to)).callerId.length > before, () => `caller ID on line ${to}'s display\n${agent.output()}`, 10_000);
  expect((await agent.handset(to)).callerId.at(-1)).toMatchObject({ number: caller.user, name: caller.displayName });
  await agent.hook(to, true);
  await agent.waitForState(to, "Talking");
  await agent.waitForState(from, "Talking");
  expect((await agent.handset(to)).ringing).toBe(false);
}

/** Waits until line `index`'s last second carries `frequencyHz`, each 100 ms of it at LEVEL_DBM0 (±1 dB); returns the second's reading. */
async function hears(index: number, frequencyHz: number): Promise<ReturnType<typeof readTone>> {
  let heard = readTone(new Int16Array(0));
  await probeUntil(async () => {
    const second = await agent.earpiece(index, 1000);
    heard = readTone(second);
    const tenths = Array.from({ length: 10 }, (_, k) => readTone(second.subarray(k * 800, (k + 1) * 800)));
    return second.length === 8000 && Math.abs(heard.frequencyHz - frequencyHz) < 5 && tenths.every((t) => Math.abs(t.levelDbm0 - LEVEL_DBM0) < 1);
  }, () => `line ${index} hears ${frequencyHz} Hz at ${LEVEL_DBM0} dBm0 (last: ${JSON.stringify(heard)})\n${agent.output().slice(-3000)}`, 10_000);
  return heard;
}

/** `leaving` hangs up: it is Idle, `left` hears reorder until it hangs up too. */
async function hangUp(leaving: number, left: number): Promise<void> {
  await silence();
  await agent.hook(leaving, false);
  await agent.waitForState(leaving, "Idle");
  await agent.waitForState(left, "Reorder");
  await agent.hook(left, false);
  await agent.waitForState(left, "Idle");
}

it("line 0 calls line 1: caller ID on line 1's display, each hears the other's tone, and line 1 hanging up leaves line 0 reorder", async () => {
  await call(0, 1, LINE1.user, LINE0);
  await speak();
  const at1 = await hears(1, SAYS[0]);
  const at0 = await hears(0, SAYS[1]);
  process.stdout.write(`line 1 heard ${at1.frequencyHz.toFixed(1)} Hz at ${at1.levelDbm0.toFixed(2)} dBm0; line 0 heard ${at0.frequencyHz.toFixed(1)} Hz at ${at0.levelDbm0.toFixed(2)} dBm0 (said at ${LEVEL_DBM0})\n`);
  await hangUp(1, 0);
});

it("line 1 calls line 0 and hangs up: line 0, the called side, hears reorder until it hangs up", async () => {
  await call(1, 0, LINE0.user, LINE1);
  await speak();
  await hears(0, SAYS[1]);
  await hangUp(1, 0);
});

describe("do-not-disturb on line 1", () => {
  let dnd: SimPhoneAgent;

  beforeAll(async () => {
    const kamailio = await startKamailio({ users: [LINE0, LINE1], recordRoute: true });
    dnd = await startSimPhoneAgent({
      registrarPort: kamailio.udpPort, board: "sim2",
      lines: [{ account: LINE0, dialPlan: "(xxxx)" }, { account: LINE1, dialPlan: "(xxxx)", features: { dnd: true } }],
    });
  });

  afterAll(() => dnd?.stop());

  it("line 0's call to line 1 is refused with 486: line 0 Busy, line 1 never rings", async () => {
    await dnd.hook(0, true);
    await dnd.waitForState(0, "DialTone");
    await dnd.dial(0, LINE1.user);
    await dnd.waitForState(0, "Busy");
    expect(await dnd.lineState(1)).toBe("Idle");
    expect((await dnd.handset(1)).ringing).toBe(false);
    expect(dnd.output()).toContain("call failed: 486 Busy Here");
    await dnd.hook(0, false);
    await dnd.waitForState(0, "Idle");
  });
});
