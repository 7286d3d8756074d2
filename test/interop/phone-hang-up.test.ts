/**
 * Hanging up from either side at every state of a basic call, end to end: the built agent on
 * the simulated board, registered to Kamailio, SIPp behind it as the far phone. The handset
 * hangs up during dial tone, while collecting digits, during ringback (SIPp gets CANCEL) and
 * while talking (SIPp gets BYE); the far end gives up while the handset rings (CANCEL: the bell
 * stops, Idle) and hangs up while talking (BYE: reorder until the handset hangs up). After each,
 * the port is Idle and the process holds as many UDP sockets and timers (/api/status
 * `resources`: UDPWrap, Timeout) as before the call, probed until a bound: short SIP timers
 * (T1 100 ms) end most transactions' wait timers within seconds, but Timer D, kept after a
 * non-2xx final to an INVITE, is at least 32 s on UDP (RFC 3261 §17.1.1.2), so the call
 * cancelled with 487 is given 40 s; Kamailio trusts 127.0.0.1, so our INVITEs get no 407
 * (which would start a Timer D for every call). Not covered: flash, hold, transfer
 * (features-spec.md), TCP.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ALERTING_QUIET_MS } from "../../board/sim/index.js";
import { freePorts, startKamailio, startSipp, stopAllPeers, type KamailioHandle, type SippHandle, type SippResult } from "./peers/index.js";
import { cancellingCaller, ringThenCancelBehindProxy, writeScenario } from "./support/phone-scenarios.js";
import { probeUntil, startSimPhoneAgent, type SimPhoneAgent } from "./support/sim-phone-agent.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
/** Timer J and M are 64·T1 = 6.4 s; Timer K is T4. */
const SIP_TIMERS = { T1Ms: 100, T2Ms: 400, T4Ms: 500 };
const SETTLE_MS = 15_000;
const TIMER_D_SETTLE_MS = 40_000;
let dir: string;
let kamailio: KamailioHandle;
let agent: SimPhoneAgent;
let ports: { ringing: number; answering: number; hangingUp: number; caller: number };

beforeAll(async () => {
  const [ringing, answering, hangingUp, caller] = (await freePorts(4)) as [number, number, number, number];
  ports = { ringing, answering, hangingUp, caller };
  dir = mkdtempSync(join(tmpdir(), "dialtone-hang-up-"));
  kamailio = await startKamailio({
    users: [ACCOUNT],
    trustedPeers: [{ address: "127.0.0.1" }],
    staticRoutes: { "2180": `sip:127.0.0.1:${ringing}`, "2200": `sip:127.0.0.1:${answering}`, "2201": `sip:127.0.0.1:${hangingUp}` },
  });
  agent = await startSimPhoneAgent({ registrarPort: kamailio.udpPort, account: ACCOUNT, dialPlan: "(xxxx)", sipTimers: SIP_TIMERS });
});

