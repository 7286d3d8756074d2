/**
 * Loopback ports for real peers: pick ports that are free for UDP and TCP at once, and wait
 * until a peer answers on one, by probing with a deadline (never a fixed sleep). SIP-level
 * probes (OPTIONS over UDP) are in sip-udp.ts.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { readFile } from "node:fs/promises";
import { createServer, connect, type Server } from "node:net";
import { setTimeout as delay } from "node:timers/promises";

export const LOOPBACK = "127.0.0.1";

/** Time between two probes of a port that did not answer yet. */
export const PROBE_INTERVAL_MS = 50;
const MAX_PICK_ATTEMPTS = 50;

interface HeldPort {
  port: number;
  release(): Promise<void>;
}

/** Binds port 0 on TCP, then the same number on UDP; retries when UDP has it taken. */
async function holdPort(host: string): Promise<HeldPort> {
  for (let attempt = 0; attempt < MAX_PICK_ATTEMPTS; attempt++) {
    const server = await listenTcp(host);
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("TCP server has no port");
    const udp = await bindUdp(host, address.port).catch(() => undefined);
    if (udp !== undefined) {
      return {
        port: address.port,
        release: async () => {
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await new Promise<void>((resolve) => udp.close(() => resolve()));
        },
      };
    }
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  throw new Error(`no port free for both UDP and TCP on ${host} after ${MAX_PICK_ATTEMPTS} attempts`);
}

function listenTcp(host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen({ host, port: 0, exclusive: true }, () => resolve(server));
  });
}

function bindUdp(host: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", (error) => {
      socket.close();
      reject(error);
    });
    socket.bind({ address: host, port, exclusive: true }, () => resolve(socket));
  });
}

/** Returns `count` distinct ports, each free on `host` for both UDP and TCP when returned. */
export async function freePorts(count: number, host: string = LOOPBACK): Promise<number[]> {
  const held: HeldPort[] = [];
  try {
    for (let i = 0; i < count; i++) held.push(await holdPort(host));
    return held.map((h) => h.port);
  } finally {
    await Promise.all(held.map((h) => h.release()));
  }
}

/** Below Linux's default ephemeral range (32768+), so port-0 binds elsewhere never land in a block. */
const BLOCK_RANGE = { low: 20000, high: 32000 };

/**
 * Returns the first of `count` consecutive ports free for UDP on `host`, for peers that bind
 * several ports from one base (SIPp's -mp binds audio and video RTP from it).
 */
export async function freeUdpBlock(count: number, host: string = LOOPBACK): Promise<number> {
  for (let attempt = 0; attempt < MAX_PICK_ATTEMPTS; attempt++) {
    const span = BLOCK_RANGE.high - BLOCK_RANGE.low - count;
    const base = BLOCK_RANGE.low + Math.floor(Math.random() * span);
    const held: UdpSocket[] = [];
    try {
      for (let i = 0; i < count; i++) held.push(await bindUdp(host, base + i));
      return base;
    } catch {
      continue;
    } finally {
      await Promise.all(held.map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))));
    }
  }
  throw new Error(`no block of ${count} free UDP ports on ${host} after ${MAX_PICK_ATTEMPTS} attempts`);
}

/** Returns one port free on `host` for both UDP and TCP. */
export async function freePort(host: string = LOOPBACK): Promise<number> {
  const [port] = await freePorts(1, host);
  return port as number;
}

export interface WaitOptions {
  host?: string;
  /** Give up after this long; the error names the port. Default 10 s. */
  timeoutMs?: number;
}

/** Resolves once a TCP connect to host:port succeeds (the connection is closed at once). */
export async function waitForTcp(port: number, options: WaitOptions = {}): Promise<void> {
  const host = options.host ?? LOOPBACK;
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let lastError = "no attempt";
  while (Date.now() < deadline) {
    const outcome = await tryConnect(host, port, deadline - Date.now());
    if (outcome === true) return;
    lastError = outcome;
    await delay(PROBE_INTERVAL_MS);
  }
  throw new Error(`nothing accepted TCP connections on ${host}:${port} in time (last: ${lastError})`);
}

function tryConnect(host: string, port: number, timeoutMs: number): Promise<true | string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(Math.max(timeoutMs, 1), () => {
      socket.destroy();
      resolve("timeout");
    });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", (error) => resolve(error.message));
  });
}

/**
 * Resolves once some process holds `port` on loopback (a bound UDP socket, or a listening
 * TCP socket), read from /proc/net without touching the port. For peers that must not
 * receive probes (SIPp running a scenario).
 */
export async function waitForBound(port: number, protocol: "udp" | "tcp", options: WaitOptions = {}): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (Date.now() < deadline) {
    if (await isBound(port, protocol)) return;
    await delay(PROBE_INTERVAL_MS);
  }
  throw new Error(`nothing bound ${protocol} port ${port} in time`);
}

const TCP_LISTEN = "0A";

async function isBound(port: number, protocol: "udp" | "tcp"): Promise<boolean> {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  for (const table of [protocol, `${protocol}6`]) {
    const text = await readFile(`/proc/net/${table}`, "utf8").catch(() => "");
    for (const line of text.split("\n").slice(1)) {
      const columns = line.trim().split(/\s+/);
      const local = columns[1];
      if (local === undefined || !local.endsWith(`:${hexPort}`)) continue;
      if (protocol === "udp" || columns[3] === TCP_LISTEN) return true;
    }
  }
  return false;
}
