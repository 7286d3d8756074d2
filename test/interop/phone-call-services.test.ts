/**
 * Services inside an outgoing call from the simulated handset of the built agent, end to end
 * through Kamailio:
 * - Mid-call digits: a call dialled by pulse to baresip (registered as 2001, answering itself);
 *   digits then dialled on the rotary dial during the talk reach baresip as RFC 4733 telephone
 *   events (its CALL_DTMF_START/END), in order, so a rotary phone can drive a voice menu.
 * - A 302 to our INVITE: the number dialled (2302) is a SIPp UAS that redirects to 2200 at
 *   Kamailio (svc-uas-redirect.xml); the agent ACKs the 302, INVITEs sip:2200@…, which a second
 *   SIPp UAS answers; the handset reaches Talking, and hanging up sends that UAS the BYE.
 * Not covered: DTMF keys during a call (in-band and RFC 4733 both reach the far end: not
 * told apart here), SIP INFO as dtmfMethod, 3xx with several Contacts or q-values.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startBaresip, startKamailio, startSipp, stopAllPeers, type BaresipHandle, type KamailioHandle } from "./peers/index.js";
import { writeToneWav } from "./support/media-wav.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
const FAR_PHONE = { user: "2001", password: "pw-2001" };
let dir: string;
let kamailio: KamailioHandle;
let baresip: BaresipHandle;
let agent: SimPhoneAgent;
let redirectPort: number;
let targetPort: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "dialtone-call-services-"));
  [redirectPort, targetPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT, FAR_PHONE],
    staticRoutes: { "2302": `sip:127.0.0.1:${redirectPort}`, "2200": `sip:127.0.0.1:${targetPort}` },
  });
  const microphone = join(dir, "far.wav");
  await writeToneWav(microphone, { toneMs: 30_000, tone: [{ frequencyHz: 1000, levelDbm0: -20 }] });
  baresip = await startBaresip({ ...FAR_PHONE, registrar: { port: kamailio.udpPort }, audioSourcePath: microphone, srtp: "off", record: false });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)" });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("digits dialled on the rotary dial during a call reach baresip as RFC 4733 events, in order", async () => {
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, FAR_PHONE.user, "pulse");
  await agent.waitForState(0, "Talking", 20_000);
  expect(baresip.receivedDigits()).toEqual([]);
  await agent.dial(0, "509", "pulse");
  const digits = await baresip.waitForDigits(3, 20_000);
  process.stdout.write(`baresip received ${digits.map((d) => `${d.digit} (${((d.endMs ?? d.startMs) - d.startMs).toFixed(0)} ms)`).join(", ")}\n`);
  expect(digits.map((d) => d.digit).join("")).toBe("509");
  expect(agent.output()).toMatch(/digit 0 \(pulse, 10 pulse\(s\)/);
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  await baresip.waitForEvent("CALL_CLOSED", 10_000);
}, 60_000);

it("a 302 to our INVITE is followed: the call to 2302 ends up answered by 2200, and the handset talks", async () => {
  const redirect = await startSipp({ scenario: "svc-uas-redirect.xml", localPort: redirectPort, keys: { target: `sip:2200@127.0.0.1:${kamailio.udpPort}` } });
  const target = await startSipp({ scenario: "uas-answer.xml", localPort: targetPort });
  await Promise.all([redirect.ready(), target.ready()]);
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, "2302");
  await agent.waitForState(0, "Talking");
  const redirected = await redirect.done;
  expect(redirected.ok, redirected.errors).toBe(true);
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  const answered = await target.done;
  expect(answered.ok, `${answered.errors}\n${agent.output().slice(-3000)}`).toBe(true);
  const received = answered.messages.filter((m) => m.direction === "received");
  expect(received.map((m) => m.firstLine.split(" ")[0])).toEqual(["INVITE", "ACK", "BYE"]);
  expect(received[0]!.firstLine).toMatch(/^INVITE sip:2200@/);
}, 60_000);
