/**
 * Raw SIP over UDP for tests: probe a server with OPTIONS until it answers, and send one
 * hand-written request and read the final response (for checks such as "Kamailio answers an
 * unauthenticated INVITE with 407"). Loopback only, every wait bounded.
 */
import { randomBytes } from "node:crypto";
import { createSocket, type Socket } from "node:dgram";
import { LOOPBACK, PROBE_INTERVAL_MS, type WaitOptions } from "./ports.js";

export interface Endpoint {
  host: string;
  port: number;
}

/** A fresh token for branch, tag and Call-ID values. */
export function sipToken(): string {
  return randomBytes(8).toString("hex");
}

/** A minimal OPTIONS request to host:port, sent from `from`; fresh branch and Call-ID each call. */
export function optionsProbe(host: string, port: number, from: Endpoint): string {
  const id = sipToken();
  return [
    `OPTIONS sip:${host}:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP ${from.host}:${from.port};branch=z9hG4bK-probe-${id};rport`,
    "Max-Forwards: 70",
    `From: <sip:probe@${from.host}:${from.port}>;tag=${id}`,
    `To: <sip:${host}:${port}>`,
    `Call-ID: probe-${id}@${from.host}`,
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

async function openSocket(localPort: number): Promise<Socket> {
  const socket = createSocket("udp4");
  // ICMP port unreachable can surface as a socket error: the caller's deadline handles silence.
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ address: LOOPBACK, port: localPort }, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return socket;
}

/**
 * Sends `request(local)` every `resendMs` until a datagram comes back from host:port that
 * `accept` takes, and resolves with its text. Rejects after `timeoutMs`.
 */
async function exchange(options: {
  host: string;
  port: number;
  localPort: number;
  request: (local: Endpoint) => string;
  accept: (reply: string) => boolean;
  resendMs: number | undefined;
  timeoutMs: number;
}): Promise<string> {
  const socket = await openSocket(options.localPort);
  const local: Endpoint = { host: LOOPBACK, port: socket.address().port };
  let interval: NodeJS.Timeout | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<string>((resolve, reject) => {
      const send = (): void => socket.send(options.request(local), options.port, options.host);
      if (options.resendMs !== undefined) interval = setInterval(send, options.resendMs);
      timer = setTimeout(
        () => reject(new Error(`no SIP answer from udp ${options.host}:${options.port} within ${options.timeoutMs} ms`)),
        options.timeoutMs,
      );
      socket.on("message", (data, from) => {
        if (from.port !== options.port) return;
        const text = data.toString("utf8");
        if (options.accept(text)) resolve(text);
      });
      send();
    });
  } finally {
    clearInterval(interval);
    clearTimeout(timer);
    socket.close();
  }
}

export interface SipProbeOptions extends WaitOptions {
  /** Only an answer containing this text counts (tells one server from another on a shared port). */
  answerContains?: string;
}

/**
 * Resolves once host:port answers an OPTIONS over UDP, probing every 100 ms. Do not use on a
 * SIPp scenario's port: SIPp would count the probe as an unexpected message; use
 * SippHandle.ready() there.
 */
export async function waitForSipUdp(port: number, options: SipProbeOptions = {}): Promise<void> {
  const expected = options.answerContains;
  await exchange({
    host: options.host ?? LOOPBACK,
    port,
    localPort: 0,
    request: (local) => optionsProbe(options.host ?? LOOPBACK, port, local),
    accept: (reply) => expected === undefined || reply.includes(expected),
    resendMs: PROBE_INTERVAL_MS * 2,
    timeoutMs: options.timeoutMs ?? 10_000,
  });
}

export interface SipUdpRequest {
  /** Server port on `host` (default 127.0.0.1). */
  port: number;
  host?: string;
  /** Local port to send from (e.g. one listed in Kamailio's trustedPeers); free when omitted. */
  localPort?: number;
  /** Builds the request text; `local` is the address it is sent from, for Via and Contact. */
  request: (local: Endpoint) => string;
  timeoutMs?: number;
}

/** Sends one request once and resolves with the first final (non-1xx) response's text. */
export function sendSipUdp(options: SipUdpRequest): Promise<string> {
  return exchange({
    host: options.host ?? LOOPBACK,
    port: options.port,
    localPort: options.localPort ?? 0,
    request: options.request,
    accept: (reply) => /^SIP\/2\.0 [2-6]\d\d /.test(reply),
    resendMs: undefined,
    timeoutMs: options.timeoutMs ?? 5_000,
  });
}

/** The status code of a response's text, or undefined if it is not a response. */
export function statusOf(response: string): number | undefined {
  const match = /^SIP\/2\.0 (\d{3}) /.exec(response);
  return match === null ? undefined : Number(match[1]);
}
