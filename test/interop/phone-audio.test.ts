/**
 * Audio end to end through the whole agent: the built agent on the simulated board, its
 * line registered to Kamailio; the simulated handset says a 600 Hz tone into its
 * mouthpiece, lifts and dials 2000 by pulse; baresip (registered as 2000, answering
 * itself, speaking 1 kHz) takes the call. The handset's earpiece must carry baresip's
 * 1 kHz and baresip's recording our 600 Hz, each by frequency and level. Then baresip calls
 * us: the handset rings with baresip's number on its display (Bell 202 between the rings),
 * and lifting it puts baresip's 1 kHz in the earpiece. Not covered:
 * delay figures (bench/media.bench.ts measures the media path alone), echo cancelling.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { ToneGenerator } from "../../src/dsp/index.js";
import { parseWav, writeWav } from "../../src/web/wav.js";
import type { BaresipHandle } from "./peers/index.js";
import { eventually } from "./support/agent.js";
import { FAR_PHONE, OUR_ACCOUNT, TONE_LEVEL_DBM0 } from "./support/media-call.js";
import { readTone } from "./support/media-measure.js";
import { startBaresipPhone, type BaresipPhone } from "./support/baresip-phone.js";
import type { SimPhoneAgent } from "./support/sim-phone-agent.js";

let peers: BaresipPhone;
let baresip: BaresipHandle;
let agent: SimPhoneAgent;
let registrarPort: number;

beforeAll(async () => {
  peers = await startBaresipPhone();
  ({ baresip, agent, registrarPort } = peers);
});

afterAll(async () => {
  await peers?.stop();
});

it("carries the handset's 600 Hz to baresip and baresip's 1 kHz to the earpiece, through a call dialled by pulse", async () => {
  const mouth = new ToneGenerator([{ frequencyHz: 600, levelDbm0: TONE_LEVEL_DBM0 }]).next(8000);
  expect((await agent.api.send("PUT", "/api/sim/lines/0/mouthpiece", { bytes: writeWav(mouth), contentType: "audio/wav" })).status).toBe(200);
  await agent.api.send("POST", "/api/sim/lines/0/hook", { body: { offHook: true } });
  await eventually(async () => (await agent.lineState()) === "DialTone", "dial tone");
  expect((await agent.api.send("POST", "/api/sim/lines/0/dial", { body: { digits: "2000", method: "pulse" } })).status).toBe(202);
  await eventually(async () => (await agent.lineState()) === "Talking", `answered by baresip\n${agent.output()}`, 20_000);

  // Once the call has run a little over a second, the last second of the earpiece is all baresip's tone, at its level.
  let heard = readTone(new Int16Array(0));
  await eventually(async () => {
    const wav = parseWav((await agent.api.send("GET", "/api/sim/lines/0/earpiece.wav?ms=1000")).body);
    heard = readTone(wav.ok ? wav.value : new Int16Array(0));
    return Math.abs(heard.frequencyHz - 1000) < 5 && Math.abs(heard.levelDbm0 - TONE_LEVEL_DBM0) < 1;
  }, "baresip's 1 kHz in the earpiece", 10_000);
  await agent.api.send("POST", "/api/sim/lines/0/hook", { body: { offHook: false } });
  const recording = await baresip.takeRecording();
  // The recording holds silence before the answer and after our hang-up: measure 500 ms of
  // the tone, from 200 ms after it starts (the first 20 ms frame above −40 dBm0).
  const received = recording.received;
  let start = 0;
  while (start + 160 <= received.length && readTone(received.subarray(start, start + 160)).levelDbm0 < -40) start += 160;
  const far = readTone(received.subarray(start + 1600, start + 1600 + 4000));
  process.stdout.write(`earpiece: ${heard.frequencyHz.toFixed(1)} Hz at ${heard.levelDbm0.toFixed(2)} dBm0; baresip heard ${far.frequencyHz.toFixed(1)} Hz at ${far.levelDbm0.toFixed(2)} dBm0\n`);
  expect(far.frequencyHz).toBeCloseTo(600, -1);
  expect(far.durationMs).toBe(500);
  expect(Math.abs(far.levelDbm0 - TONE_LEVEL_DBM0)).toBeLessThan(1);
});

it("rings the handset for baresip's call with baresip's number on the display, and lifting answers it", async () => {
  const shown = (await agent.handset(0)).callerId.length;
  await baresip.dial(`sip:${OUR_ACCOUNT.user}@127.0.0.1:${registrarPort}`);
  await agent.waitForState(0, "Ringing");
  await eventually(async () => (await agent.handset(0)).callerId.length > shown, `caller ID on the display\n${agent.output().slice(-3000)}`, 10_000);
  expect((await agent.handset(0)).callerId.at(-1)).toMatchObject({ number: FAR_PHONE.user });
  await agent.hook(0, true);
  await agent.waitForState(0, "Talking");
  await eventually(async () => {
    const heard = readTone(await agent.earpiece(0, 500));
    return Math.abs(heard.frequencyHz - 1000) < 5 && Math.abs(heard.levelDbm0 - TONE_LEVEL_DBM0) < 1;
  }, "baresip's 1 kHz in the earpiece", 10_000);
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
});
