/**
 * Message waiting (RFC 3842) end to end through the built agent on the simulated board:
 * - Unsolicited NOTIFYs (Event: message-summary, no subscription, as Asterisk sends them) from
 *   SIPp to the line's user through Kamailio, which routes them by the registration like any
 *   request (svc-mwi-notify.xml): "Messages-Waiting: yes" → 200; the idle line sends visual
 *   message waiting (VMWI FSK), so the handset's display shows it (GET /api/sim/lines/0 `mwi`);
 *   lifting gives stutter dial tone: ten 100 ms bursts of 350+440 Hz with 100 ms gaps, then
 *   steady at −13 dBm0 per component. "Messages-Waiting: no" → the display clears and the next
 *   lift gives steady dial tone at once.
 * - The subscription: a second line with account.mwiSubscribe and mwiUri sip:4000@Kamailio,
 *   routed to a SIPp notifier (svc-mwi-notifier.xml): SUBSCRIBE through Kamailio's challenge,
 *   200, NOTIFY "yes" along the record-route → display on, stutter dial tone.
 * Not covered: refreshes and un-SUBSCRIBE (mwi.test.ts at the SIP level), message counts on
 * the display, MWI while a call is up (VMWI waits for idle: not checked here).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startKamailio, startSipp, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { rmsDbm0 } from "../../src/dsp/index.js";
import { burstsBeforeSteady, DIAL_COMPONENT_DBM0, dialPairLevels, dialPairShare, untilSteadyTone } from "./support/phone-services.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
const SUBSCRIBER = { user: "1002", password: "pw-1002" };
/** The voicemail server's number at Kamailio, routed to the SIPp notifier. */
const VOICEMAIL = "4000";
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let notifierPort: number;
let callerPort: number;

beforeAll(async () => {
  [notifierPort, callerPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT, SUBSCRIBER],
    trustedPeers: [{ address: "127.0.0.1", port: callerPort }],
    staticRoutes: { [VOICEMAIL]: `sip:127.0.0.1:${notifierPort}` },
  });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)" });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

async function notify(waiting: "yes" | "no"): Promise<void> {
  const sipp = await startSipp({
    scenario: "svc-mwi-notify.xml", remote: { port: kamailio.udpPort }, localPort: callerPort, service: ACCOUNT.user,
    keys: { waiting, new: waiting === "yes" ? "2" : "0" },
  });
  const result = await sipp.done;
  expect(result.ok, `${result.errors}\n${agent.output().slice(-2000)}`).toBe(true);
}

/**
 * The display showed message waiting once it decoded the VMWI message; the FSK may run on a
 * little (its last mark bits): wait for 300 ms of quiet line, so the dial tone heard after
 * lifting is told from it.
 */
async function quietLine(phone: SimPhoneAgent): Promise<void> {
  let level = 0;
  await probeUntil(async () => (level = rmsDbm0(await phone.earpiece(0, 300))) < -60, () => `a quiet line after VMWI (last 300 ms at ${level.toFixed(1)} dBm0)`, 5_000);
}

/** Lifts the handset of `phone`, waits for steady dial tone after whatever came first, and hangs up; returns the bursts before it. */
async function liftAndListen(phone: SimPhoneAgent): Promise<ReturnType<typeof burstsBeforeSteady> & { levels: number[] }> {
  await phone.hook(0, true);
  await phone.waitForState(0, "DialTone");
  const { samples, runs } = await untilSteadyTone(phone, 4000, 700, "dial tone after lifting");
  const heard = burstsBeforeSteady(runs);
  for (const burst of heard.bursts) expect(dialPairShare(samples, burst), heard.shown).toBeGreaterThan(0.9);
  const levels = dialPairLevels(samples, heard.steady, 100, 500);
  await phone.hook(0, false);
  await phone.waitForState(0, "Idle");
  return { ...heard, levels };
}

function expectStutter(heard: Awaited<ReturnType<typeof liftAndListen>>): void {
  expect(heard.bursts.length, heard.shown).toBe(10);
  for (const run of [...heard.bursts, ...heard.gaps]) expect(Math.abs(run.ms - 100), heard.shown).toBeLessThanOrEqual(10);
  for (const level of heard.levels) expect(Math.abs(level - DIAL_COMPONENT_DBM0), heard.shown).toBeLessThan(1);
}

it("an unsolicited NOTIFY through Kamailio: messages waiting lights the display and gives stutter dial tone; none gives it back steady", async () => {
  const before = await liftAndListen(agent);
  expect(before.bursts.length, before.shown).toBe(0);
  expect((await agent.handset(0)).mwi).toBe(false);

  await notify("yes");
  await probeUntil(async () => (await agent.handset(0)).mwi, () => `the display shows message waiting\n${agent.output().slice(-3000)}`, 10_000);
  expect(agent.output()).toContain("messages waiting: yes (unsolicited)");
  await quietLine(agent);
  const stutter = await liftAndListen(agent);
  process.stdout.write(`stutter dial tone: ${stutter.shown}; steady ${stutter.levels.map((l) => l.toFixed(2)).join(" / ")} dBm0\n`);
  expectStutter(stutter);

  await notify("no");
  await probeUntil(async () => !(await agent.handset(0)).mwi, () => `the display clears message waiting\n${agent.output().slice(-3000)}`, 10_000);
  await quietLine(agent);
  const after = await liftAndListen(agent);
  expect(after.bursts.length, after.shown).toBe(0);
  for (const level of after.levels) expect(Math.abs(level - DIAL_COMPONENT_DBM0), after.shown).toBeLessThan(1);
}, 60_000);

it("account.mwiSubscribe: SUBSCRIBE through Kamailio to the voicemail server, whose NOTIFY lights the display and stutters the dial tone", async () => {
  const notifier = await startSipp({ scenario: "svc-mwi-notifier.xml", localPort: notifierPort, keys: { expires: "600" } });
  await notifier.ready();
  // Extra account keys pass through the helper into lines[0].account.
  const account = { ...SUBSCRIBER, mwiSubscribe: true, mwiUri: `sip:${VOICEMAIL}@127.0.0.1:${kamailio.udpPort}` };
  const subscriber = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account, dialPlan: "(xxxx)" });
  try {
    const result = await notifier.done;
    expect(result.ok, `${result.errors}\n${subscriber.output().slice(-3000)}`).toBe(true);
    const subscribe = result.messages.find((m) => m.direction === "received" && m.firstLine.startsWith("SUBSCRIBE "))!.text;
    expect(subscribe).toMatch(/^From:.*<sip:1002@/m);
    await probeUntil(async () => (await subscriber.handset(0)).mwi, () => `the display shows message waiting\n${subscriber.output().slice(-3000)}`, 10_000);
    expect(subscriber.output()).toContain("messages waiting: yes (subscription)");
    await quietLine(subscriber);
    expectStutter(await liftAndListen(subscriber));
  } finally {
    subscriber.stop();
  }
}, 60_000);
