/**
 * A RequestSender that keeps the UA core's contract for tests: it refuses a
 * request that already has a Via (callers build without one), adds Via and
 * Max-Forwards the way the core does, and delivers at most one final answer per
 * request, through the transaction user, after a latency on the FakeClock.
 * Answers come either from `handler` (automatic) or from the test (respond,
 * timeout, transportError).
 */
import { createResponse } from "../../../../src/sip/message/index.js";
import type { SipRequest, SipResponse, SipUri } from "../../../../src/sip/message/index.js";
import type { ClientTransactionUser } from "../../../../src/sip/transaction/types.js";
import { TransportError } from "../../../../src/sip/transport/types.js";
import type { OutgoingRequest, RequestSender } from "../../../../src/sip/ua/types.js";
import type { FakeClock } from "../../../../src/util/clock.js";

export interface ResponseSpec {
  status: number;
  reason?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
}

/** How a request is answered: a response, Timer F firing (after 32 s), a transport error, or not yet. */
export type Reply = ResponseSpec | "timeout" | "transport-error" | "pending";

export interface SentRequest {
  /** The request exactly as the client built it. */
  readonly built: SipRequest;
  /** As the core would put it on the wire: with Via and Max-Forwards. */
  readonly wire: SipRequest;
  readonly user: ClientTransactionUser;
  /** Send time on the fake clock. */
  readonly atMs: number;
  answered: boolean;
}

/** Timer F for UDP: 64·T1. */
export const TIMER_F_MS = 32_000;

export class FakeRequestSender implements RequestSender {
  readonly sent: SentRequest[] = [];
  handler: ((request: SipRequest) => Reply) | undefined;
  private branches = 0;

  constructor(private readonly clock: FakeClock, private readonly latencyMs = 20) {}

  send(request: SipRequest, user: ClientTransactionUser): OutgoingRequest {
    if (request.headers.has("Via")) throw new Error("contract: requests reach the core without a Via");
    const wire: SipRequest = { ...request, headers: request.headers.clone() };
    wire.headers.prepend("Via", `SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKfake${++this.branches};rport`);
    if (!wire.headers.has("Max-Forwards")) wire.headers.prepend("Max-Forwards", "70");
    const entry: SentRequest = { built: request, wire, user, atMs: this.clock.now(), answered: false };
    this.sent.push(entry);
    const reply = this.handler?.(wire) ?? "pending";
    if (reply !== "pending") this.clock.setTimer(reply === "timeout" ? TIMER_F_MS : this.latencyMs, () => this.deliver(entry, reply));
    return { request: wire, cancel: () => undefined };
  }

  sendAck(): void {
    throw new Error("the registration client never sends ACK");
  }

  contactUri(): SipUri {
    return { scheme: "sip", user: "1001", password: undefined, host: "192.0.2.10", port: 5060, params: {}, headers: {} };
  }

  /** Requests of one method, in send order. */
  ofMethod(method: string): SentRequest[] {
    return this.sent.filter((s) => s.built.method === method);
  }

  last(method = "REGISTER"): SentRequest {
    const all = this.ofMethod(method);
    const entry = all[all.length - 1];
    if (!entry) throw new Error(`no ${method} sent`);
    return entry;
  }

  respond(entry: SentRequest, spec: ResponseSpec): void {
    this.deliver(entry, spec);
  }

  timeout(entry: SentRequest): void {
    this.deliver(entry, "timeout");
  }

  transportError(entry: SentRequest): void {
    this.deliver(entry, "transport-error");
  }

  private deliver(entry: SentRequest, reply: Exclude<Reply, "pending">): void {
    if (entry.answered) throw new Error("contract: one final outcome per request");
    entry.answered = true;
    if (reply === "timeout") entry.user.onTimeout();
    else if (reply === "transport-error") entry.user.onTransportError(new TransportError("connection refused"));
    else entry.user.onResponse(buildResponse(entry.wire, reply));
  }
}

/** A response to `request` as a registrar would send it: headers copied per RFC 3261 §8.2.6.2, plus extras. */
export function buildResponse(request: SipRequest, spec: ResponseSpec): SipResponse {
  const response = createResponse(request, spec.status, spec.reason === undefined ? { toTag: "reg1" } : { reason: spec.reason, toTag: "reg1" });
  for (const [name, value] of spec.headers ?? []) response.headers.append(name, value);
  return response;
}
