/**
 * The other feature toggles of the star-code table, dialled from the simulated handset of the
 * built agent (US region, dial plan "(*xx|xxxx.)") and judged by the earpiece (confirmation:
 * three 100 ms bursts of 350+440 Hz, then plain dial tone, −13 dBm0 per component), the
 * configuration file the agent saved, and what a SIPp caller through Kamailio gets:
 * - *77 anonymous call rejection on: an anonymous caller gets 433; *87 off: it rings.
 * - *30 caller ID hidden on every call: the SIPp UAS sees From anonymous, Privacy: id; *31:
 *   our own From again.
 * - *57 call waiting off and *90 3001 # forward busy: a caller during a call gets 302 to
 *   sip:3001@…; *91 and *56 put both back (in the file).
 * - *92 3000 # forward no answer (forwardNoAnswerDelaySec 2 in the configuration): a caller
 *   rings, then gets 302 to sip:3000@…; *93 clears it.
 * Not covered: the special dial tone of DND and forward all (phone-star-codes.test.ts), codes
 * that place calls (phone-star-code-calls.test.ts).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startKamailio, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { callThrough, dialCode, expectBursts, expectRefused, expectRings, hangUp, talkTo, type LineUnderTest } from "./support/phone-line.js";
import { agentConfigPath, finalAnswer, savedFeatures, sippCall } from "./support/phone-services.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let line: LineUnderTest;
let uasPort: number;
let configPath: string;

beforeAll(async () => {
  const [uas, callerPort] = (await freePorts(2)) as [number, number];
  uasPort = uas;
  kamailio = await startKamailio({
    users: [ACCOUNT],
    // Every loopback source is trusted: an anonymous From cannot pass the script's digest check (see phone-star-codes).
    trustedPeers: [{ address: "127.0.0.1" }],
    staticRoutes: { "2000": `sip:127.0.0.1:${uasPort}` },
  });
  agent = await startSimPhoneAgent({
    registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(*xx|xxxx.)", features: { forwardNoAnswerDelaySec: 2 },
  });
  line = { agent, kamailioPort: kamailio.udpPort, callerPort, user: ACCOUNT.user };
  configPath = agentConfigPath(agent);
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

/** Dials a toggle code: confirmation then plain dial tone; hangs up and waits for `saved` in the configuration file. */
async function toggle(keys: string, logged: string, saved: Record<string, unknown>): Promise<void> {
  expectBursts(await dialCode(agent, keys, logged), 3);
  await hangUp(agent);
  await probeUntil(async () => Object.entries(saved).every(([key, value]) => savedFeatures(configPath)[key] === value), () => `${JSON.stringify(saved)} in the file: ${JSON.stringify(savedFeatures(configPath))}`, 5_000);
}

it("*77 refuses anonymous callers with 433; *87 lets them ring again", async () => {
  await toggle("*77", "star code anonymousCallRejectionOn", { anonymousCallRejection: true });
  await expectRefused(line, "SIP/2.0 433 Anonymity Disallowed", true);
  await toggle("*87", "star code anonymousCallRejectionOff", { anonymousCallRejection: false });
  await expectRings(line, true);
}, 60_000);

it("*30 hides our caller ID on every call until *31", async () => {
  await toggle("*30", "star code blockCallerIdOn", { blockCallerId: true });
  const hidden = await callThrough(agent, uasPort, "svc-uas-hidden-id.xml", "2000#");
  expect(hidden).toMatch(/^Privacy:\s*id\s*$/m);
  await toggle("*31", "star code blockCallerIdOff", { blockCallerId: false });
  const shown = await callThrough(agent, uasPort, "uas-answer.xml", "2000#");
  expect(shown).toMatch(/^From:.*<sip:1001@/m);
  expect(shown).not.toMatch(/^Privacy:/m);
}, 60_000);

it("*57 and *90 3001 #: a caller during a call is forwarded to 3001; *91 and *56 undo both", async () => {
  await toggle("*57", "star code callWaitingOff", { callWaiting: false });
  expectBursts(await dialCode(agent, "*903001#", "star code forwardBusyOn: 3001"), 3);
  await hangUp(agent);
  await probeUntil(async () => savedFeatures(configPath).forwardBusy === "3001", () => `forwardBusy in the file: ${JSON.stringify(savedFeatures(configPath))}`, 5_000);

  const first = await talkTo(agent, uasPort, "2000#");
  const second = await sippCall({ kamailioPort: line.kamailioPort, localPort: line.callerPort, service: ACCOUNT.user });
  const answer = finalAnswer(await second.done);
  expect(answer.status).toBe("SIP/2.0 302 Moved Temporarily");
  expect(answer.contact).toMatch(/^<?sip:3001@/);
  expect(await agent.lineState()).toBe("Talking");
  await hangUp(agent);
  expect((await first.done).ok).toBe(true);

  await toggle("*91", "star code forwardBusyOff", { forwardBusy: "" });
  await toggle("*56", "star code callWaitingOn", { callWaiting: true });
}, 60_000);

it("*92 3000 #: an unanswered caller rings 2 s, then gets 302 to 3000; *93 clears it", async () => {
  expectBursts(await dialCode(agent, "*923000#", "star code forwardNoAnswerOn: 3000"), 3);
  await hangUp(agent);
  await probeUntil(async () => savedFeatures(configPath).forwardNoAnswer === "3000", () => `forwardNoAnswer in the file: ${JSON.stringify(savedFeatures(configPath))}`, 5_000);
  const call = await sippCall({ kamailioPort: line.kamailioPort, localPort: line.callerPort, service: ACCOUNT.user });
  await probeUntil(async () => (await agent.handset(0)).bell, () => `the bell rings\n${agent.output().slice(-3000)}`, 10_000);
  const answer = finalAnswer(await call.done);
  expect(answer.status).toBe("SIP/2.0 302 Moved Temporarily");
  expect(answer.contact).toMatch(/^<?sip:3000@/);
  expect(agent.output()).toContain("no answer: forwarded to 3000");
  await agent.waitForState(0, "Idle");

  await toggle("*93", "star code forwardNoAnswerOff", { forwardNoAnswer: "" });
}, 60_000);
