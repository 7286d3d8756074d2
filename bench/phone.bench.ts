/**
 * The phone's reaction times, end to end through the built agent (`node dist/dialtone.js`) on the
 * simulated board, registered to a local Kamailio, timed from outside:
 *   (i)   off-hook → dial tone: the HTTP hook request to the handset's lift (its log line), and
 *         the lift to the first sample of dial tone in the earpiece (the sim handset's own note,
 *         sample-exact on its 20 ms frames, so up to 20 ms of it is waiting for the next frame);
 *   (ii)  the last digit → the INVITE reaching a SIPp callee behind Kamailio, ended by `#`, and
 *         by the dial plan's interdigit timer (S:1,L:3,(xxxxT): the timer wait is in the figure):
 *         from the key's release at the handset, and from the agent's log line for the digit
 *         (what its DTMF receiver takes to recognise the key is the difference);
 *   (iii) an incoming INVITE from a SIPp caller behind Kamailio → 180 Ringing, and the hook
 *         request → the 200 OK reaching the caller.
 * The peer, in the same run and through the same Kamailio: baresip's `dial` command → its INVITE
 * at the same callee, and its auto-answer's INVITE → 180 and INVITE → 200. Kamailio trusts
 * 127.0.0.1, so no INVITE is challenged. One unmeasured warm-up of each, then RUNS runs (fewer
 * if the whole bench would pass BUDGET_MS), medians (min–max) printed.
 * Exits non-zero only when a figure could not be measured.
 * Run: npm run bench -- phone
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeWav } from "../src/web/wav.js";
import { freePorts, startBaresip, startKamailio, stopAllPeers } from "../test/interop/peers/index.js";
import { startSimPhoneAgent, type SimPhoneAgent } from "../test/interop/support/sim-phone-agent.js";
import { summarize as spread, type Summary as Spread } from "./support/media-edges.js";
import { answerRun, baresipAnswerRun, baresipDialRun, dialRun, dialToneRun } from "./support/phone-bench-runs.js";

const RUNS = 7;
const BUDGET_MS = 240_000;
const OURS = { user: "1001", password: "pw-1001" };
const PEER = { user: "1002", password: "pw-1002" };
const DIAL_PLAN = "S:1,L:3,(xxxxT)";

const fmt = (ms: number): string => ms.toFixed(1);
const cell = (s: Spread): string => `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)}) ms, ${s.count} runs`;
const startedAt = performance.now();

/** One warm-up, then up to RUNS measured runs while the budget lasts. */
async function measure<T>(run: () => Promise<T>): Promise<T[]> {
  await run();
  const samples: T[] = [];
  while (samples.length < RUNS && (samples.length === 0 || performance.now() - startedAt < BUDGET_MS)) samples.push(await run());
  return samples;
}

async function main(): Promise<void> {
  if (!existsSync("dist/dialtone.js")) throw new Error("dist/dialtone.js missing: run `npm run build` (npm run bench does)");
  const dir = mkdtempSync(join(tmpdir(), "dialtone-bench-phone-"));
  let agent: SimPhoneAgent | undefined;
  try {
    const [calleePort, callerPort] = (await freePorts(2)) as [number, number];
    const kamailio = await startKamailio({
      users: [OURS, PEER], trustedPeers: [{ address: "127.0.0.1" }], staticRoutes: { "2000": `sip:127.0.0.1:${calleePort}` },
    });
    const silence = join(dir, "silence.wav");
    writeFileSync(silence, writeWav(new Int16Array(8000)));
    const baresip = await startBaresip({ ...PEER, registrar: { port: kamailio.udpPort }, audioSourcePath: silence, record: false });
    agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: OURS, dialPlan: DIAL_PLAN });
    const a = agent;
    const proxy = kamailio.udpPort;

    const dialTone = await measure(() => dialToneRun(a));
    const hash = await measure(() => dialRun(a, dir, calleePort, "2000#"));
    const timer = await measure(() => dialRun(a, dir, calleePort, "2000"));
    const peerDial = await measure(() => baresipDialRun(baresip, dir, calleePort, proxy));
    const answer = await measure(() => answerRun(a, dir, proxy, callerPort, OURS.user));
    const peerAnswer = await measure(() => baresipAnswerRun(baresip, dir, proxy, callerPort));

    const request = spread(dialTone.map((s) => s.requestMs));
    const liftToTone = spread(dialTone.map((s) => s.liftToToneMs));
    const hashSpread = spread(hash.map((s) => s.digitToInviteMs));
    const peerDialSpread = spread(peerDial);
    const ours200 = spread(answer.map((s) => s.to200Ms));
    const peer200 = spread(peerAnswer.map((s) => s.to200Ms));
    const ratio = (ours: Spread, theirs: Spread): string => `${(ours.median / theirs.median).toFixed(2)}x`;

    console.log(`phone reaction times, node dist/dialtone.js on the sim board and baresip, both through local Kamailio over UDP; median (min–max)`);
    console.log("(i) off-hook → dial tone (no peer has a handset; GR-506 asks dial tone within 3 s)");
    console.log(`    hook request round trip (HTTP)            ${cell(request)}`);
    console.log(`    hook request sent → handset lifted         ${cell(spread(dialTone.map((s) => s.requestToLiftMs)))}  (its log stamp, 1 ms)`);
    console.log(`    lift → first dial-tone sample, earpiece    ${cell(liftToTone)}`);
    console.log(`    hook request sent → dial tone              ${cell(spread(dialTone.map((s) => s.requestToLiftMs + s.liftToToneMs)))}`);
    console.log("(ii) last digit → INVITE at the callee");
    console.log(`    dialtone, '#' released → INVITE            ${cell(spread(hash.map((s) => s.releaseToInviteMs)))}`);
    console.log(`      of which '#' logged as dialled → INVITE  ${cell(hashSpread)}`);
    console.log(`    dialtone, last digit released → INVITE     ${cell(spread(timer.map((s) => s.releaseToInviteMs)))}  (interdigit timer of ${DIAL_PLAN} included)`);
    console.log(`      of which digit logged → INVITE           ${cell(spread(timer.map((s) => s.digitToInviteMs)))}`);
    console.log(`    baresip, 'dial' command sent → INVITE      ${cell(peerDialSpread)}`);
    console.log(`    ratio dialtone '#' dialled → INVITE / baresip dial → INVITE   ${ratio(hashSpread, peerDialSpread)}`);
    console.log("(iii) incoming call");
    console.log(`    dialtone INVITE sent → 180                 ${cell(spread(answer.map((s) => s.inviteTo180Ms)))}`);
    console.log(`    baresip INVITE sent → 180                  ${cell(spread(peerAnswer.map((s) => s.inviteTo180Ms)))}`);
    console.log(`    dialtone hook request → 200 at the caller  ${cell(ours200)}`);
    console.log(`    baresip INVITE sent → 200 (auto-answer)    ${cell(peer200)}`);
    console.log(`    ratio dialtone off-hook→200 / baresip INVITE→200   ${ratio(ours200, peer200)}`);
    console.log("Times: this process's and SIPp's wall clock (µs), the agent's log stamps (1 ms); the handset's notes are on the agent's frame clock.");
  } finally {
    agent?.stop();
    await stopAllPeers();
    rmSync(dir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`phone benchmark: could not measure: ${(error as Error).message}`);
  process.exitCode = 1;
}
