/**
 * Answering while the Bell 202 caller ID is being sent between the rings. Line 0 of sim2 calls
 * line 1 through Kamailio; line 1 is lifted as soon as FSK (1200/2200 Hz) sounds at its
 * earpiece. The data must stop at the lift (GR-30-CORE: on-hook data ends when the CPE goes
 * off-hook) and the call's audio be as prompt as after a normal answer: caller ID audio once
 * went to the sound card whole, so what was left of it delayed the call by 250-550 ms for its
 * whole length; it now waits in the port and is dropped at the lift.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { goertzelPower, rmsDbm0, ToneGenerator } from "../../src/dsp/index.js";
import { writeWav } from "../../src/web/wav.js";
import { startKamailio, stopAllPeers } from "./peers/index.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const LINES = [{ user: "1001", password: "pw-1001" }, { user: "1002", password: "pw-1002" }];
let agent: SimPhoneAgent;

beforeAll(async () => {
  const kamailio = await startKamailio({ users: LINES });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, board: "sim2", lines: LINES.map((account) => ({ account, dialPlan: "(xxxx)" })) });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
});

const isFsk = (s: Int16Array): boolean => rmsDbm0(s) > -40 && goertzelPower(s, 1200) + goertzelPower(s, 2200) > goertzelPower(s, 440);

/** Line 0 calls line 1, which answers during the caller ID or after it; the FSK heard after the lift (ms) and the mouth→ear delay of a tone from line 0 (ms). */
async function call(duringCallerId: boolean): Promise<{ fskAfterLiftMs: number; delayMs: number }> {
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, LINES[1]!.user);
  await agent.waitForState(1, "Ringing");
  await probeUntil(async () => isFsk(await agent.earpiece(1, 40)), () => "caller ID FSK at line 1", 10_000);
  if (!duringCallerId) await probeUntil(async () => rmsDbm0(await agent.earpiece(1, 300)) < -60, () => "the caller ID over", 5_000);
  await agent.hook(1, true);
  const liftedAt = performance.now();
  await agent.waitForState(1, "Talking");
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const afterLift = await agent.earpiece(1, Math.round(performance.now() - liftedAt));
  let fskAfterLiftMs = 0;
  for (let at = 0; at + 80 <= afterLift.length; at += 80) if (isFsk(afterLift.subarray(at, at + 80))) fskAfterLiftMs += 10;
  const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]).next(8000);
  const saidAt = performance.now();
  await agent.api.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(tone), contentType: "audio/wav" });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const readAt = performance.now();
  const heard = await agent.earpiece(1, 2500);
  let onset = 0;
  while (onset + 80 <= heard.length && goertzelPower(heard.subarray(onset, onset + 80), 1000) < 1e5) onset += 80;
  await agent.api.send("DELETE", "/api/sim/lines/0/mouthpiece");
  await agent.hook(1, false);
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  await agent.waitForState(1, "Idle");
  return { fskAfterLiftMs, delayMs: readAt - (heard.length - onset) / 8 - saidAt };
}

it("answering during caller ID stops the FSK and adds no delay to the call", async () => {
  const normal = await call(false);
  const during = await call(true);
  process.stdout.write(`answered after caller ID: ${JSON.stringify(normal)}; during it: ${JSON.stringify(during)}\n`);
  expect(during.fskAfterLiftMs).toBeLessThanOrEqual(50);
  expect(during.delayMs - normal.delayMs).toBeLessThan(60);
}, 60_000);
