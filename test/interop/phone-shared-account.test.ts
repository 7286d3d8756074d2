/**
 * Both ports of the sim2 board on ONE SIP account, end to end through the built agent and
 * Kamailio: each port places calls on it (SIPp, the callee, sees the account in From and a
 * call from each port in turn, with BYE when each hangs up), and an incoming call for the
 * account rings port 0, the first port on it, which answers it, while port 1 stays idle (the
 * agent registers one Contact for the two); while port 0 is in a call, the next incoming call
 * hunts to port 1. Not covered: ringing both ports at once (the first idle one rings).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startKamailio, startSipp, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let calleePort: number;
let callerPort: number;

beforeAll(async () => {
  [calleePort, callerPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT],
    trustedPeers: [{ address: "127.0.0.1", port: callerPort }],
    staticRoutes: { "2000": `sip:127.0.0.1:${calleePort}` },
  });
  agent = await startSimPhoneAgent({
    registrarPort: kamailio.udpPort, board: "sim2",
    lines: [{ account: ACCOUNT, dialPlan: "(xxxx)" }, { account: ACCOUNT, dialPlan: "(xxxx)" }],
  });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

it("places a call on the shared account from each port in turn", async () => {
  for (const line of [1, 0]) {
    const uas = await startSipp({ scenario: "uas-answer.xml", localPort: calleePort });
    await uas.ready();
    await agent.hook(line, true);
    await agent.waitForState(line, "DialTone");
    await agent.dial(line, "2000");
    await agent.waitForState(line, "Talking");
    expect(await agent.lineState(1 - line)).toBe("Idle");
    await agent.hook(line, false);
    await agent.waitForState(line, "Idle");
    const result = await uas.done;
    expect(result.ok, result.errors).toBe(true);
    const invite = result.messages.find((m) => m.direction === "received" && m.firstLine.startsWith("INVITE"));
    expect(invite?.text).toMatch(/^From:.*<sip:1001@/m);
    expect(result.messages.filter((m) => m.direction === "received").map((m) => m.firstLine.split(" ")[0])).toEqual(["INVITE", "ACK", "BYE"]);
  }
});

it("rings port 0, the account's first port, for an incoming call; port 1 stays idle", async () => {
  const caller = await startSipp({ scenario: "uac-call.xml", remote: { port: kamailio.udpPort }, localPort: callerPort, service: ACCOUNT.user, timeoutSec: 10 });
  await agent.waitForState(0, "Ringing");
  expect(await agent.lineState(1)).toBe("Idle");
  expect((await agent.handset(1)).ringing).toBe(false);
  await agent.hook(0, true);
  const result = await caller.done;
  expect(result.ok, result.errors).toBe(true);
  await agent.waitForState(0, "Reorder");
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  expect(await agent.lineState(1)).toBe("Idle");
});

it("hunts to port 1 when port 0 is in a call", async () => {
  const uas = await startSipp({ scenario: "uas-answer.xml", localPort: calleePort });
  await uas.ready();
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, "2000");
  await agent.waitForState(0, "Talking");
  const caller = await startSipp({ scenario: "uac-call.xml", remote: { port: kamailio.udpPort }, localPort: callerPort, service: ACCOUNT.user, timeoutSec: 10 });
  await agent.waitForState(1, "Ringing");
  expect(await agent.lineState(0)).toBe("Talking");
  await agent.hook(1, true);
  const result = await caller.done;
  expect(result.ok, result.errors).toBe(true);
  await Promise.all([agent.hook(0, false), agent.hook(1, false)]);
  await agent.waitForState(0, "Idle");
  await agent.waitForState(1, "Idle");
  expect((await uas.done).ok).toBe(true);
});
