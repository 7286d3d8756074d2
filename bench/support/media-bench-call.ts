/**
 * One benchmark call: our UA (in this process) calls baresip through Kamailio, with the media
 * in a child process (media-child.ts) and RTP through an ImpairmentRelay here (the tap that
 * timestamps bursts on the wire). After a settling time it reads both processes' CPU time
 * and the child's counters, lets the call run for the measured window, reads them again,
 * and hangs up. Child times are mapped onto this process's clock by an IPC ping exchange.
 */
import { fork, type ChildProcess } from "node:child_process";
import { setTimeout as delay } from "node:timers/promises";
import { PCMU } from "../../src/media/codec/index.js";
import type { NetworkProfile } from "../../src/media/jitter/testing/network-sim.js";
import { SdpSession, type MediaSessionStats } from "../../src/media/index.js";
import { parseRtp } from "../../src/media/rtp/index.js";
import type { Account } from "../../src/sip/ua/account.js";
import { RecordingUser } from "../../test/interop/support/calls.js";
import { ImpairmentRelay } from "../../test/interop/support/relay.js";
import { CHILD_FLAG, type ChildReport, type FromChild, type ToChild } from "./media-child.js";
import { BurstOnsets } from "./media-edges.js";
import { measureFloor } from "./media-floor.js";
import { cpuTimeMs, residentKb } from "./media-proc.js";

const SETTLE_MS = 3_000;
const PINGS = 20;
const MESSAGE_TIMEOUT_MS = 10_000;

export interface BenchCallOptions {
  account: Account;
  farUser: string;
  baresipPid: number;
  windowMs: number;
  /** Impairment of RTP toward us; none: zero jitter. */
  toLocal?: NetworkProfile;
  /** Note onsets and sample buffering in the child (off for the CPU figure). */
  measure: boolean;
  /** Also read the child's CPU time over this long before the call (session open, idle), then as long with Node's bare floor loop (media-floor.ts). */
  idleWindowMs?: number;
  /** Also read both processes' CPU time over a second window this long, right after the first. */
  steadyWindowMs?: number;
}

export interface CpuWindow {
  windowMs: number;
  ourCpuMs: number;
  baresipCpuMs: number;
}

export interface BenchCallFigures {
  windowMs: number;
  ourCpuMs: number;
  baresipCpuMs: number;
  ourRssKb: number;
  ourRssBeforeCallKb: number;
  /** CPU time of the idle child per idleWindowMs, when asked. */
  ourIdleCpuMs: number | undefined;
  /** CPU time of the child's bare timer-and-UDP loop per idleWindowMs, when asked. */
  ourFloorCpuMs: number | undefined;
  /** The second window, when asked (V8 has compiled the media path by then). */
  steady: CpuWindow | undefined;
  baresipRssKb: number;
  /** Counters over the window (differences of the two reports). */
  late: number;
  lost: number;
  concealedFrames: number;
  packetsFromBaresip: number;
  meanBufferingMs: number;
  /** Onsets on this process's clock. */
  onsets: { mouth: number[]; wireOut: number[]; wireIn: number[]; ear: number[] };
}

function nextMessage<T extends FromChild["type"]>(child: ChildProcess, type: T, accept: (m: Extract<FromChild, { type: T }>) => boolean = () => true): Promise<Extract<FromChild, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", onMessage);
      reject(new Error(`media child sent no ${type} within ${MESSAGE_TIMEOUT_MS} ms`));
    }, MESSAGE_TIMEOUT_MS);
    const onMessage = (message: FromChild): void => {
      if (message.type !== type || !accept(message as Extract<FromChild, { type: T }>)) return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve(message as Extract<FromChild, { type: T }>);
    };
    child.on("message", onMessage);
  });
}

function tell(child: ChildProcess, message: ToChild): void {
  child.send(message);
}

/** child clock − our clock, from the ping with the shortest round trip. */
async function clockOffsetMs(child: ChildProcess): Promise<number> {
  let best = { rtt: Infinity, offset: 0 };
  for (let id = 0; id < PINGS; id++) {
    const sent = performance.now();
    tell(child, { type: "ping", id });
    const pong = await nextMessage(child, "pong", (m) => m.id === id);
    const received = performance.now();
    if (received - sent < best.rtt) best = { rtt: received - sent, offset: pong.nowMs - (sent + received) / 2 };
  }
  return best.offset;
}

async function cpuOver(pid: number, windowMs: number): Promise<number> {
  const before = await cpuTimeMs(pid);
  await delay(windowMs);
  return (await cpuTimeMs(pid)) - before;
}

async function cpuWindow(ourPid: number, baresipPid: number, windowMs: number): Promise<CpuWindow> {
  const [ours0, theirs0, started] = [await cpuTimeMs(ourPid), await cpuTimeMs(baresipPid), performance.now()];
  await delay(windowMs);
  const [ours1, theirs1] = [await cpuTimeMs(ourPid), await cpuTimeMs(baresipPid)];
  return { windowMs: performance.now() - started, ourCpuMs: ours1 - ours0, baresipCpuMs: theirs1 - theirs0 };
}

async function report(child: ChildProcess): Promise<ChildReport> {
  tell(child, { type: "report" });
  return nextMessage(child, "report");
}

