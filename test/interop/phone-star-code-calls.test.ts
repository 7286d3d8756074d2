/**
 * Star codes that place or shape a call, dialled from the simulated handset of the built agent
 * (US region, dial plan "(*xx|xxxx.)"), end to end through Kamailio:
 * - *70 2000 #: no call waiting on this call: while the handset talks, a SIPp caller gets 486
 *   and the earpiece stays silent; the next call (2000 # alone) takes a waiting call as usual:
 *   the caller gets 180 and the earpiece hears the call-waiting tone, one 300 ms burst of
 *   440 Hz at −13 dBm0 (before the call-waiting caller ID's CAS); hanging up rings the handset
 *   for the waiting caller.
 * - *69 (call return): after a call from "Front desk" <sip:2000@Kamailio>, *69 sends an INVITE
 *   for sip:2000@… that Kamailio routes to the SIPp UAS.
 * - *66 (redial): after a call to 2000, *66 calls 2000 again.
 * Not covered: *69 after an anonymous caller (reorder), *66 with nothing dialled before.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { dominantFrequency, goertzelPower, rmsDbm0 } from "../../src/dsp/index.js";
import { freePorts, startKamailio, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { hangUp, receivedInvite, talkTo } from "./support/phone-line.js";
import { DIAL_COMPONENT_DBM0, finalAnswer, onOffRuns, showRuns, sippCall } from "./support/phone-services.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let uasPort: number;
let callerPort: number;

beforeAll(async () => {
  [uasPort, callerPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT],
    trustedPeers: [{ address: "127.0.0.1", port: callerPort }],
    staticRoutes: { "2000": `sip:127.0.0.1:${uasPort}` },
  });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(*xx|xxxx.)" });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

/** Talks to the SIPp UAS behind Kamailio's 2000 after dialling `keys`; `done` gives the INVITE's request line once our BYE ended the call (or SIPp's errors). */
async function talkTo2000(keys: string): Promise<{ talkingAt: number; done: Promise<string> }> {
  const call = await talkTo(agent, uasPort, keys);
  return {
    talkingAt: call.talkingAt,
    done: call.done.then((result) => (result.ok ? receivedInvite(result).split(/\r?\n/)[0]! : `SIPp failed: ${result.errors}\n${agent.output().slice(-2000)}`)),
  };
}

/** 10 ms blocks as runs of silence, tone under 1 kHz ("low"), CAS (2130+2750 Hz) or FSK (1200/2200 Hz), by the strongest. */
function labelledRuns(samples: Int16Array): { label: string; ms: number; at: number }[] {
  const runs: { label: string; ms: number; at: number }[] = [];
  for (let at = 0; at + 80 <= samples.length; at += 80) {
    const block = samples.subarray(at, at + 80);
    const power = { low: goertzelPower(block, 440), cas: goertzelPower(block, 2130) + goertzelPower(block, 2750), fsk: goertzelPower(block, 1200) + goertzelPower(block, 2200) };
    const label = rmsDbm0(block) < -40 ? "silence" : (Object.entries(power).sort((a, b) => b[1] - a[1])[0]![0]);
    const last = runs.at(-1);
    if (last?.label === label) last.ms += 10;
    else runs.push({ label, ms: 10, at });
  }
  return runs;
}

