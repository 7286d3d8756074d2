/**
 * One timed run of each phone figure (bench/phone.bench.ts), every wait bounded:
 * - dialToneRun: hook request → the handset's lift (its log line) → its earpiece first
 *   sounding (the sim handset logs it, sample-exact, in ms after the lift), checked to be
 *   dial tone (350 + 440 Hz at −13 dBm0);
 * - dialRun: the last DTMF key's release (logged by the handset, less its offset in the frame),
 *   and the agent's line for that digit, → the INVITE reaching a SIPp callee behind Kamailio,
 *   which notes it with gettimeofday;
 * - answerRun: a SIPp caller's INVITE → 180, and the hook request → the 200 reaching it;
 * - baresipDialRun / baresipAnswerRun: the same edges for baresip, driven by its `dial`
 *   command and its auto-answer.
 * Wall-clock times (ms since the epoch) on one machine: our log lines' ISO stamps have 1 ms
 * resolution, SIPp's and this process's are sub-millisecond.
 */
import { dbovToDbm0, toneDbov } from "../../src/dsp/index.js";
import type { BaresipHandle } from "../../test/interop/peers/index.js";
import { probeUntil, type SimPhoneAgent } from "../../test/interop/support/sim-phone-agent.js";
import { timedCallee, timedCaller, wallNowMs, type TimedSipp } from "./sipp-timed.js";

const WAIT_MS = 10_000;
/** US dial tone (GR-506): 350 + 440 Hz, −13 dBm0 each. */
const DIAL_TONE = [350, 440];
const DIAL_TONE_DBM0 = -13;

export interface DialToneSample {
  /** The HTTP hook request, sent to answered. */
  requestMs: number;
  /** The hook request sent to the handset's "handset lifted" line (1 ms stamps). */
  requestToLiftMs: number;
  /** The lift to the first sample of tone in the earpiece. */
  liftToToneMs: number;
}

export interface AnswerSample {
  inviteTo180Ms: number;
  /** Ours: from sending the hook request; baresip's: from sending the INVITE (it answers itself). */
  to200Ms: number;
}

/** The last match of `pattern` in what the agent printed after `from` characters. */
function lastMatch(agent: SimPhoneAgent, from: number, pattern: RegExp): RegExpMatchArray | undefined {
  return [...agent.output().slice(from).matchAll(new RegExp(pattern.source, "g"))].at(-1);
}

async function stampOf(sipp: TimedSipp, label: string): Promise<number> {
  let value: number | undefined;
  await probeUntil(async () => (value = sipp.stamps()[label]?.[0]) !== undefined, () => `SIPp noted no ${label}`, WAIT_MS);
  return value!;
}

async function hangUp(agent: SimPhoneAgent): Promise<void> {
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle", WAIT_MS);
}

export async function dialToneRun(agent: SimPhoneAgent): Promise<DialToneSample> {
  const from = agent.output().length;
  const sent = wallNowMs();
  await agent.hook(0, true);
  const requestMs = wallNowMs() - sent;
  const pattern = /earpiece: first sound ([0-9.]+) ms after lifting/;
  await probeUntil(async () => lastMatch(agent, from, pattern) !== undefined, () => "the handset heard nothing", WAIT_MS);
  const liftToToneMs = Number(lastMatch(agent, from, pattern)![1]);
  const lifted = lastMatch(agent, from, /(\S+) info sim\.handset\[0\] handset lifted/);
  if (lifted === undefined) throw new Error("the handset did not log its lift");
  let levels: number[] = [];
  await probeUntil(async () => {
    const heard = await agent.earpiece(0, 200);
    levels = DIAL_TONE.map((f) => dbovToDbm0(toneDbov(heard, f)));
    return heard.length === 1600 && levels.every((l) => Math.abs(l - DIAL_TONE_DBM0) < 1);
  }, () => `not dial tone in the earpiece (350/440 Hz at ${levels.map((l) => l.toFixed(1)).join("/")} dBm0)`, WAIT_MS);
  await hangUp(agent);
  return { requestMs, requestToLiftMs: Date.parse(lifted[1]!) - sent, liftToToneMs };
}

