/**
 * What the calling-feature tests (phone-star-codes, phone-incoming-features, phone-mwi,
 * phone-call-services) share: the handset's earpiece cut into on/off runs of 10 ms blocks
 * (cadence) with the dial-tone pair's level per component, a SIPp caller through Kamailio
 * (svc-uac-call.xml) and the final answer it got, and the configuration file the agent
 * under test was started with (found by its command line, since the sim-phone-agent helper
 * keeps the path to itself).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dbovToDbm0, goertzelPower, rmsDbm0, toneDbov } from "../../../src/dsp/index.js";
import { startSipp, type SippResult } from "../peers/index.js";
import { probeUntil, type SimPhoneAgent } from "./sim-phone-agent.js";

/** 10 ms at 8 kHz. */
const BLOCK = 80;
/** A block counts as tone above this (the quietest tone here, ringback, is −16 dBm0 in all). */
const ON_DBM0 = -40;
/** US dial tone (and its stutter, recall and confirmation forms): 350 + 440 Hz, −13 dBm0 each (GR-506). */
export const DIAL_PAIR = [350, 440] as const;
export const DIAL_COMPONENT_DBM0 = -13;

export interface Run {
  on: boolean;
  ms: number;
  /** First sample of the run. */
  at: number;
}

/** The samples as alternating tone / silence runs of whole 10 ms blocks. */
export function onOffRuns(samples: Int16Array): Run[] {
  const runs: Run[] = [];
  for (let at = 0; at + BLOCK <= samples.length; at += BLOCK) {
    const on = rmsDbm0(samples.subarray(at, at + BLOCK)) > ON_DBM0;
    const last = runs.at(-1);
    if (last?.on === on) last.ms += 10;
    else runs.push({ on, ms: 10, at });
  }
  return runs;
}

export const showRuns = (runs: Run[]): string => runs.map((r) => `${r.on ? "on" : "off"} ${r.ms}`).join(", ");

/** Each dial-tone component's level (dBm0) in `ms` of tone starting `skipMs` into `run`. */
export function dialPairLevels(samples: Int16Array, run: Run, skipMs = 0, ms = run.ms - skipMs): number[] {
  const part = samples.subarray(run.at + skipMs * 8, run.at + (skipMs + ms) * 8);
  return DIAL_PAIR.map((f) => dbovToDbm0(toneDbov(part, f)));
}

/** Share of the run's power at the dial-tone pair (1: nothing else in it). */
export function dialPairShare(samples: Int16Array, run: Run): number {
  const part = samples.subarray(run.at, run.at + run.ms * 8);
  const total = part.reduce((sum, s) => sum + s * s, 0) / part.length;
  return DIAL_PAIR.reduce((sum, f) => sum + goertzelPower(part, f), 0) / total;
}

/**
 * Reads the earpiece until its last `windowMs` end in at least `steadyMs` of unbroken tone
 * after something else (the bursts before it); returns that recording and its runs.
 */
export async function untilSteadyTone(agent: SimPhoneAgent, windowMs: number, steadyMs: number, what: string): Promise<{ samples: Int16Array; runs: Run[] }> {
  let samples: Int16Array = new Int16Array(0);
  let runs: Run[] = [];
  await probeUntil(async () => {
    samples = await agent.earpiece(0, windowMs);
    runs = onOffRuns(samples);
    const last = runs.at(-1);
    return runs.length >= 2 && last !== undefined && last.on && last.ms >= steadyMs;
  }, () => `${what}: the earpiece's last ${windowMs} ms: ${showRuns(runs)}\n${agent.output().slice(-3000)}`);
  return { samples, runs };
}

/**
 * The bursts of a stutter, recall or confirmation tone before the steady tone that ends
 * `runs`: walking back from the steady tone over burst / gap pairs of about 100 ms (a burst
 * 90–110 ms, a gap 90–140 ms: the port's confirmation timer may add a frame or so between the
 * confirmation tone and the dial tone after it), until anything else (the silence of dialling
 * or of the handset on-hook, caller ID data). Oldest first.
 */