/** Watches RTP through the relay: bursts each way, and packets from baresip. */
function tapRelay(relay: ImpairmentRelay): { wireOut: BurstOnsets; wireIn: BurstOnsets; packetsIn: () => number } {
  const wireOut = new BurstOnsets();
  const wireIn = new BurstOnsets();
  let packetsIn = 0;
  relay.observe((event) => {
    if (event.channel !== "rtp") return;
    // Toward the peer: when our packet reached the wire. Toward us: when it left the network.
    const ours = event.direction === "toPeer";
    if (ours ? event.stage !== "in" : event.stage !== "out") return;
    const packet = parseRtp(event.data);
    if (!packet.ok || packet.value.payloadType !== PCMU.payloadType) return;
    if (!ours) packetsIn++;
    const samples = new Int16Array(PCMU.decodedLength(packet.value.payload.length));
    PCMU.decode(packet.value.payload, samples);
    (ours ? wireOut : wireIn).feed(samples, event.atMs, 0);
  });
  return { wireOut, wireIn, packetsIn: () => packetsIn };
}

/** The session's running mean of arrival-to-playout time, over the packets played between two reports. */
function windowMean(before: MediaSessionStats, after: MediaSessionStats): number {
  const played = after.packetsPlayed - before.packetsPlayed;
  return played === 0 ? NaN : (after.meanBufferingMs * after.packetsPlayed - before.meanBufferingMs * before.packetsPlayed) / played;
}

export async function runBenchCall(options: BenchCallOptions): Promise<BenchCallFigures> {
  const child = fork(process.argv[1]!, [CHILD_FLAG], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const childExited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const relay = await ImpairmentRelay.open(options.toLocal ? { toLocal: options.toLocal } : {});
  try {
    const ready = await nextMessage(child, "ready");
    relay.connect({ local: { host: "127.0.0.1", rtpPort: ready.media.port, rtcpPort: ready.media.port + 1 } });
    const ourIdleCpuMs = options.idleWindowMs === undefined ? undefined : await cpuOver(child.pid!, options.idleWindowMs);
    const ourFloorCpuMs = options.idleWindowMs === undefined ? undefined : await measureFloor(
      async (port) => {
        tell(child, { type: "floor", port });
        return (await nextMessage(child, "floor-ready")).port;
      },
      () => tell(child, { type: "floor-stop" }),
      () => cpuTimeMs(child.pid!),
      options.idleWindowMs,
    );
    const tap = tapRelay(relay);
    const sdp = new SdpSession({ username: "dialtone" });
    const user = new RecordingUser();
    const call = options.account.call(
      options.account.targetFor(options.farUser),
      sdp.createOffer({ ...ready.media, address: "127.0.0.1", port: relay.peerFacing.rtpPort }),
      user,
    );
    await user.when("answered");
    const negotiated = sdp.applyAnswer(user.answer!);
    if (!negotiated.ok) throw new Error(`baresip's answer: ${negotiated.error.detail}`);
    const n = negotiated.value;
    relay.connect({ peer: { host: n.remoteAddress, rtpPort: n.remotePort, rtcpPort: n.remoteRtcpPort } });
    const via = relay.localFacing;
    tell(child, { type: "start", negotiated: { ...n, remoteAddress: via.host, remotePort: via.rtpPort, remoteRtcpPort: via.rtcpPort }, measure: options.measure });

    await delay(SETTLE_MS);
    const offset = await clockOffsetMs(child);
    const pid = child.pid!;
    const [before, ourCpu0, peerCpu0, packets0] = [await report(child), await cpuTimeMs(pid), await cpuTimeMs(options.baresipPid), tap.packetsIn()];
    const started = performance.now();
    await delay(options.windowMs);
    const [after, ourCpu1, peerCpu1, packets1] = [await report(child), await cpuTimeMs(pid), await cpuTimeMs(options.baresipPid), tap.packetsIn()];
    const windowMs = performance.now() - started;
    const steady = options.steadyWindowMs === undefined ? undefined : await cpuWindow(pid, options.baresipPid, options.steadyWindowMs);
    const [ourRssKb, baresipRssKb] = [await residentKb(pid), await residentKb(options.baresipPid)];
    call.hangup();
    await user.when("ended");

    const toOurs = (ms: number): number => ms - offset;
    return {
      windowMs,
      ourCpuMs: ourCpu1 - ourCpu0,
      baresipCpuMs: peerCpu1 - peerCpu0,
      ourRssKb,
      ourRssBeforeCallKb: ready.rssKb,
      ourIdleCpuMs,
      ourFloorCpuMs,
      steady,
      baresipRssKb,
      late: after.stats.late - before.stats.late,
      lost: after.stats.lost - before.stats.lost,
      concealedFrames: after.stats.concealedFrames - before.stats.concealedFrames,
      packetsFromBaresip: packets1 - packets0,
      meanBufferingMs: windowMean(before.stats, after.stats),
      onsets: {
        mouth: after.mouthOnsetsMs.map(toOurs),
        wireOut: tap.wireOut.onsetsMs,
        wireIn: tap.wireIn.onsetsMs,
        ear: after.earOnsetsMs.map(toOurs),
      },
    };
  } finally {
    if (child.exitCode === null) tell(child, { type: "stop" });
    await Promise.race([childExited, delay(5_000)]);
    child.kill("SIGKILL");
    await relay.close();
  }
}
