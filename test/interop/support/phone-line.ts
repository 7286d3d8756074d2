/**
 * Line 0 of an agent under test as the calling-feature tests drive it (phone-star-codes,
 * phone-star-code-features): a star code dialled and the bursts heard after it measured, a
 * SIPp caller through Kamailio that must be refused or must ring, a call to a SIPp UAS,
 * hanging up. Expectations
 * are checked here (vitest `expect`), so each test reads as the steps it takes.
 */
import { expect } from "vitest";
import {
  burstsBeforeSteady, DIAL_COMPONENT_DBM0, dialPairLevels, dialPairShare, finalAnswer, sippCall, untilSteadyTone, type Run,
} from "./phone-services.js";
import { startSipp, type SippResult } from "../peers/index.js";
import { probeUntil, type SimPhoneAgent } from "./sim-phone-agent.js";

export interface LineUnderTest {
  agent: SimPhoneAgent;
  /** Kamailio's UDP port, where the SIPp caller sends. */
  kamailioPort: number;
  /** The SIPp caller's port, trusted by Kamailio. */
  callerPort: number;
  /** The line's user (the caller's Request-URI user). */
  user: string;
}

export interface CodeHeard {
  bursts: Run[];
  gaps: Run[];
  /** The steady tone's 350 and 440 Hz components, dBm0. */
  steadyDbm0: number[];
  shown: string;
}

/**
 * Lifts, dials `keys` by DTMF, waits for `logged` in the agent's log and for the steady tone
 * after the code's bursts; returns the bursts (each checked to be the dial-tone pair) and the
 * steady tone's levels. The handset stays lifted.
 */
export async function dialCode(agent: SimPhoneAgent, keys: string, logged: string): Promise<CodeHeard> {
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, keys);
  await probeUntil(async () => agent.output().includes(logged), () => `"${logged}" in the agent's log\n${agent.output().slice(-3000)}`);
  const { samples, runs } = await untilSteadyTone(agent, 3000, 700, `after ${keys}`);
  // The keys are silence at the earpiece (dial tone stops at the first); the code's tones follow.
  const { bursts, gaps, steady, shown } = burstsBeforeSteady(runs);
  for (const burst of bursts) expect(dialPairShare(samples, burst), shown).toBeGreaterThan(0.9);
  return { bursts, gaps, steadyDbm0: dialPairLevels(samples, steady, 100, 500), shown };
}

/**
 * `count` bursts of 100 ms with 100 ms between them (and before the steady tone), within a
 * 10 ms block either way; the gap after the confirmation tone's third burst may be up to 40 ms
 * longer (the port's 600 ms confirmation timer and the next 10 ms frame). The steady tone at
 * −13 dBm0 per component (±1 dB).
 */
export function expectBursts(heard: CodeHeard, count: number): void {
  expect(heard.bursts.length, heard.shown).toBe(count);
  expect(heard.gaps.length, heard.shown).toBe(count);
  for (const run of heard.bursts) expect(Math.abs(run.ms - 100), heard.shown).toBeLessThanOrEqual(10);
  heard.gaps.forEach((run) => expect(run.ms - 100, heard.shown).toBeGreaterThanOrEqual(-10));
  heard.gaps.forEach((run, i) => expect(run.ms - 100, heard.shown).toBeLessThanOrEqual(i === 2 ? 40 : 10));
  for (const level of heard.steadyDbm0) expect(Math.abs(level - DIAL_COMPONENT_DBM0), heard.shown).toBeLessThan(1);
}

export async function hangUp(agent: SimPhoneAgent): Promise<void> {
  await agent.hook(0, false);
  await agent.waitForState(0, "Idle");
}

/** A SIPp call to the line that must get `status` without ringing the handset; its answer. */
export async function expectRefused(line: LineUnderTest, status: string, anonymous = false): Promise<{ contact: string | undefined }> {
  const call = await sippCall({ kamailioPort: line.kamailioPort, localPort: line.callerPort, service: line.user, anonymous });
  const result = await call.done;
  const answer = finalAnswer(result);
  expect(answer.status, `${result.errors}\n${line.agent.output().slice(-2000)}`).toBe(status);
  expect(result.ok, result.errors).toBe(true);
  const handset = await line.agent.handset(0);
  expect([handset.ringing, handset.bell, await line.agent.lineState()]).toEqual([false, false, "Idle"]);
  return answer;
}

/** A SIPp call to the line that rings the handset (bell on), is answered by lifting and ended by SIPp's BYE. */
export async function expectRings(line: LineUnderTest, anonymous = false): Promise<void> {
  const { agent } = line;
  const call = await sippCall({ kamailioPort: line.kamailioPort, localPort: line.callerPort, service: line.user, anonymous });
  await probeUntil(async () => (await agent.handset(0)).bell, () => `the bell rings\n${agent.output().slice(-3000)}`, 10_000);
  expect(await agent.lineState()).toBe("Ringing");
  await agent.hook(0, true);
  const result = await call.done;
  expect(finalAnswer(result).status, result.errors).toBe("SIP/2.0 200 OK");
  expect(result.ok, result.errors).toBe(true);
  await agent.waitForState(0, "Reorder");
  await hangUp(agent);
}

/**
 * Starts a SIPp UAS running `scenario` on `uasPort`, lifts, dials `keys` and waits for Talking
 * (`talkingAt`: performance.now() then); `done` settles when SIPp ends (after our BYE).
 */
export async function talkTo(agent: SimPhoneAgent, uasPort: number, keys: string, scenario = "uas-answer.xml"): Promise<{ talkingAt: number; done: Promise<SippResult> }> {
  const uas = await startSipp({ scenario, localPort: uasPort });
  await uas.ready();
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, keys);
  await agent.waitForState(0, "Talking");
  return { talkingAt: performance.now(), done: uas.done };
}

/** The first INVITE a SIPp run received, whole. */
export function receivedInvite(result: SippResult): string {
  return result.messages.find((m) => m.direction === "received" && m.firstLine.startsWith("INVITE "))?.text ?? "(no INVITE)";
}

/** talkTo, then hangs up; the INVITE the UAS received (its run must succeed). */
export async function callThrough(agent: SimPhoneAgent, uasPort: number, scenario: string, keys: string): Promise<string> {
  const call = await talkTo(agent, uasPort, keys, scenario);
  await hangUp(agent);
  const result = await call.done;
  expect(result.ok, `${result.errors}\n${agent.output().slice(-2000)}`).toBe(true);
  return receivedInvite(result);
}
