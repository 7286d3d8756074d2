/**
 * Hidden caller ID through a proxy that checks the From user against the digest user
 * (Kamailio's auth_check with its From check, as the stock kamailio.cfg does): with the
 * account's anonymousMethod "privacy", *67 sends our own From with Privacy: id (RFC 3323
 * §4.2: the network hides it), so the challenge is met and the call is answered. With the
 * default "from" such a proxy refuses the anonymous From (the agent logs the rejected
 * credentials): providers that take RFC 3325 anonymous calls need no option. Not covered:
 * whether the provider really hides the number (its business).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startKamailio, startSipp, stopAllPeers } from "./peers/index.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let agent: SimPhoneAgent;
let uasPort: number;

beforeAll(async () => {
  [uasPort] = (await freePorts(1)) as [number];
  const kamailio = await startKamailio({ users: [ACCOUNT], staticRoutes: { "2000": `sip:127.0.0.1:${uasPort}` } });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: { ...ACCOUNT, anonymousMethod: "privacy" }, dialPlan: "(*xx|xxxx.)" });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

it("*67 2000 # through a proxy that checks From: our From with Privacy: id, challenged and answered", async () => {
  const uas = await startSipp({ scenario: "uas-answer.xml", localPort: uasPort });
  await uas.ready();
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, "*672000#");
  await agent.waitForState(0, "Talking");
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  const result = await uas.done;
  expect(result.ok, result.errors).toBe(true);
  const invite = result.messages.find((m) => m.direction === "received" && m.firstLine.startsWith("INVITE"));
  expect(invite?.text).toMatch(/^From:.*<sip:1001@/m);
  expect(invite?.text).toMatch(/^Privacy: id\r?$/m);
});
