/**
 * SIPp peers that note on the wall clock (gettimeofday, µs) when a message crosses them, for
 * timing another process from outside (scenarios in test/interop/support/phone-scenarios.ts):
 * a callee that notes each INVITE's arrival and refuses it (486), and a caller that notes when
 * it sends its INVITE and when 180 and 200 arrive, then ACKs and hangs up. SIPp's log action
 * writes the times to a file of ours, read back as milliseconds since the epoch (compare
 * with wallNowMs()).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSipp, type SippHandle, type SippResult } from "../../test/interop/peers/index.js";
import { refusingCallee, stampedCaller, writeScenario } from "../../test/interop/support/phone-scenarios.js";

/** Milliseconds since the epoch, sub-millisecond: the same clock SIPp's gettimeofday reads. */
export const wallNowMs = (): number => performance.timeOrigin + performance.now();

export interface TimedSipp {
  sipp: SippHandle;
  /** Wall-clock ms of each noted event so far, by label ("INVITE", "180", "200"), oldest first. */
  stamps(): Record<string, number[]>;
  done: Promise<SippResult>;
}

/** Reads `LABEL seconds microseconds` lines (SIPp prints its numbers as 1796403138.000000). */
export function parseStamps(text: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [, label, s, us] of text.matchAll(/^(\S+) (\d+)(?:\.\d+)? (\d+)(?:\.\d+)?$/gm)) {
    (out[label!] ??= []).push(Number(s) * 1000 + Number(us) / 1000);
  }
  return out;
}

async function timed(dir: string, name: string, scenario: string, options: Parameters<typeof startSipp>[0]): Promise<TimedSipp> {
  const scenarioPath = writeScenario(dir, name, scenario);
  const logPath = join(dir, `${name}-${Date.now()}.log`);
  writeFileSync(logPath, "");
  const sipp = await startSipp({ ...options, scenario: scenarioPath, extraArgs: ["-trace_logs", "-log_file", logPath] });
  return { sipp, done: sipp.done, stamps: () => parseStamps(readFileSync(logPath, "utf8")) };
}

/** A callee on `port` that notes and refuses one INVITE. */
export async function timedCallee(dir: string, port: number): Promise<TimedSipp> {
  const callee = await timed(dir, "callee", refusingCallee("486 Busy Here", true), { scenario: "", localPort: port, timeoutSec: 30 });
  await callee.sipp.ready();
  return callee;
}

/** A caller from `localPort` calling `user` through the proxy at `proxyPort`. */
export function timedCaller(dir: string, proxyPort: number, localPort: number, user: string): Promise<TimedSipp> {
  return timed(dir, "caller", stampedCaller(), { scenario: "", remote: { port: proxyPort }, localPort, service: user, timeoutSec: 30 });
}
