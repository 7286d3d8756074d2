/**
 * Proves the baresip harness with baresip alone (no dialtone code): two far phones register
 * to the test Kamailio, one dials the other through it, the callee answers by itself, each
 * records the other's tone (1 kHz one way, 600 Hz the other, measured by frequency and
 * level against what its WAV source holds), DTMF pressed on one is reported by the other
 * with durations close to the key presses, and hang-up reaches both.
 * Not covered: SRTP between two baresips, dialtone (test/interop/media*.test.ts).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dominantFrequency, rmsDbm0 } from "../../../src/dsp/index.js";
import { writeToneWav } from "../support/media-wav.js";
import { startBaresip, startKamailio, stopAllPeers, type BaresipHandle, type KamailioHandle } from "./index.js";

const CALLER = { user: "3001", password: "pw-3001" };
const CALLEE = { user: "3002", password: "pw-3002" };
const LEVEL_DBM0 = -10;
let kamailio: KamailioHandle;
let dir: string;
let caller: BaresipHandle;
let callee: BaresipHandle;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dialtone-baresip-test-"));
  const [tone1k, tone600] = [join(dir, "1k.wav"), join(dir, "600.wav")];
  await writeToneWav(tone1k, { toneMs: 20_000, tone: [{ frequencyHz: 1000, levelDbm0: LEVEL_DBM0 }] });
  await writeToneWav(tone600, { toneMs: 20_000, tone: [{ frequencyHz: 600, levelDbm0: LEVEL_DBM0 }] });
  kamailio = await startKamailio({ users: [CALLER, CALLEE] });
  const registrar = { port: kamailio.udpPort };
  [caller, callee] = await Promise.all([
    startBaresip({ ...CALLER, registrar, audioSourcePath: tone1k }),
    startBaresip({ ...CALLEE, registrar, audioSourcePath: tone600 }),
  ]);
});

afterAll(async () => {
  await stopAllPeers();
  await rm(dir, { recursive: true, force: true });
});

/** The middle of a recording, away from the start of the call and the hang-up. */
function middle(samples: Int16Array): Int16Array {
  return samples.subarray(Math.floor(samples.length * 0.25), Math.floor(samples.length * 0.75));
}

describe("baresip harness", () => {
  it("registers both phones, calls through Kamailio, carries tones both ways and DTMF, hangs up", async () => {
    expect(await kamailio.registered(CALLER.user)).toBe(true);
    expect(await kamailio.registered(CALLEE.user)).toBe(true);

    await caller.dial(`sip:${CALLEE.user}@127.0.0.1:${kamailio.udpPort}`);
    await Promise.all([caller.waitForEvent("CALL_ESTABLISHED"), callee.waitForEvent("CALL_ESTABLISHED")]);
    await Promise.all([caller.waitForEvent("CALL_RTPESTAB"), callee.waitForEvent("CALL_RTPESTAB")]);

    await caller.sendDigits("159#", { durationMs: 200, gapMs: 120 });
    const digits = await callee.waitForDigits(4);
    expect(digits.map((d) => d.digit).join("")).toBe("159#");
    for (const d of digits) expect(d.endMs! - d.startMs).toBeGreaterThan(100);

    await caller.hangup();
    await Promise.all([caller.waitForEvent("CALL_CLOSED"), callee.waitForEvent("CALL_CLOSED")]);

    const [heardByCallee, heardByCaller] = await Promise.all([callee.takeRecording(), caller.takeRecording()]);
    expect(heardByCallee.received.length).toBeGreaterThan(8000 * 0.8);
    const calleeHears = middle(heardByCallee.received);
    const callerHears = middle(heardByCaller.received);
    expect(Math.abs(dominantFrequency(calleeHears) - 1000)).toBeLessThanOrEqual(5);
    expect(Math.abs(dominantFrequency(callerHears) - 600)).toBeLessThanOrEqual(5);
    expect(Math.abs(rmsDbm0(calleeHears) - LEVEL_DBM0)).toBeLessThan(1);
    expect(Math.abs(rmsDbm0(callerHears) - LEVEL_DBM0)).toBeLessThan(1);
    expect(Math.abs(rmsDbm0(middle(heardByCaller.sent)) - LEVEL_DBM0)).toBeLessThan(0.5);
  });
});