it("*70: no call waiting on this call (486, silence in the ear); without it the next call waits with the 440 Hz tone", async () => {
  const first = await talkTo2000("*702000#");
  const refused = await sippCall({ kamailioPort: kamailio.udpPort, localPort: callerPort, service: ACCOUNT.user });
  const result = await refused.done;
  expect(finalAnswer(result).status, result.errors).toBe("SIP/2.0 486 Busy Here");
  expect(await agent.lineState()).toBe("Talking");
  // The far end sends no audio: from just after the answer until 1 s after the 486, the ear hears nothing.
  const until = Math.max(performance.now() + 1000, first.talkingAt + 2500);
  await new Promise((resolve) => setTimeout(resolve, until - performance.now()));
  const quiet = await agent.earpiece(0, Math.round(performance.now() - first.talkingAt - 300));
  expect(rmsDbm0(quiet), showRuns(onOffRuns(quiet))).toBeLessThan(-60);
  await hangUp(agent);
  expect(await first.done).toMatch(/^INVITE sip:2000@/);

  const second = await talkTo2000("2000#");
  const waitedBefore = agent.output().split("info call.port[0] call waiting").length;
  const waiting = await sippCall({ kamailioPort: kamailio.udpPort, localPort: callerPort, service: ACCOUNT.user });
  await probeUntil(async () => agent.output().split("info call.port[0] call waiting").length > waitedBefore, () => `the call waits\n${agent.output().slice(-3000)}`, 10_000);
  // The tone starts with the waiting call; call-waiting caller ID follows it (CAS 2130+2750 Hz,
  // then FSK), at times with no gap: each 10 ms block is labelled by where its power is.
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const samples = await agent.earpiece(0, 2500);
  const runs = labelledRuns(samples);
  const described = runs.map((r) => `${r.label} ${r.ms}`).join(", ");
  const cas = runs.findIndex((r) => r.label === "cas");
  const tone = runs.slice(0, Math.max(0, cas)).filter((r) => r.label === "low").at(-1);
  expect(tone, described).toBeDefined();
  const burst = samples.subarray(tone!.at, tone!.at + tone!.ms * 8);
  const hz = dominantFrequency(burst);
  process.stdout.write(`call-waiting tone: ${described}; the burst ${hz.toFixed(1)} Hz at ${rmsDbm0(burst).toFixed(2)} dBm0\n`);
  expect(Math.abs(tone!.ms - 300), described).toBeLessThanOrEqual(10);
  expect(Math.abs(hz - 440), described).toBeLessThan(5);
  expect(Math.abs(rmsDbm0(burst) - DIAL_COMPONENT_DBM0)).toBeLessThan(1);

  // On-hook with a call waiting: the first call ends and the waiting one rings the handset.
  await agent.hook(0, false);
  expect(await second.done).toMatch(/^INVITE sip:2000@/);
  await probeUntil(async () => (await agent.handset(0)).bell, () => `the waiting caller rings\n${agent.output().slice(-3000)}`, 10_000);
  await agent.hook(0, true);
  const answered = await waiting.done;
  expect(finalAnswer(answered).status, answered.errors).toBe("SIP/2.0 200 OK");
  const provisional = answered.messages.filter((m) => m.direction === "received" && m.firstLine.startsWith("SIP/2.0 18"));
  expect(provisional.length).toBeGreaterThan(0);
  await agent.waitForState(0, "Reorder");
  await hangUp(agent);
}, 60_000);

it("*69 calls back the last caller, sip:2000@ at Kamailio", async () => {
  const caller = await sippCall({
    kamailioPort: kamailio.udpPort, localPort: callerPort, service: ACCOUNT.user,
    from: { name: "Front desk", user: "2000", host: `127.0.0.1:${kamailio.udpPort}` },
  });
  await probeUntil(async () => (await agent.handset(0)).bell, () => `the handset rings\n${agent.output().slice(-3000)}`, 10_000);
  await agent.hook(0, true);
  expect((await caller.done).ok).toBe(true);
  await agent.waitForState(0, "Reorder");
  await hangUp(agent);

  const back = await talkTo2000("*69");
  await hangUp(agent);
  expect(await back.done).toMatch(new RegExp(`^INVITE sip:2000@127\\.0\\.0\\.1:${kamailio.udpPort}[ ;]`));
}, 60_000);

it("*66 dials the last number again", async () => {
  const first = await talkTo2000("2000#");
  await hangUp(agent);
  expect(await first.done).toMatch(/^INVITE sip:2000@/);
  const again = await talkTo2000("*66");
  await hangUp(agent);
  expect(await again.done).toMatch(/^INVITE sip:2000@/);
  expect(agent.output()).toMatch(/star code redial[\s\S]*calling 2000/);
}, 60_000);
