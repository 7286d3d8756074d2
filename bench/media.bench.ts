/**
 * The media engine's figures, against baresip in the same run. Our UA calls baresip through a
 * local Kamailio; our media (MediaSession + FramePump, PCMU 20 ms) runs in a child process of
 * its own and baresip's in its own, so both are read from /proc the same way. Both sides
 * speak tone bursts (500 ms on, 500 ms off) from memory; neither plays nor records audio
 * (baresip: aufile source, no player, no sndfile; ours: frames discarded).
 *   1. CPU time per call-minute, ours and baresip's, over the same windows of one call:
 *      the first 30 s (3 s in) of a fresh process, which include V8 compiling the media
 *      path as it gets hot, then the next 30 s (steady state: what a long-running ATA pays
 *      per call, its code compiled by earlier calls); resident memory with one active call
 *      (nothing else measured in that call); for context, our process's CPU before that call
 *      while idle, and while running only a bare Node loop with the call's timer and UDP
 *      traffic (media-floor.ts): what Node costs before any media code runs (it runs before
 *      the call, so Node's own timer and dgram code is warm when the first window opens).
 *   2. Delay at zero jitter: burst onsets timed at our capture, on the wire (relay tap)
 *      and at our playout: mouth→wire is the sending direction through our media path,
 *      wire→ear the receiving one; each has the goal ptime + 10 ms.
 *   3. With the relay at 50 ± 30 ms delay (30 ms jitter) and 2 % loss toward us (the
 *      jitter buffer's goal scenario): late-loss rate and mean buffering delay.
 * Exits non-zero only when a figure could not be measured.
 * Run: npm run bench -- media
 */
import { writeFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ToneGenerator } from "../src/dsp/index.js";
import { writeWav } from "../src/web/wav.js";
import { requireBaresip, startBaresip, startKamailio, stopAllPeers } from "../test/interop/peers/index.js";
import { startAgent, waitForRegistration } from "../test/interop/support/agent.js";
import { runBenchCall, type BenchCallFigures, type CpuWindow } from "./support/media-bench-call.js";
import { CHILD_FLAG, runMediaChild } from "./support/media-child.js";
import { pairDelays, summarize, type Summary } from "./support/media-edges.js";

const OURS = { user: "1001", password: "pw-1001" };
const FAR = { user: "2000", password: "pw-2000" };
const CPU_WINDOW_MS = 30_000;
const IDLE_WINDOW_MS = 10_000;
const DELAY_WINDOW_MS = 15_000;
const JITTER_WINDOW_MS = 60_000;
const PTIME_MS = 20;

/** baresip's microphone: 1 kHz bursts, 500 ms on and 500 ms off, for `seconds`. */
async function burstWav(path: string, seconds: number): Promise<void> {
  const samples = new Int16Array(seconds * 8000);
  const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
  for (let s = 0; s < seconds; s++) samples.set(tone.next(4000), s * 8000);
  await writeFile(path, writeWav(samples));
}

const ms = (v: number): string => v.toFixed(1);
const spread = (s: Summary): string => `median ${ms(s.median)}, mean ${ms(s.mean)} (${ms(s.min)}–${ms(s.max)}) ms over ${s.count} bursts`;
const perMinute = (cpuMs: number, windowMs: number): number => (cpuMs * 60_000) / windowMs;

function printCpuWindow(label: string, w: CpuWindow): void {
  const ours = perMinute(w.ourCpuMs, w.windowMs);
  const theirs = perMinute(w.baresipCpuMs, w.windowMs);
  console.log(`   ${label} (${ms(w.windowMs / 1000)} s): dialtone media process ${ms(ours)} ms   baresip process ${ms(theirs)} ms   ratio ${(ours / theirs).toFixed(2)}x (goal ≤ 1.00x)`);
}

