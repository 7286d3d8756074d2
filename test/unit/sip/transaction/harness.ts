/**
 * Shared set-up for the transaction tests: a FakeClock, the FakeTransport wired
 * to a TransactionLayer, recording users, and builders for the messages a
 * far-end phone would send. Not a test file itself.
 */
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { createResponse, Headers, type SipRequest, type SipResponse } from "../../../../src/sip/message/index.js";
import { FakeTransport } from "../../../../src/sip/transaction/testing/fake-transport.js";
import { TransactionLayer } from "../../../../src/sip/transaction/transaction-layer.js";
import type {
  ClientTransactionUser, ServerTransaction, TransactionLayerUser,
} from "../../../../src/sip/transaction/types.js";
import type { Endpoint, Protocol, Source, TransportError } from "../../../../src/sip/transport/types.js";

export const PEER: Endpoint = { protocol: "udp", address: "192.0.2.20", port: 5060 };

export function peerSource(protocol: Protocol = "udp", address = PEER.address): Source {
  return { protocol, address, port: PEER.port, connectionId: protocol === "udp" ? undefined : "c1", local: { protocol, address: "192.0.2.10", port: 5060 } };
}

export interface RequestOptions {
  method?: string;
  branch?: string;
  /** Host of the top Via's sent-by. */
  viaHost?: string;
  protocol?: Protocol;
  uri?: string;
  cseq?: number;
  callId?: string;
  fromTag?: string;
  toTag?: string;
  extra?: Array<[string, string]>;
}

/** A request as a UA would build it; INVITE by default, from us (192.0.2.10) to bob. */
export function request(options: RequestOptions = {}): SipRequest {
  const method = options.method ?? "INVITE";
  const transport = (options.protocol ?? "udp").toUpperCase();
  const branch = options.branch === undefined ? "z9hG4bKtest1" : options.branch;
  const via = `SIP/2.0/${transport} ${options.viaHost ?? "192.0.2.10"}:5060${branch ? `;branch=${branch}` : ""}`;
  const to = `<sip:bob@example.net>${options.toTag ? `;tag=${options.toTag}` : ""}`;
  const headers = new Headers([
    ["Via", via],
    ["Max-Forwards", "70"],
    ["From", `"Alice" <sip:alice@example.com>;tag=${options.fromTag ?? "a1"}`],
    ["To", to],
    ["Call-ID", options.callId ?? "call-1@192.0.2.10"],
    ["CSeq", `${options.cseq ?? 1} ${method}`],
    ...(options.extra ?? []),
  ]);
  return { type: "request", method, uri: options.uri ?? "sip:bob@example.net", version: "SIP/2.0", headers, body: Buffer.alloc(0) };
}

/** A response to `req` as the far end would send it (To tag added for anything but 100). */
export function reply(req: SipRequest, status: number, toTag = "b1"): SipResponse {
  return createResponse(req, status, status === 100 ? {} : { toTag });
}

export interface ClientEvents extends ClientTransactionUser {
  readonly log: string[];
  readonly responses: SipResponse[];
}

/** A ClientTransactionUser that writes what happened, with the time, into `log`. */
export function clientUser(clock: FakeClock): ClientEvents {
  const log: string[] = [];
  const responses: SipResponse[] = [];
  return {
    log,
    responses,
    onResponse: (r) => { responses.push(r); log.push(`${clock.now()} response ${r.status}`); },
    onTimeout: () => log.push(`${clock.now()} timeout`),
    onTransportError: (e) => log.push(`${clock.now()} transport error ${e.message}`),
  };
}

export interface LayerEvents extends TransactionLayerUser {
  readonly log: string[];
  readonly requests: Array<{ request: SipRequest; transaction: ServerTransaction | undefined }>;
  /** Set to answer each new request from inside onRequest (synchronously, as a quick TU would). */
  answer: ((request: SipRequest, transaction: ServerTransaction) => void) | undefined;
}

function layerUser(clock: FakeClock): LayerEvents {
  const log: string[] = [];
  const requests: LayerEvents["requests"] = [];
  const user: LayerEvents = {
    log,
    requests,
    answer: undefined,
    onRequest: (r, t) => {
      requests.push({ request: r, transaction: t });
      log.push(`${clock.now()} request ${r.method}${t ? "" : " (no transaction)"}`);
      if (t && user.answer) user.answer(r, t);
    },
    onStrayResponse: (r) => log.push(`${clock.now()} stray ${r.status}`),
    onServerTimeout: (t) => log.push(`${clock.now()} server timeout ${t.request.method}`),
    onServerTransportError: (t, e: TransportError) => log.push(`${clock.now()} server transport error ${t.request.method} ${e.message}`),
  };
  return user;
}

export interface Harness {
  clock: FakeClock;
  transport: FakeTransport;
  layer: TransactionLayer;
  user: LayerEvents;
  sink: MemorySink;
  /** Times (ms) at which messages with this start line were sent, e.g. "INVITE" or "486". */
  sendTimes(what: string): number[];
}

export function harness(options: { reliable?: boolean } = {}): Harness {
  const clock = new FakeClock();
  const transport = new FakeTransport({ now: () => clock.now(), reliable: options.reliable ? ["udp", "tcp", "tls"] : ["tcp", "tls"] });
  const sink = new MemorySink();
  const logs = new Logs(sink.sink, "debug", () => clock.now());
  const user = layerUser(clock);
  const layer = new TransactionLayer({ transport, clock, logs, user });
  transport.attach({ onMessage: (m, s) => layer.receive(m, s) });
  const sendTimes = (what: string): number[] =>
    transport.sent
      .filter((s) => (s.message.type === "request" ? s.message.method : String(s.message.status)) === what)
      .map((s) => s.atMs ?? -1);
  return { clock, transport, layer, user, sink, sendTimes };
}

/** Lets rejected sends reach the transactions (promise callbacks run before this resolves). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
