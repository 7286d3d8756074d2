/**
 * When to send RTCP (RFC 3550 §6.3): the deterministic interval from the
 * session's RTCP bandwidth and membership with a 5 s minimum (halved before
 * the first report), randomised to 0.5–1.5 times and divided by e − 3/2 to
 * compensate for timer reconsideration (§6.3.1, §A.7), which the scheduler
 * does on every expiry (§6.3.6). Timers go through the injected Clock.
 *
 * BYE is sent at once by the caller: §6.3.7 lets a session of fewer than 50
 * members skip BYE reconsideration.
 */
import type { Clock, Timer } from "../../util/clock.js";
import { cryptoRandom, unitInterval, type RandomSource } from "./random.js";

export const RTCP_MIN_INTERVAL_MS = 5000;
const COMPENSATION = Math.E - 1.5;
const SENDER_BANDWIDTH_FRACTION = 0.25;
const RECEIVER_BANDWIDTH_FRACTION = 1 - SENDER_BANDWIDTH_FRACTION;

export interface RtcpGroup {
  /** Members of the session, us included (2 in a point-to-point call). */
  members: number;
  /** Members that sent RTP recently, us included if we did. */
  senders: number;
  /** We sent RTP since the report before last. */
  weSent: boolean;
}

export interface RtcpIntervalInput extends RtcpGroup {
  /** RTCP bandwidth in octets per second (5% of the session bandwidth). */
  rtcpOctetsPerSecond: number;
  /** Running average of compound RTCP sizes, lower-layer headers included. */
  averageRtcpOctets: number;
  /** True until the first report has been sent. */
  initial: boolean;
  minIntervalMs?: number;
}

/** RFC 3550 §6.3.1 / §A.7 rtcp_interval(); `unitRandom` is uniform in [0, 1). */
export function rtcpIntervalMs(input: RtcpIntervalInput, unitRandom: number): number {
  const minMs = (input.minIntervalMs ?? RTCP_MIN_INTERVAL_MS) / (input.initial ? 2 : 1);
  let bandwidth = input.rtcpOctetsPerSecond;
  let n = input.members;
  // §6.3.1: when senders are at most a quarter of the members, they share a quarter of the bandwidth.
  if (input.senders <= input.members * SENDER_BANDWIDTH_FRACTION) {
    if (input.weSent) {
      bandwidth *= SENDER_BANDWIDTH_FRACTION;
      n = input.senders;
    } else {
      bandwidth *= RECEIVER_BANDWIDTH_FRACTION;
      n -= input.senders;
    }
  }
  const deterministicMs = Math.max(minMs, (1000 * input.averageRtcpOctets * n) / bandwidth);
  return (deterministicMs * (unitRandom + 0.5)) / COMPENSATION;
}

export interface RtcpSchedulerOptions {
  clock: Clock;
  /** Current membership, read at every computation. */
  group: () => RtcpGroup;
  /** Sends one compound report now; returns its size in octets (UDP/IP headers excluded). */
  send: () => number;
  /** Session bandwidth in bits per second; default 80 000 (G.711 at 20 ms with headers). */
  sessionBandwidthBps?: number;
  /** Share of the session bandwidth for RTCP; default 0.05 (§6.2). */
  rtcpFraction?: number;
  minIntervalMs?: number;
  /** Octets of lower-layer headers added to each compound in the average; default 28 (UDP over IPv4). */
  overheadOctets?: number;
  random?: RandomSource;
}

export class RtcpScheduler {
  private timer: Timer | undefined;
  private lastSentMs: number | undefined;
  private averageOctets: number;
  private initial = true;

  constructor(private readonly options: RtcpSchedulerOptions) {
    // §6.3.2: start the average at the probable size of the first report (SR, one block, SDES).
    this.averageOctets = 100 + this.overhead();
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  /** §6.3.2: the first report is due after one (initial, halved-minimum) interval. */
  start(): void {
    if (this.timer) return;
    this.lastSentMs = this.options.clock.now();
    this.arm(this.interval());
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private onExpiry(): void {
    const now = this.options.clock.now();
    // §6.3.6: reconsider with the current membership; send only if the new time has passed.
    const due = (this.lastSentMs ?? now) + this.interval();
    if (due > now) {
      this.arm(due - now);
      return;
    }
    const size = this.options.send() + this.overhead();
    this.averageOctets = size / 16 + (15 * this.averageOctets) / 16;
    this.initial = false;
    this.lastSentMs = now;
    this.arm(this.interval());
  }

  private interval(): number {
    const input: RtcpIntervalInput = {
      ...this.options.group(),
      rtcpOctetsPerSecond: ((this.options.sessionBandwidthBps ?? 80_000) * (this.options.rtcpFraction ?? 0.05)) / 8,
      averageRtcpOctets: this.averageOctets,
      initial: this.initial,
      ...(this.options.minIntervalMs === undefined ? {} : { minIntervalMs: this.options.minIntervalMs }),
    };
    return rtcpIntervalMs(input, unitInterval(this.options.random ?? cryptoRandom));
  }

  private arm(delayMs: number): void {
    this.timer = this.options.clock.setTimer(delayMs, () => this.onExpiry());
  }

  private overhead(): number {
    return this.options.overheadOctets ?? 28;
  }
}
