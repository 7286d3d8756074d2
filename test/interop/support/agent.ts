/**
 * Starts our SIP user agent for interop tests: real clock, real sockets on
 * loopback, one account per entry, logs kept in memory (printed when a test fails).
 */
import { onTestFailed } from "vitest";
import type { IncomingCall } from "../../../src/sip/session/index.js";
import type { Account, AccountSettings } from "../../../src/sip/ua/account.js";
import { UserAgent } from "../../../src/sip/ua/user-agent.js";
import type { RegistrationState } from "../../../src/sip/registration/index.js";
import type { TransportLayerOptions } from "../../../src/sip/transport/transport-layer.js";
import { RealClock } from "../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../src/util/log.js";
import { RecordingUser } from "./calls.js";

export interface TestAccount {
  user: string;
  password: string;
  registrarPort: number;
  protocol?: "udp" | "tcp" | "tls";
  expiresSec?: number;
  keepAlive?: AccountSettings["keepAlive"];
  /** Register at all (default true). */
  register?: boolean;
}

export function accountSettings(a: TestAccount, index = 0): AccountSettings {
  const protocol = a.protocol ?? "udp";
  const registrar = { scheme: "sip" as const, user: undefined, password: undefined, host: "127.0.0.1", port: a.registrarPort, params: {}, headers: {} };
  return {
    id: `line${index}`,
    aor: { ...registrar, user: a.user },
    registrar,
    authUser: a.user,
    password: a.password,
    displayName: `Test ${a.user}`,
    protocol,
    registerExpiresSec: a.register === false ? 0 : a.expiresSec ?? 60,
    keepAlive: a.keepAlive ?? { mode: "off", intervalMs: 30_000 },
  };
}

/** An incoming call, with the recording user attached to it as it arrived. */
export interface Incoming {
  account: Account;
  call: IncomingCall;
  user: RecordingUser;
}

export interface StartedAgent {
  ua: UserAgent;
  sink: MemorySink;
  /** Resolves with the next incoming call (or the oldest one not yet taken). */
  nextIncoming(): Promise<Incoming>;
  stop(): Promise<void>;
}

export async function startAgent(options: {
  accounts: TestAccount[];
  tls?: TransportLayerOptions["tls"];
  /** Print our log when the current test fails; false when started outside a test (beforeAll). */
  dumpLogOnFailure?: boolean;
}): Promise<StartedAgent> {
  const sink = new MemorySink();
  const logs = new Logs(sink.sink, "debug");
  const unclaimed: Incoming[] = [];
  const waiters: Array<(c: Incoming) => void> = [];
  const listen: Pick<TransportLayerOptions, "udp" | "tcp" | "tls"> = {
    udp: { address: "127.0.0.1", port: 0 },
    tcp: { address: "127.0.0.1", port: 0 },
  };
  if (options.tls) listen.tls = options.tls;
  const ua = new UserAgent({
    clock: new RealClock(), logs, listen, userAgent: "dialtone-interop",
    accounts: options.accounts.map((a, i) => accountSettings(a, i)),
    onIncoming: (account, call) => {
      const entry = { account, call, user: new RecordingUser() };
      call.attach(entry.user);
      const waiter = waiters.shift();
      if (waiter) waiter(entry);
      else unclaimed.push(entry);
    },
  });
  if (options.dumpLogOnFailure !== false) {
    onTestFailed(() => {
      process.stdout.write(`--- dialtone log ---\n${sink.records.slice(-200).map((r) => `${r.level} ${r.category}${r.id ? `[${r.id}]` : ""} ${r.message}`).join("\n")}\n`);
    });
  }
  await ua.start();
  return {
    ua, sink,
    nextIncoming: () => {
      const ready = unclaimed.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiters.push(resolve));
    },
    stop: () => ua.stop(),
  };
}

/** Resolves when the account's registration reaches `state`; rejects on deadline. */
export function waitForRegistration(account: Account, state: RegistrationState, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (account.registrationState === state) return resolve();
    const timer = setTimeout(() => {
      off?.();
      reject(new Error(`registration stayed ${account.registrationState}, wanted ${state} within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = account.registration?.onChange((s) => {
      if (s !== state) return;
      clearTimeout(timer);
      off?.();
      resolve();
    });
  });
}

/** Polls `probe` until it returns true; rejects on deadline. For state held by a peer process. */
export async function eventually(probe: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}