afterAll(async () => {
  agent?.stop();
  await stopAllPeers();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Counts = { UDPWrap: number; Timeout: number };

async function counts(): Promise<Counts> {
  const { resources } = await agent.status();
  return { UDPWrap: resources.UDPWrap ?? 0, Timeout: resources.Timeout ?? 0 };
}

/**
 * The idle process's counts: two readings that agree, further apart than a registration
 * refresh's transaction lives (Timer K, T4 500 ms), so neither is taken mid-refresh.
 */
async function idleCounts(): Promise<Counts> {
  let stable: Counts | undefined;
  let last: Counts | undefined;
  await probeUntil(async () => {
    const first = await counts();
    await new Promise((resolve) => setTimeout(resolve, SIP_TIMERS.T4Ms + 200));
    last = await counts();
    if (first.UDPWrap !== last.UDPWrap || first.Timeout !== last.Timeout) return false;
    stable = last;
    return true;
  }, () => `steady resource counts (last ${JSON.stringify(last)})`);
  return stable!;
}

/** Runs `call` from Idle; then the port must be Idle again with the counts it had before. */
async function leavesNothingBehind(call: () => Promise<void>, settleMs = SETTLE_MS): Promise<void> {
  expect(await agent.lineState()).toBe("Idle");
  const before = await idleCounts();
  await call();
  await agent.waitForState(0, "Idle");
  let after: Counts | undefined;
  await probeUntil(async () => {
    after = await counts();
    return after.UDPWrap === before.UDPWrap && after.Timeout === before.Timeout;
  }, () => `resources back to ${JSON.stringify(before)} (now ${JSON.stringify(after)})\n${agent.output().slice(-3000)}`, settleMs);
}

async function liftAndDial(digits: string): Promise<void> {
  await agent.hook(0, true);
  await agent.waitForState(0, "DialTone");
  await agent.dial(0, digits);
}

async function sippUas(scenario: string, port: number, pauseMs?: number): Promise<SippHandle> {
  const uas = await startSipp({ scenario, localPort: port, ...(pauseMs === undefined ? {} : { pauseMs }) });
  await uas.ready();
  return uas;
}

const received = (result: SippResult): string[] => result.messages.filter((m) => m.direction === "received").map((m) => m.firstLine.split(" ")[0]!);

it("hangs up during dial tone", async () => {
  await leavesNothingBehind(async () => {
    await agent.hook(0, true);
    await agent.waitForState(0, "DialTone");
    await agent.hook(0, false);
  });
});

it("hangs up while collecting digits", async () => {
  await leavesNothingBehind(async () => {
    await liftAndDial("2");
    await agent.waitForState(0, "Collecting");
    await agent.hook(0, false);
  });
});

it("hangs up during ringback: the far end gets CANCEL", async () => {
  const uas = await sippUas(writeScenario(dir, "ring-then-cancel", ringThenCancelBehindProxy()), ports.ringing);
  await leavesNothingBehind(async () => {
    await liftAndDial("2180");
    await agent.waitForState(0, "Ringback");
    await agent.hook(0, false);
  }, TIMER_D_SETTLE_MS);
  const result = await uas.done;
  expect(result.ok, result.errors).toBe(true);
  expect(received(result)).toEqual(["INVITE", "CANCEL", "ACK"]);
}, 60_000);

it("hangs up while talking: the far end gets BYE", async () => {
  const uas = await sippUas("uas-answer.xml", ports.answering);
  await leavesNothingBehind(async () => {
    await liftAndDial("2200");
    await agent.waitForState(0, "Talking");
    // The call's RTP and RTCP sockets are what must go again.
    expect((await counts()).UDPWrap).toBe(3);
    await agent.hook(0, false);
  });
  const result = await uas.done;
  expect(result.ok, result.errors).toBe(true);
  expect(received(result)).toEqual(["INVITE", "ACK", "BYE"]);
});

it("the caller gives up while the handset rings: CANCEL stops the bell, Idle", async () => {
  await leavesNothingBehind(async () => {
    const caller = await startSipp({
      scenario: writeScenario(dir, "cancelling-caller", cancellingCaller()), remote: { port: kamailio.udpPort },
      localPort: ports.caller, service: ACCOUNT.user, pauseMs: 1500,
    });
    await agent.waitForState(0, "Ringing");
    await probeUntil(async () => (await agent.handset(0)).bell, () => "the bell rings", 5_000);
    const result = await caller.done;
    expect(result.ok, result.errors).toBe(true);
    await agent.waitForState(0, "Idle");
    expect(await agent.handset(0)).toMatchObject({ bell: false, offHook: false });
    // The handset calls it ringing until the line has been quiet longer than a ring cadence's silence.
    await probeUntil(async () => !(await agent.handset(0)).ringing, () => "the handset's ringing ends", ALERTING_QUIET_MS + 2_000);
  });
});

it("the far end hangs up while talking: BYE leaves reorder, the handset hanging up leaves Idle", async () => {
  const uas = await sippUas("uas-answer-hangup.xml", ports.hangingUp, 1000);
  await leavesNothingBehind(async () => {
    await liftAndDial("2201");
    await agent.waitForState(0, "Talking");
    await agent.waitForState(0, "Reorder");
    await agent.hook(0, false);
  });
  const result = await uas.done;
  expect(result.ok, result.errors).toBe(true);
});
