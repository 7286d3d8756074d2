/**
 * A real Kamailio registrar and proxy on loopback for interop tests: static digest users,
 * registrations in memory, UDP + TCP (same port) and optional TLS. See kamailio-config.ts for
 * what the script does. Readiness is probed (OPTIONS over UDP, TCP connects), never slept.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { requireProgram } from "./binaries.js";
import { makeTestCerts, type TestCerts } from "./certs.js";
import { renderKamailioConfig, type KamailioUser, type TrustedPeer } from "./kamailio-config.js";
import { PeerProcess } from "./peer-process.js";
import { freePorts, LOOPBACK, waitForTcp } from "./ports.js";
import { waitForSipUdp } from "./sip-udp.js";

export type { KamailioUser, TrustedPeer } from "./kamailio-config.js";

const MODULES_DIR = "/usr/lib/x86_64-linux-gnu/kamailio/modules";
const KAMCMD_TIMEOUT_MS = 5_000;
const run = promisify(execFile);

export interface KamailioOptions {
  users: KamailioUser[];
  /** Digest realm of every challenge; also a local domain. Default "dialtone.test". */
  realm?: string;
  /** UDP and TCP listen on the same port unless both are given. Chosen free if omitted. */
  udpPort?: number;
  tcpPort?: number;
  tlsPort?: number;
  /** Listen for TLS too: with these certificates, or `true` to make a throwaway CA and cert. */
  tls?: TestCerts | true;
  /** Registrar expiry bounds in seconds. Defaults: min 10, max 3600, default 300. */
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
  /** Answer 423 Interval Too Brief (with Min-Expires) below minExpires, instead of raising it. */
  rejectBriefExpires?: boolean;
  /** Offer qop="auth" in challenges. Default true. */
  qop?: boolean;
  /** Sources relayed without proxy authentication, e.g. a SIPp UAC. */
  trustedPeers?: TrustedPeer[];
  /** R-URI user → URI of a peer that does not register: { "2000": "sip:127.0.0.1:5070" }. */
  staticRoutes?: Record<string, string>;
  /** Record-Route initial INVITE/SUBSCRIBE. Default true. */
  recordRoute?: boolean;
  /** Kamailio debug level (-5..3). Default 2 (info); 3 logs every message's routing. */
  logLevel?: number;
  /** Bound on start and restart. Default 10 s. */
  startTimeoutMs?: number;
}

export interface Binding {
  contact: string;
  /** Seconds left, as Kamailio reports them; undefined if it printed no number. */
  expiresSec: number | undefined;
}

export interface KamailioHandle {
  readonly host: string;
  readonly udpPort: number;
  readonly tcpPort: number;
  /** Undefined unless started with `tls`. */
  readonly tlsPort: number | undefined;
  readonly realm: string;
  /** The certificates Kamailio serves (trust `caCertPem`), when TLS is on. */
  readonly certs: TestCerts | undefined;
  readonly configPath: string;
  /** Ends Kamailio and all its workers, waits for exit, deletes its files. Idempotent. */
  stop(): Promise<void>;
  /** Stops and starts again on the same ports; registrations are lost. */
  restart(): Promise<void>;
  /** Kamailio's log output since the current process started. */
  logs(): string;
  /** True when `user` has at least one unexpired binding in the location table. */
  registered(user: string): Promise<boolean>;
  /** The user's current bindings, read through kamcmd (ul.lookup). */
  bindings(user: string): Promise<Binding[]>;
}

