/**
 * Lifting the handset while the line sends visual message waiting (VMWI, on-hook FSK) must
 * stop the data at once (Telcordia GR-30-CORE: on-hook data transmission ends when the CPE
 * goes off-hook) and give stutter dial tone without the FSK before it.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { goertzelPower, rmsDbm0 } from "../../src/dsp/index.js";
import { freePorts, startKamailio, startSipp, stopAllPeers, type KamailioHandle } from "./peers/index.js";
import { untilSteadyTone } from "./support/phone-services.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let callerPort: number;

beforeAll(async () => {
  [callerPort] = (await freePorts(1)) as [number];
  kamailio = await startKamailio({ users: [ACCOUNT], trustedPeers: [{ address: "127.0.0.1", port: callerPort }] });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)" });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

it("lifting during VMWI stops the FSK: at most 250 ms of it in the ear (lifted within ~150 ms of its start), then ten stutter bursts", async () => {
  const sipp = await startSipp({
    scenario: "svc-mwi-notify.xml", remote: { port: kamailio.udpPort }, localPort: callerPort, service: ACCOUNT.user, keys: { waiting: "yes", new: "1" },
  });
  await probeUntil(async () => agent.output().includes("messages waiting: yes"), () => "messages waiting in the log", 10_000);
  await agent.hook(0, true);
  expect((await sipp.done).ok).toBe(true);
  const { samples } = await untilSteadyTone(agent, 4000, 700, "stutter dial tone after lifting");
  // Each 10 ms block: FSK (1200/2200 Hz) or dial tone (350+440 Hz) or silence.
  let fskMs = 0;
  let dialBursts = 0;
  let previous = "silence";
  for (let at = 0; at + 80 <= samples.length; at += 80) {
    const block = samples.subarray(at, at + 80);
    const fsk = goertzelPower(block, 1200) + goertzelPower(block, 2200);
    const dial = goertzelPower(block, 350) + goertzelPower(block, 440);
    const label = rmsDbm0(block) < -40 ? "silence" : fsk > dial ? "fsk" : "dial";
    if (label === "fsk") fskMs += 10;
    if (label === "dial" && previous !== "dial") dialBursts++;
    previous = label;
  }
  expect(fskMs).toBeLessThanOrEqual(250);
  // Ten bursts, the steady tone after them being the eleventh start of dial tone.
  expect(dialBursts).toBe(11);
});