export function burstsBeforeSteady(runs: Run[]): { bursts: Run[]; gaps: Run[]; steady: Run; shown: string } {
  const steady = runs.at(-1)!;
  const bursts: Run[] = [];
  const gaps: Run[] = [];
  let i = runs.length - 2;
  while (i >= 1 && !runs[i]!.on && runs[i]!.ms >= 90 && runs[i]!.ms <= 140 && runs[i - 1]!.on && Math.abs(runs[i - 1]!.ms - 100) <= 10) {
    gaps.unshift(runs[i]!);
    bursts.unshift(runs[i - 1]!);
    i -= 2;
  }
  return { bursts, gaps, steady, shown: showRuns(runs.slice(Math.max(0, i - 1))) };
}

export interface CallerOptions {
  kamailioPort: number;
  /** The caller's local port: Kamailio trusts this one (no proxy challenge). */
  localPort: number;
  service: string;
  /** Hide the caller: anonymous From and Privacy: id (RFC 3323). */
  anonymous?: boolean;
  /** Who the caller says it is (default "SIPp" <sip:sipp@127.0.0.1>). */
  from?: { name: string; user: string; host: string };
  /** How long an answered call lasts before SIPp's BYE. */
  talkMs?: number;
}

/** A SIPp call to `service` through Kamailio (svc-uac-call.xml); `done` gives the run, `final` reads its final answer. */
export async function sippCall(o: CallerOptions): Promise<{ done: Promise<SippResult> }> {
  const from = o.from ?? { name: "SIPp", user: "sipp", host: "127.0.0.1" };
  const keys = o.anonymous
    ? { from_name: "Anonymous", from_user: "anonymous", from_host: "anonymous.invalid", privacy: "id" }
    : { from_name: from.name, from_user: from.user, from_host: from.host, privacy: "none" };
  const sipp = await startSipp({
    scenario: "svc-uac-call.xml", remote: { port: o.kamailioPort }, localPort: o.localPort, service: o.service, keys, pauseMs: o.talkMs ?? 500,
  });
  return { done: sipp.done };
}

/** The final response SIPp received: status line and Contact. */
export function finalAnswer(result: SippResult): { status: string; contact: string | undefined } {
  const finals = result.messages.filter((m) => m.direction === "received" && /^SIP\/2\.0 [2-6]\d\d /.test(m.firstLine) && /CSeq:\s*1 INVITE/i.test(m.text));
  const last = finals.at(-1);
  return { status: last?.firstLine ?? "(none)", contact: /^Contact:\s*(.*)$/im.exec(last?.text ?? "")?.[1]?.trim() };
}

/**
 * The configuration file the agent was started with: its command line names it after
 * --config, found by the HTTP port it was given (unique per agent). Linux /proc only.
 */
export function agentConfigPath(agent: SimPhoneAgent): string {
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let args: string[];
    try {
      args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    } catch {
      continue;
    }
    const http = args.indexOf("--http-port");
    const config = args.indexOf("--config");
    if (args.some((a) => a.endsWith("dialtone.js")) && http > 0 && args[http + 1] === String(agent.api.port) && config > 0) return args[config + 1]!;
  }
  throw new Error(`no dialtone process with --http-port ${agent.api.port} in /proc`);
}

/** lines[index].features of the configuration file as the agent last wrote it. */
export function savedFeatures(path: string, index = 0): Record<string, unknown> {
  const document = JSON.parse(readFileSync(path, "utf8")) as { lines?: { features?: Record<string, unknown> }[] };
  return document.lines?.[index]?.features ?? {};
}

/** How many times the agent logged line `index` registered (one per REGISTER cycle that succeeded from scratch). */
export function registrations(agent: SimPhoneAgent, index = 0): number {
  return agent.output().split(`line${index} registration registered`).length - 1;
}
