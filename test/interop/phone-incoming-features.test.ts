/**
 * What the built agent does with incoming calls when the line's configuration asks for it
 * (features.anonymousCallRejection, forwardNoAnswer with forwardNoAnswerDelaySec 2, forwardBusy
 * with callWaiting off), end to end: a SIPp caller through Kamailio (svc-uac-call.xml) and the
 * simulated handset.
 * - A caller From anonymous@anonymous.invalid with Privacy: id gets 433 Anonymity Disallowed
 *   (RFC 5079) and the bell never sounds.
 * - A caller who shows its identity rings the handset (bell on); after 2 s without an answer the
 *   port goes idle, the caller gets 180 then 302 with Contact sip:3000@…, and the bell stays off
 *   past the time its next burst would have come (US cadence: 2 s on, 4 s off).
 * - While the handset talks to a SIPp UAS, a second caller gets 302 with Contact sip:3001@…
 *   (forward busy), the call in progress stays up and its UAS gets our BYE at the end.
 * Not covered: DND and forward all (phone-star-codes.test.ts), forward busy with call waiting
 * on and a call already waiting.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startKamailio, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { expectRefused, talkTo } from "./support/phone-line.js";
import { finalAnswer, sippCall } from "./support/phone-services.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
const DELAY_SEC = 2;
/** US ring cadence (GR-506): the second burst starts 6 s after the first. */
const SECOND_BURST_MS = 6000;
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let callerPort: number;
let uasPort: number;

beforeAll(async () => {
  [callerPort, uasPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT], trustedPeers: [{ address: "127.0.0.1", port: callerPort }], staticRoutes: { "2000": `sip:127.0.0.1:${uasPort}` },
  });
  agent = await startSimPhoneAgent({
    registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)",
    features: {
      anonymousCallRejection: true, forwardNoAnswer: "3000", forwardNoAnswerDelaySec: DELAY_SEC, forwardBusy: "3001", callWaiting: false,
    },
  });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

it("refuses an anonymous caller (Privacy: id, From anonymous.invalid) with 433 and does not ring", async () => {
  await expectRefused({ agent, kamailioPort: kamailio.udpPort, callerPort, user: ACCOUNT.user }, "SIP/2.0 433 Anonymity Disallowed", true);
  expect(agent.output()).toContain("incoming call refused: 433");
});

it("rings a caller who shows its identity, and after 2 s unanswered forwards it with 302 to 3000; the bell stops", async () => {
  const call = await sippCall({ kamailioPort: kamailio.udpPort, localPort: callerPort, service: ACCOUNT.user });
  await probeUntil(async () => (await agent.handset(0)).bell, () => `the bell rings\n${agent.output().slice(-3000)}`, 10_000);
  const bellAt = performance.now();
  expect(await agent.lineState()).toBe("Ringing");
  await agent.waitForState(0, "Idle", 5_000);
  const forwardedAfterMs = performance.now() - bellAt;
  const result = await call.done;
  const received = result.messages.filter((m) => m.direction === "received").map((m) => m.firstLine);
  expect(received.filter((line) => line.startsWith("SIP/2.0 1") && !line.startsWith("SIP/2.0 100")), received.join("\n")).toEqual(["SIP/2.0 180 Ringing"]);
  const answer = finalAnswer(result);
  expect(answer.status, result.errors).toBe("SIP/2.0 302 Moved Temporarily");
  expect(answer.contact).toMatch(/^<?sip:3000@/);
  expect(result.ok, result.errors).toBe(true);
  // The state is read every 100 ms, the bell likewise: the forward is seen 2 s after the bell, give or take two probes.
  process.stdout.write(`forwarded ${forwardedAfterMs.toFixed(0)} ms after the bell was first seen on\n`);
  expect(Math.abs(forwardedAfterMs - DELAY_SEC * 1000)).toBeLessThan(400);
  // No second burst: the bell stays off until after the moment the US cadence would ring again.
  const quietUntil = bellAt + SECOND_BURST_MS + 1000;
  while (performance.now() < quietUntil) {
    const handset = await agent.handset(0);
    expect(handset.bell, `bell at ${(performance.now() - bellAt).toFixed(0)} ms`).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await agent.lineState()).toBe("Idle");
}, 30_000);

it("forwards a caller with 302 to 3001 while the handset is in a call (call waiting off), and the call in progress goes on", async () => {
  const uas = await talkTo(agent, uasPort, "2000");

  const call = await sippCall({ kamailioPort: kamailio.udpPort, localPort: callerPort, service: ACCOUNT.user });
  const result = await call.done;
  const answer = finalAnswer(result);
  expect(answer.status, result.errors).toBe("SIP/2.0 302 Moved Temporarily");
  expect(answer.contact).toMatch(/^<?sip:3001@/);
  expect(result.ok, result.errors).toBe(true);
  expect(await agent.lineState()).toBe("Talking");
  expect(agent.output()).toContain("incoming call forwarded to 3001");

  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  const first = await uas.done;
  expect(first.ok, first.errors).toBe(true);
  expect(first.messages.filter((m) => m.direction === "received").map((m) => m.firstLine.split(" ")[0])).toEqual(["INVITE", "ACK", "BYE"]);
}, 30_000);
