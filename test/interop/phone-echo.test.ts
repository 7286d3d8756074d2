/**
 * The port's echo canceller end to end: the simulated line is given a hybrid that returns
 * the earpiece to the mouthpiece 6 dB down, 5 ms (+ one 20 ms audio period) late, the worst
 * case G.168 asks for. The handset calls baresip (saying 1 kHz at −10 dBm0); what baresip
 * records is judged: its own 1 kHz coming back (the echo the far party would hear: −16 dBm0
 * without a canceller) must be at least 30 dB below what it sent once the canceller has
 * converged, while the handset's own 600 Hz, said over it (double talk), reaches baresip at
 * its level. Not covered: ERLE figures on many hybrids (bench/echo.bench.ts).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { dbovToDbm0, toneDbov, ToneGenerator } from "../../src/dsp/index.js";
import { writeWav } from "../../src/web/wav.js";
import type { BaresipHandle } from "./peers/index.js";
import { eventually } from "./support/agent.js";
import { FAR_PHONE, TONE_LEVEL_DBM0 } from "./support/media-call.js";
import { startBaresipPhone, type BaresipPhone } from "./support/baresip-phone.js";
import type { SimPhoneAgent } from "./support/sim-phone-agent.js";

let peers: BaresipPhone;
let baresip: BaresipHandle;
let agent: SimPhoneAgent;

beforeAll(async () => {
  peers = await startBaresipPhone();
  ({ baresip, agent } = peers);
});

afterAll(async () => {
  await peers?.stop();
});

const level = (samples: Int16Array, hz: number): number => dbovToDbm0(toneDbov(samples, hz));

async function after(ms: number, since: number): Promise<void> {
  await eventually(async () => performance.now() - since >= ms, `${ms} ms of the call`, ms + 5_000);
}

it("sends baresip its own voice back ≥ 30 dB down over a 6 dB hybrid, and the handset's voice at its level over it", async () => {
  expect((await agent.api.send("PUT", "/api/sim/lines/0/hybrid", { body: { erlDb: 6, delayMs: 5 } })).status).toBe(200);
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, FAR_PHONE.user);
  await agent.waitForState(0, "Talking", 20_000);
  const answeredAt = performance.now();
  await after(4_000, answeredAt);
  const mouth = new ToneGenerator([{ frequencyHz: 600, levelDbm0: TONE_LEVEL_DBM0 }]).next(8000);
  expect((await agent.api.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(mouth), contentType: "audio/wav" })).status).toBe(200);
  await after(7_000, answeredAt);
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
  expect((await agent.api.send("DELETE", "/api/sim/lines/0/hybrid")).status).toBe(204);

  const received = (await baresip.takeRecording()).received;
  // baresip's recording starts at its answer; its tone starts 500 ms in (farToneWav).
  const window = (fromMs: number): Int16Array => received.subarray(fromMs * 8, (fromMs + 1000) * 8);
  const echoOnly = window(2_500);
  const doubleTalk = window(5_500);
  process.stdout.write(`echo back to baresip: ${level(echoOnly, 1000).toFixed(1)} dBm0 alone, ${level(doubleTalk, 1000).toFixed(1)} dBm0 in double talk; `
    + `handset's 600 Hz at baresip ${level(doubleTalk, 600).toFixed(1)} dBm0\n`);
  expect(level(echoOnly, 1000)).toBeLessThan(TONE_LEVEL_DBM0 - 30);
  expect(Math.abs(level(doubleTalk, 600) - TONE_LEVEL_DBM0)).toBeLessThan(1.5);
});
