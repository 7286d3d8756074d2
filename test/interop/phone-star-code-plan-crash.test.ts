/**
 * A star code dialled on a line whose dial plan has no "*" sequence ("(xxxx)"): the plan
 * refuses "*" at once, and once killed the agent when asked about the next key (the dialler now
 * asks it nothing more while the keys can still become a code). The code must work and the
 * agent keep serving. Not covered: every code (phone-star-code-*.test.ts).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { startKamailio, stopAllPeers } from "./peers/index.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let agent: SimPhoneAgent;

beforeAll(async () => {
  const kamailio = await startKamailio({ users: [ACCOUNT] });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)" });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

it("*78 on a line whose dial plan has no star sequence: DND on and confirmation, and the agent keeps running", async () => {
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, "*78");
  await probeUntil(async () => agent.output().includes("star code dndOn"), () => `star code dndOn\n${agent.output().slice(-3000)}`, 5_000);
  await agent.waitForState(0, "DialTone");
  expect(agent.output()).not.toContain("already finished");
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
});