export async function startKamailio(options: KamailioOptions): Promise<KamailioHandle> {
  const kamailio = requireProgram("kamailio");
  const kamcmd = requireProgram("kamcmd");
  if (options.tls !== undefined && !existsSync(join(MODULES_DIR, "tls.so"))) {
    throw new Error("kamailio TLS module not found: run `sudo apt-get install kamailio-tls-modules` (or scripts/install-test-deps.sh)");
  }
  const [sharedPort, tlsFree] = await freePorts(2);
  const udpPort = options.udpPort ?? options.tcpPort ?? (sharedPort as number);
  const tcpPort = options.tcpPort ?? udpPort;
  const certs = options.tls === true ? await makeTestCerts() : options.tls;
  const tlsPort = certs === undefined ? undefined : (options.tlsPort ?? (tlsFree as number));
  const realm = options.realm ?? "dialtone.test";
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;

  const dir = await mkdtemp(join(tmpdir(), "dialtone-kamailio-"));
  const configPath = join(dir, "kamailio.cfg");
  const ctlSocket = join(dir, "ctl.sock");
  // Kamailio binds UDP with SO_REUSEADDR, so another process may share the port: only an
  // answer carrying this instance's token proves this instance is up.
  const keepaliveReason = `Keepalive-${randomBytes(6).toString("hex")}`;
  await writeFile(
    configPath,
    renderKamailioConfig({
      users: options.users,
      realm,
      udpPort,
      tcpPort,
      ...(certs === undefined || tlsPort === undefined
        ? {}
        : { tls: { port: tlsPort, certPath: certs.certPath, keyPath: certs.keyPath, caCertPath: certs.caCertPath } }),
      minExpiresSec: options.minExpires ?? 10,
      maxExpiresSec: options.maxExpires ?? 3600,
      defaultExpiresSec: options.defaultExpires ?? 300,
      rejectBriefExpires: options.rejectBriefExpires ?? false,
      qop: options.qop ?? true,
      trustedPeers: options.trustedPeers ?? [],
      staticRoutes: options.staticRoutes ?? {},
      recordRoute: options.recordRoute ?? true,
      keepaliveReason,
      ctlSocket,
      modulesDir: MODULES_DIR,
      logLevel: options.logLevel ?? 2,
    }),
  );

  let current: PeerProcess | undefined;
  let stopped = false;

  const launch = async (): Promise<void> => {
    const peer = new PeerProcess({
      name: "kamailio",
      command: kamailio,
      args: ["-DD", "-E", "-f", configPath, "-Y", dir, "-w", dir, "-m", "48", "-M", "8"],
      cwd: dir,
    });
    current = peer;
    const exitedEarly = peer.exited.then((exit) => {
      throw new Error(`kamailio exited during start (code ${exit.exitCode}, signal ${exit.signal}):\n${peer.logs()}`);
    });
    const ready = (async () => {
      await waitForSipUdp(udpPort, { timeoutMs: startTimeoutMs, answerContains: keepaliveReason });
      await waitForTcp(tcpPort, { timeoutMs: startTimeoutMs });
      if (tlsPort !== undefined) await waitForTcp(tlsPort, { timeoutMs: startTimeoutMs });
    })();
    try {
      await Promise.race([ready, exitedEarly]);
    } catch (error) {
      const exitedFirst = peer.exitStatus !== undefined;
      await peer.stop();
      if (exitedFirst) throw error;
      throw new Error(`kamailio not ready: ${(error as Error).message}\n${peer.logs()}`);
    }
  };

  const lookup = async (user: string): Promise<Binding[]> => {
    if (!/^[A-Za-z0-9._~+-]+$/.test(user)) throw new Error(`not a user name this helper looks up: ${user}`);
    const { stdout, stderr } = await run(kamcmd, ["-s", `unix:${ctlSocket}`, "ul.lookup", "location", `s:${user}`], {
      timeout: KAMCMD_TIMEOUT_MS,
    });
    const text = stdout + stderr;
    if (/AOR not found/i.test(text)) return [];
    if (/^error/im.test(text)) throw new Error(`kamcmd ul.lookup ${user} failed: ${text}`);
    return parseBindings(text);
  };

  try {
    await launch();
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    if (options.tls === true) await certs?.remove();
    throw error;
  }
  return {
    host: LOOPBACK,
    udpPort,
    tcpPort,
    tlsPort,
    realm,
    certs,
    configPath,
    logs: () => current?.logs() ?? "",
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await current?.stop();
      await rm(dir, { recursive: true, force: true });
      if (options.tls === true) await certs?.remove();
    },
    restart: async () => {
      if (stopped) throw new Error("kamailio handle already stopped");
      await current?.stop();
      await launch();
    },
    registered: async (user) => (await lookup(user)).some((b) => b.expiresSec === undefined || b.expiresSec > 0),
    bindings: lookup,
  };
}

/** Reads the Contact and Expires lines of kamcmd's ul.lookup tree output. */
export function parseBindings(text: string): Binding[] {
  const bindings: Binding[] = [];
  for (const line of text.split("\n")) {
    const contact = /^\s*Address:\s*(\S+)/.exec(line);
    if (contact !== null) {
      bindings.push({ contact: contact[1] as string, expiresSec: undefined });
      continue;
    }
    const expires = /^\s*Expires:\s*(-?\d+)/.exec(line);
    const last = bindings[bindings.length - 1];
    if (expires !== null && last !== undefined && last.expiresSec === undefined) last.expiresSec = Number(expires[1]);
  }
  return bindings;
}
