/**
 * A message-summary NOTIFY that arrives while the handset is in a call: once the handset hangs
 * up, the idle line sends VMWI, so the phone's display shows message waiting (the stutter dial
 * tone follows from the port's flag either way).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startKamailio, startSipp, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { talkTo } from "./support/phone-line.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let uasPort: number;
let callerPort: number;

beforeAll(async () => {
  [uasPort, callerPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT], trustedPeers: [{ address: "127.0.0.1", port: callerPort }], staticRoutes: { "2000": `sip:127.0.0.1:${uasPort}` },
  });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)" });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

it("messages waiting announced during a call light the display once the handset hangs up", async () => {
  const call = await talkTo(agent, uasPort, "2000");
  const sipp = await startSipp({
    scenario: "svc-mwi-notify.xml", remote: { port: kamailio.udpPort }, localPort: callerPort, service: ACCOUNT.user, keys: { waiting: "yes", new: "1" },
  });
  expect((await sipp.done).ok).toBe(true);
  await probeUntil(async () => agent.output().includes("messages waiting: yes"), () => "the NOTIFY taken", 5_000);
  expect((await agent.handset(0)).mwi).toBe(false);
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  expect((await call.done).ok).toBe(true);
  await probeUntil(async () => (await agent.handset(0)).mwi, () => `the display shows message waiting after the call\n${agent.output().slice(-2000)}`, 10_000);
});
