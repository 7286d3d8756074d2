/**
 * The shared script of media interop calls with baresip: who the far phone is, which tones
 * each side speaks (a different frequency each way, both at −10 dBm0, each after a silence
 * so its onset can be timed), waiting until both tones have flowed long enough to measure,
 * and the checks and printed figures every such test uses.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import type { ToneComponent } from "../../../src/dsp/index.js";
import type { NegotiatedAudio } from "../../../src/media/index.js";
import type { IncomingCall, OutgoingCall } from "../../../src/sip/session/index.js";
import { startBaresip, startKamailio, stopAllPeers, type BaresipHandle, type KamailioHandle } from "../peers/index.js";
import { eventually, startAgent, waitForRegistration, type StartedAgent } from "./agent.js";
import { RecordingUser } from "./calls.js";
import {
  frameOnset, mouthToWireMs, ONSET_THRESHOLD, readTone, segmentAfter, wireOnset, wireToEarMs, type Onset, type ToneReading,
} from "./media-measure.js";
import type { OurPhone } from "./media-phone.js";
import { writeToneWav } from "./media-wav.js";

export const FAR_PHONE = { user: "2000", password: "pw-2000" };
export const OUR_ACCOUNT = { user: "1001", password: "pw-1001" };
export const TONE_LEVEL_DBM0 = -10;
const BARESIP_TONE: ToneComponent = { frequencyHz: 1000, levelDbm0: TONE_LEVEL_DBM0 };
export const OUR_TONE: ToneComponent = { frequencyHz: 600, levelDbm0: TONE_LEVEL_DBM0 };
/** Silence at the start of baresip's source file, before its tone's onset. */
export const FAR_SILENCE_MS = 500;
/** Measure a tone from this long after its onset (the jitter buffer and PLC settle)... */
const SETTLE_MS = 200;
/** ...for this long. */
const MEASURE_MS = 1000;

/** baresip's microphone: FAR_SILENCE_MS of silence, then 1 kHz for long enough for any test call. */
export async function farToneWav(dir: string, toneMs = 30_000): Promise<string> {
  const path = join(dir, "far-1k.wav");
  await writeToneWav(path, { silenceMs: FAR_SILENCE_MS, toneMs, tone: [BARESIP_TONE] });
  return path;
}

export interface MediaPeers {
  kamailio: KamailioHandle;
  baresip: BaresipHandle;
  /** Our UA with OUR_ACCOUNT registered. */
  agent: StartedAgent;
  /** The SIP URI that reaches our account through Kamailio. */
  ourUri: string;
  stop(): Promise<void>;
}

