/**
 * Star codes dialled from the simulated handset of the built agent (US region), end to end:
 * - *72 3000 # (forward all): the earpiece hears the confirmation tone (three 100 ms bursts of
 *   350+440 Hz) and then the special (recall) dial tone (three more, then steady at −13 dBm0
 *   per component); the line's features.forwardAll in the configuration file becomes "3000",
 *   SIP is not restarted (one registration, the same binding at Kamailio); a SIPp call through
 *   Kamailio gets 302 with Contact sip:3000@… and the handset never rings. *73: three bursts
 *   then plain dial tone, forwardAll "" in the file, and the next call rings the handset.
 * - *78 (DND): a SIPp call gets 486, no ring; *79: the next call rings.
 * - *67 2000 #: the INVITE the SIPp UAS behind Kamailio receives has From "Anonymous"
 *   <sip:anonymous@anonymous.invalid>, Privacy: id and P-Preferred-Identity with our AOR (the
 *   scenario refuses anything else); the next plain call shows our own From again.
 * The dial plan "(*xx|xxxx.)" takes star codes and numbers of four digits or more, ended by #.
 * - A star code saved while the other line of a sim2 agent is in a call: the call stays up (no
 *   BYE reaches its SIPp UAS until that handset hangs up), neither line registers again.
 * Not covered here: forward busy/no answer (phone-incoming-features), call waiting codes,
 * *69/*66.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { freePorts, startKamailio, startSipp, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { callThrough, dialCode, expectBursts, expectRefused, expectRings, hangUp, type LineUnderTest } from "./support/phone-line.js";
import { agentConfigPath, registrations, savedFeatures } from "./support/phone-services.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
/** The two lines of the sim2 agent in the last test. */
const LINES = [{ user: "1003", password: "pw-1003" }, { user: "1004", password: "pw-1004" }];
/** Star codes (*xx) and numbers of four digits or more, ended by # or the short timer. */
const DIAL_PLAN = "(*xx|xxxx.)";
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let uasPort: number;
let callerPort: number;
let line: LineUnderTest;

beforeAll(async () => {
  [uasPort, callerPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT, ...LINES],
    // Every loopback source is relayed without a proxy challenge: the test script's digest check
    // (pv_auth_check with From = auth user, as stock kamailio.cfg does) refuses the credentials
    // of an anonymous From, so *67 calls could not pass it (see the report of this test file).
    trustedPeers: [{ address: "127.0.0.1" }],
    staticRoutes: { "2000": `sip:127.0.0.1:${uasPort}` },
  });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: DIAL_PLAN });
  line = { agent, kamailioPort: kamailio.udpPort, callerPort, user: ACCOUNT.user };
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

it("*72 3000 #: confirmation then special dial tone, saved to the file without restarting SIP; calls get 302 to 3000; *73 undoes it", async () => {
  const configPath = agentConfigPath(agent);
  const registered = registrations(agent);
  // A SIP restart would register again from a new ephemeral port: a new contact at Kamailio.
  const contacts = async (): Promise<string[]> => (await kamailio.bindings(ACCOUNT.user)).map((b) => b.contact);
  const bound = await contacts();
  expect(savedFeatures(configPath).forwardAll ?? "").toBe("");

  // Confirmation (3 bursts) and recall dial tone (3 bursts, then steady): six in a row.
  const on = await dialCode(agent, "*723000#", "star code forwardAllOn: 3000");
  process.stdout.write(`*72 3000 #: ${on.shown}; steady ${on.steadyDbm0.map((l) => l.toFixed(2)).join(" / ")} dBm0\n`);
  expectBursts(on, 6);
  await probeUntil(async () => savedFeatures(configPath).forwardAll === "3000", () => `forwardAll "3000" in ${configPath}: ${JSON.stringify(savedFeatures(configPath))}`, 5_000);
  expect(registrations(agent)).toBe(registered);
  expect(await contacts()).toEqual(bound);
  await hangUp(agent);

  const forwarded = await expectRefused(line, "SIP/2.0 302 Moved Temporarily");
  expect(forwarded.contact).toMatch(/^<?sip:3000@/);

  // Forwarding off: confirmation, then plain dial tone (no bursts of its own).
  const off = await dialCode(agent, "*73", "star code forwardAllOff");
  process.stdout.write(`*73: ${off.shown}\n`);
  expectBursts(off, 3);
  await hangUp(agent);
  await probeUntil(async () => savedFeatures(configPath).forwardAll === "", () => `forwardAll "" in ${configPath}: ${JSON.stringify(savedFeatures(configPath))}`, 5_000);
  await expectRings(line);
  expect(registrations(agent)).toBe(registered);
}, 60_000);