export interface DialSample {
  /** The last key's release (the handset's note) to the INVITE at the callee. */
  releaseToInviteMs: number;
  /** The agent's log line for the last digit (its DTMF receiver's verdict) to the INVITE at the callee. */
  digitToInviteMs: number;
}

/** Dials `digits` to a callee at `calleePort` (Kamailio routes 2000 there). */
export async function dialRun(agent: SimPhoneAgent, dir: string, calleePort: number, digits: string): Promise<DialSample> {
  const callee = await timedCallee(dir, calleePort);
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone", WAIT_MS);
  const from = agent.output().length;
  await agent.dial(0, digits);
  const invite = await stampOf(callee, "INVITE");
  const released = lastMatch(agent, from, /(\S+) info sim\.handset\[0\] DTMF: last key released ([0-9.]+) ms/);
  const digit = lastMatch(agent, from, /(\S+) info line\[0\] digit (\S) \(DTMF/);
  if (released === undefined || digit === undefined || digit[2] !== digits.at(-1)) throw new Error(`the last key's release or its digit (${digits.at(-1)}) is not in the agent's log`);
  await agent.waitForState(0, "Busy", WAIT_MS);
  await hangUp(agent);
  const result = await callee.done;
  if (!result.ok) throw new Error(`SIPp callee: ${result.errors || result.output.slice(-1000)}`);
  return { releaseToInviteMs: invite - (Date.parse(released[1]!) - Number(released[2])), digitToInviteMs: invite - Date.parse(digit[1]!) };
}

export async function baresipDialRun(baresip: BaresipHandle, dir: string, calleePort: number, proxyPort: number): Promise<number> {
  const callee = await timedCallee(dir, calleePort);
  const since = performance.now();
  const sent = wallNowMs();
  await baresip.dial(`sip:2000@127.0.0.1:${proxyPort}`);
  const invite = await stampOf(callee, "INVITE");
  await baresip.waitForEvent("CALL_CLOSED", WAIT_MS, since);
  const result = await callee.done;
  if (!result.ok) throw new Error(`SIPp callee: ${result.errors || result.output.slice(-1000)}`);
  return invite - sent;
}

export async function answerRun(agent: SimPhoneAgent, dir: string, proxyPort: number, callerPort: number, user: string): Promise<AnswerSample> {
  const caller = await timedCaller(dir, proxyPort, callerPort, user);
  await agent.waitForState(0, "Ringing", WAIT_MS);
  const lifted = wallNowMs();
  await agent.hook(0, true);
  const result = await caller.done;
  if (!result.ok) throw new Error(`SIPp caller: ${result.errors || result.output.slice(-1000)}`);
  const stamps = caller.stamps();
  await agent.waitForState(0, "Reorder", WAIT_MS);
  await hangUp(agent);
  return { inviteTo180Ms: stamps["180"]![0]! - stamps.INVITE![0]!, to200Ms: stamps["200"]![0]! - lifted };
}

export async function baresipAnswerRun(baresip: BaresipHandle, dir: string, proxyPort: number, callerPort: number): Promise<AnswerSample> {
  const since = performance.now();
  const caller = await timedCaller(dir, proxyPort, callerPort, baresip.user);
  const result = await caller.done;
  if (!result.ok) throw new Error(`SIPp caller: ${result.errors || result.output.slice(-1000)}`);
  await baresip.waitForEvent("CALL_CLOSED", WAIT_MS, since);
  const stamps = caller.stamps();
  const invite = stamps.INVITE![0]!;
  return { inviteTo180Ms: (stamps["180"]?.[0] ?? NaN) - invite, to200Ms: stamps["200"]![0]! - invite };
}