/** Kamailio, baresip registered as FAR_PHONE speaking farToneWav, and our UA registered. */
export async function startMediaPeers(options: { srtp?: "off" | "mandatory" } = {}): Promise<MediaPeers> {
  const dir = await mkdtemp(join(tmpdir(), "dialtone-media-"));
  const kamailio = await startKamailio({ users: [OUR_ACCOUNT, FAR_PHONE], recordRoute: true });
  const [baresip, agent] = await Promise.all([
    farToneWav(dir).then((wav) => startBaresip({ ...FAR_PHONE, registrar: { port: kamailio.udpPort }, audioSourcePath: wav, srtp: options.srtp ?? "off" })),
    startAgent({ accounts: [{ ...OUR_ACCOUNT, registrarPort: kamailio.udpPort }], dumpLogOnFailure: false }),
  ]);
  await waitForRegistration(agent.ua.accounts[0]!, "registered");
  return {
    kamailio, baresip, agent,
    ourUri: `sip:${OUR_ACCOUNT.user}@127.0.0.1:${kamailio.udpPort}`,
    stop: async () => {
      await agent.stop();
      await stopAllPeers();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface PlacedCall {
  call: OutgoingCall;
  user: RecordingUser;
  negotiated: NegotiatedAudio;
}

/** Our account calls the far phone through Kamailio with `phone`'s offer; media starts on the answer. */
export async function callFarPhone(peers: MediaPeers, phone: OurPhone): Promise<PlacedCall> {
  const account = peers.agent.ua.accounts[0]!;
  const user = new RecordingUser();
  const call = account.call(account.targetFor(FAR_PHONE.user), phone.offer(), user);
  await user.when("answered");
  return { call, user, negotiated: phone.accept(user.answer!) };
}

export interface TakenCall {
  call: IncomingCall;
  user: RecordingUser;
  negotiated: NegotiatedAudio;
  /** The far phone's offer. */
  offer: string;
}

/** The far phone calls our account; we answer with `phone` and wait for the ACK. */
export async function answerFarPhone(peers: MediaPeers, phone: OurPhone): Promise<TakenCall> {
  const incoming = peers.agent.nextIncoming();
  await peers.baresip.dial(peers.ourUri);
  const { call, user } = await incoming;
  const offer = call.offer!;
  const { sdp, negotiated } = phone.answer(offer);
  call.accept(sdp);
  await user.when("confirmed");
  return { call, user, negotiated, offer };
}

export interface HeardTones {
  /** MEASURE_MS of what we heard, from SETTLE_MS after the onset. */
  tone: Int16Array;
  heardOnset: Onset;
}

/**
 * Waits until we have heard the far tone and said ours for SETTLE_MS + MEASURE_MS + 200 ms
 * each (the extra covers our tone's trip into baresip's recording).
 */
export async function hearBothTones(phone: OurPhone, timeoutMs = 10_000): Promise<HeardTones> {
  const enough = SETTLE_MS + MEASURE_MS + 200;
  const lasted = (frames: OurPhone["heard"]): boolean => {
    const onset = frameOnset(frames);
    return onset !== undefined && frames[frames.length - 1]!.atMs - onset.atMs >= enough;
  };
  await eventually(async () => lasted(phone.heard) && lasted(phone.said), "both tones flowing for their measurement", timeoutMs);
  const heardOnset = frameOnset(phone.heard)!;
  return { tone: segmentAfter(phone.heard, heardOnset, SETTLE_MS, MEASURE_MS), heardOnset };
}

/** MEASURE_MS of baresip's recording, from SETTLE_MS after our tone's onset in it. */
function recordedTone(received: Int16Array): Int16Array {
  const onset = received.findIndex((s) => Math.abs(s) >= ONSET_THRESHOLD);
  expect(onset, "our tone never reached baresip's recording").toBeGreaterThanOrEqual(0);
  return received.subarray(onset + SETTLE_MS * 8, onset + (SETTLE_MS + MEASURE_MS) * 8);
}

/**
 * After a hang-up (either side): waits for baresip to close the call, takes its recording and
 * checks both tones: what we heard and what baresip recorded of ours.
 */
export async function checkBothTones(baresip: BaresipHandle, heard: HeardTones, sinceMs: number, label: string, levelToleranceDb = 2): Promise<void> {
  await baresip.waitForEvent("CALL_CLOSED", 10_000, sinceMs);
  const recording = await baresip.takeRecording();
  expectTone(heard.tone, BARESIP_TONE.frequencyHz, `what we heard (${label})`, levelToleranceDb);
  expectTone(recordedTone(recording.received), OUR_TONE.frequencyHz, `what baresip recorded (${label})`, levelToleranceDb);
}

/** Frequency within ±5 Hz, level within `levelToleranceDb` of TONE_LEVEL_DBM0, a full second long. */
function expectTone(samples: Int16Array, frequencyHz: number, what: string, levelToleranceDb = 2): ToneReading {
  const reading = readTone(samples);
  console.log(`${what}: ${reading.frequencyHz.toFixed(1)} Hz at ${reading.levelDbm0.toFixed(2)} dBm0 over ${reading.durationMs} ms`);
  expect(reading.durationMs, `${what}: measured length`).toBe(MEASURE_MS);
  expect(Math.abs(reading.frequencyHz - frequencyHz), `${what}: ${reading.frequencyHz} Hz`).toBeLessThanOrEqual(5);
  expect(Math.abs(reading.levelDbm0 - TONE_LEVEL_DBM0), `${what}: ${reading.levelDbm0} dBm0`).toBeLessThanOrEqual(levelToleranceDb);
  return reading;
}

export interface CallDelays {
  /** Our capture of our tone's onset → its packet at the relay. */
  mouthToWireMs: number;
  /** baresip's onset packet at the relay → our playing that sample. */
  wireToEarMs: number;
}

/** Measures both onsets' delays, prints them, and checks they are real (positive, under a second). */
export function reportDelays(label: string, phone: OurPhone, heard: HeardTones): CallDelays {
  const saidOnset = frameOnset(phone.said);
  const outOnWire = wireOnset(phone.wire, "toPeer");
  const inOnWire = wireOnset(phone.wire, "toLocal");
  expect(saidOnset && outOnWire && inOnWire, "tone onsets on the wire").toBeTruthy();
  const delays = { mouthToWireMs: mouthToWireMs(saidOnset!, outOnWire!), wireToEarMs: wireToEarMs(inOnWire!, heard.heardOnset) };
  console.log(
    `${label}: our tone mouth→wire ${delays.mouthToWireMs.toFixed(1)} ms; baresip's tone wire→our ear ${delays.wireToEarMs.toFixed(1)} ms`,
  );
  for (const ms of Object.values(delays)) {
    expect(ms).toBeGreaterThan(0);
    expect(ms).toBeLessThan(1000);
  }
  return delays;
}