it("*78 turns do-not-disturb on (calls get 486, no ring, special dial tone) and *79 off again", async () => {
  const configPath = agentConfigPath(agent);
  const on = await dialCode(agent, "*78", "star code dndOn");
  expectBursts(on, 6);
  await hangUp(agent);
  await probeUntil(async () => savedFeatures(configPath).dnd === true, () => `dnd true in the file: ${JSON.stringify(savedFeatures(configPath))}`, 5_000);
  await expectRefused(line, "SIP/2.0 486 Busy Here");

  const off = await dialCode(agent, "*79", "star code dndOff");
  expectBursts(off, 3);
  await hangUp(agent);
  await probeUntil(async () => savedFeatures(configPath).dnd === false, () => `dnd false in the file: ${JSON.stringify(savedFeatures(configPath))}`, 5_000);
  await expectRings(line);
}, 60_000);

it("*67 2000 #: the INVITE reaching the far end hides us (RFC 3323/3325); the next call does not", async () => {
  const invite = await callThrough(agent, uasPort, "svc-uas-hidden-id.xml", "*672000#");
  expect(invite).toMatch(/^From:\s*"?Anonymous"?\s*<sip:anonymous@anonymous\.invalid>/m);
  expect(invite).toMatch(/^Privacy:\s*id\s*$/m);
  expect(invite).toMatch(/^P-Preferred-Identity:.*<sip:1001@/m);

  const again = await callThrough(agent, uasPort, "uas-answer.xml", "2000#");
  expect(again).toMatch(/^From:.*<sip:1001@/m);
  expect(again).not.toMatch(/^Privacy:/m);
}, 60_000);

it("a star code saved on line 0 leaves line 1's call up: only features changed, so SIP is not restarted", async () => {
  const board = await startSimPhoneAgent({
    registrarPort: kamailio.udpPort, board: "sim2",
    lines: LINES.map((account) => ({ account, dialPlan: DIAL_PLAN })),
  });
  try {
    const uas = await startSipp({ scenario: "uas-answer.xml", localPort: uasPort });
    await uas.ready();
    let ended = false;
    void uas.done.then(() => { ended = true; });
    await board.hook(1, true);
    await board.waitForState(1, "DialTone");
    await board.dial(1, "2000#");
    await board.waitForState(1, "Talking");

    await board.hook(0, true);
    await board.waitForState(0, "DialTone");
    await board.dial(0, "*78");
    const configPath = agentConfigPath(board);
    await probeUntil(async () => savedFeatures(configPath, 0).dnd === true, () => `line 0 dnd saved: ${JSON.stringify(savedFeatures(configPath, 0))}`, 5_000);
    await board.hook(0, false);
    await board.waitForState(0, "Idle");
    expect(savedFeatures(configPath, 1).dnd ?? false).toBe(false);

    expect([await board.lineState(1), ended]).toEqual(["Talking", false]);
    expect([registrations(board, 0), registrations(board, 1)]).toEqual([1, 1]);
    await board.hook(1, false);
    await board.waitForState(1, "Idle");
    const result = await uas.done;
    expect(result.ok, result.errors).toBe(true);
    expect(result.messages.filter((m) => m.direction === "received").map((m) => m.firstLine.split(" ")[0])).toEqual(["INVITE", "ACK", "BYE"]);
  } finally {
    board.stop();
  }
}, 60_000);
