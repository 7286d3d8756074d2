/**
 * One timed start of a SIP client: t0 just before spawn, then through a UdpRelay the first
 * REGISTER on the wire and the first 2xx to REGISTER, and the client's own "registered"
 * line on stdout. Afterwards SIGTERM, and the process is awaited (both clients un-register
 * on the way out, through the same relay). Every wait is bounded.
 */
import { spawn } from "node:child_process";
import type { StartupClient } from "./startup-clients.js";
import { UdpRelay, type Upstream } from "./udp-relay.js";

const STOP_TIMEOUT_MS = 10_000;
const KILL_TIMEOUT_MS = 2_000;
const MAX_OUTPUT_CHARS = 200_000;

export interface StartupSample {
  /** Milliseconds from t0 to the first REGISTER datagram reaching the relay. */
  firstRegisterMs: number;
  /** Milliseconds from t0 to the first 2xx to REGISTER reaching the relay. */
  registeredMs: number;
  /** Milliseconds from t0 to the client's "registered" line on stdout. */
  ownLineMs: number;
  /** REGISTER requests sent up to the one accepted (2 with a digest challenge). */
  registers: number;
}

/** Rejects with a message naming the client and showing its output when a figure is missing. */
export async function measureStartup(client: StartupClient, registrar: Upstream, dir: string, timeoutMs: number): Promise<StartupSample> {
  const relay = await UdpRelay.open(registrar);
  try {
    const launch = client.prepare(dir, relay.port);
    let output = "";
    let ownLineAt: bigint | undefined;
    let sawLine: () => void = () => undefined;
    const lineSeen = new Promise<void>((resolve) => { sawLine = resolve; });

    const t0 = process.hrtime.bigint();
    const child = spawn(launch.command, launch.args, { env: launch.env, stdio: ["ignore", "pipe", "pipe"] });
    const onOutput = (chunk: Buffer): void => {
      const at = process.hrtime.bigint();
      if (output.length < MAX_OUTPUT_CHARS) output += chunk.toString("utf8");
      if (ownLineAt === undefined && client.registeredLine.test(output)) {
        ownLineAt = at;
        sawLine();
      }
    };
    child.stdout.on("data", onOutput);
    child.stderr.on("data", onOutput);
    const exited = new Promise<string>((resolve) => {
      child.once("error", (error) => resolve(`could not start: ${error.message} (${client.install})`));
      child.once("close", (code, signal) => resolve(`exited (code ${code}, signal ${signal})`));
    });

    const deadline = new Promise<string>((resolve) => setTimeout(() => resolve(`not registered within ${timeoutMs} ms`), timeoutMs).unref());
    const registered = Promise.all([relay.waitRegistered(timeoutMs), lineSeen]).then(() => "");
    const problem = await Promise.race([registered, exited, deadline]);

    const stopProblem = await stop(child, exited);
    const fail = problem || (stopProblem === "" ? "" : `after registering, ${stopProblem}`);
    if (fail !== "" || relay.firstRegisterAt === undefined || relay.registeredAt === undefined || ownLineAt === undefined) {
      throw new Error(`${client.name} (user ${client.user}): ${fail || "a figure is missing"}; output:\n${output.slice(-3000)}`);
    }
    const ms = (at: bigint): number => Number(at - t0) / 1e6;
    return {
      firstRegisterMs: ms(relay.firstRegisterAt),
      registeredMs: ms(relay.registeredAt),
      ownLineMs: ms(ownLineAt),
      registers: relay.registersBeforeOk,
    };
  } finally {
    await relay.close();
  }
}

/** SIGTERM, then SIGKILL if it has not exited in time; "" when it exited on SIGTERM. */
async function stop(child: ReturnType<typeof spawn>, exited: Promise<string>): Promise<string> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return "";
  child.kill("SIGTERM");
  const bounded = (ms: number): Promise<string | undefined> =>
    Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref())]);
  if ((await bounded(STOP_TIMEOUT_MS)) !== undefined) return "";
  child.kill("SIGKILL");
  await bounded(KILL_TIMEOUT_MS);
  return `did not exit within ${STOP_TIMEOUT_MS} ms of SIGTERM (killed)`;
}