function printCpu(f: BenchCallFigures): void {
  console.log("1. CPU per call-minute (same call, /proc utime+stime, 10 ms ticks):");
  printCpuWindow("first window, fresh process (V8 still compiling)", f);
  if (f.steady) printCpuWindow("next window, steady state", f.steady);
  if (f.ourIdleCpuMs !== undefined) {
    console.log(`   context: the same dialtone process idle before the call (Node, session bound, no media) ${ms(perMinute(f.ourIdleCpuMs, IDLE_WINDOW_MS))} ms per minute`);
  }
  if (f.ourFloorCpuMs !== undefined) {
    console.log(`   context: the same process running only Node's floor for this traffic (a 20 ms timer sending 50 datagrams/s, 50/s received, no media code) ` +
      `${ms(perMinute(f.ourFloorCpuMs, IDLE_WINDOW_MS))} ms per minute`);
  }
  console.log(`   resident memory with one active call: dialtone media process ${(f.ourRssKb / 1024).toFixed(1)} MiB ` +
    `(${(f.ourRssBeforeCallKb / 1024).toFixed(1)} MiB before the call: Node itself), baresip ${(f.baresipRssKb / 1024).toFixed(1)} MiB`);
}

function printDelays(f: BenchCallFigures): void {
  const mouthToWire = summarize(pairDelays(f.onsets.mouth, f.onsets.wireOut));
  const wireToEar = summarize(pairDelays(f.onsets.wireIn, f.onsets.ear));
  if (mouthToWire.count === 0 || wireToEar.count === 0) throw new Error("no burst onsets paired at zero jitter");
  console.log(`2. Delay added by our media path at zero jitter (loopback, relay unimpaired), goal ≤ ptime + 10 = ${PTIME_MS + 10} ms each way:`);
  console.log(`   sending, mouth→wire (capture framing + send) ${spread(mouthToWire)}`);
  console.log(`   receiving, wire→ear (jitter buffer + playout clock phase) ${spread(wireToEar)}`);
  console.log(`   both directions (medians summed) ${ms(mouthToWire.median + wireToEar.median)} ms`);
}

function printJitter(f: BenchCallFigures): void {
  const wireToEar = summarize(pairDelays(f.onsets.wireIn, f.onsets.ear));
  const lateRate = f.late / Math.max(1, f.packetsFromBaresip);
  console.log("3. Relay toward us at 50 ± 30 ms delay (30 ms jitter), 2 % loss, seed 1:");
  console.log(`   packets from baresip ${f.packetsFromBaresip}, network loss ${f.lost} (${(100 * f.lost / Math.max(1, f.packetsFromBaresip)).toFixed(2)} %), ` +
    `late ${f.late} → late-loss rate ${(100 * lateRate).toFixed(3)} % (goal ≤ 0.5 %)`);
  console.log(`   mean buffering delay ${ms(f.meanBufferingMs)} ms (goal ≤ 60 ms; the session's meanBufferingMs: arrival to playout over the packets played in the window)`);
  console.log(`   concealed frames ${f.concealedFrames}; wire (leaving the network)→ear ${spread(wireToEar)}`);
}

async function main(): Promise<void> {
  requireBaresip(false, false);
  const dir = await mkdtemp(join(tmpdir(), "dialtone-bench-media-"));
  const kamailio = await startKamailio({ users: [OURS, FAR] });
  try {
    const wav = join(dir, "bursts.wav");
    await burstWav(wav, 3 * 60);
    const baresip = await startBaresip({ ...FAR, registrar: { port: kamailio.udpPort }, audioSourcePath: wav, record: false });
    const agent = await startAgent({ accounts: [{ ...OURS, registrarPort: kamailio.udpPort }], dumpLogOnFailure: false });
    try {
      const account = agent.ua.accounts[0]!;
      await waitForRegistration(account, "registered");
      const common = { account, farUser: FAR.user, baresipPid: baresip.pid };
      const cpu = await runBenchCall({ ...common, windowMs: CPU_WINDOW_MS, steadyWindowMs: CPU_WINDOW_MS, measure: false, idleWindowMs: IDLE_WINDOW_MS });
      const zero = await runBenchCall({ ...common, windowMs: DELAY_WINDOW_MS, measure: true });
      const jittery = await runBenchCall({
        ...common, windowMs: JITTER_WINDOW_MS, measure: true, toLocal: { seed: 1, baseDelayMs: 50, jitterMs: 30, lossRate: 0.02 },
      });
      console.log(`media path: PCMU, ptime ${PTIME_MS} ms, loopback, node ${process.version}; baresip 1.0.0 (Debian baresip-core)`);
      printCpu(cpu);
      printDelays(zero);
      printJitter(jittery);
    } finally {
      await agent.stop();
    }
  } finally {
    await kamailio.stop();
    await stopAllPeers();
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === CHILD_FLAG) {
  await runMediaChild();
} else {
  try {
    await main();
  } catch (error) {
    console.error(`media benchmark: could not measure: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
