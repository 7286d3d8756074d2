/**
 * Fakes for session tests that keep the boundaries' contracts:
 * - FakeSender (RequestSender): refuses requests that already carry a Via, adds
 *   Via/Max-Forwards like the core, puts every message through serialize+parse
 *   (what we build must survive the wire), records CANCEL requests and ACKs;
 *   the test plays the peer with answer()/timeout().
 * - FakeServerTransaction: records responses on the FakeClock and, like the INVITE
 *   server transaction, ignores anything after a non-2xx final and forwards only
 *   2xx after a 2xx (RFC 6026 Accepted).
 * - RecordingUser: every callback as one line, in order.
 */
import {
  createResponse, Headers, parseMessage, serializeMessage,
  type SipMessage, type SipRequest, type SipResponse, type SipUri,
} from "../../../../src/sip/message/index.js";
import type { ClientTransactionUser, ServerTransaction } from "../../../../src/sip/transaction/types.js";
import { TransportError, type Protocol, type Source } from "../../../../src/sip/transport/types.js";
import type { OutgoingRequest, RequestSender } from "../../../../src/sip/ua/types.js";
import type { CallEnd, CallFailure, CallUser, IncomingCallUser } from "../../../../src/sip/session/index.js";
import { SessionManager } from "../../../../src/sip/session/index.js";
import type { IncomingCall } from "../../../../src/sip/session/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";

export function sdp(user: string, ip: string, port: number, version = 1): string {
  return [
    "v=0", `o=${user} 1000 ${version} IN IP4 ${ip}`, "s=-", `c=IN IP4 ${ip}`, "t=0 0",
    `m=audio ${port} RTP/AVP 0 101`, "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "",
  ].join("\r\n");
}
export const OFFER = sdp("dialtone", "192.0.2.10", 4000);
export const ANSWER = sdp("peer", "198.51.100.20", 5000);

export const LOCAL_CONTACT: SipUri = {
  scheme: "sip", user: "1001", password: undefined, host: "192.0.2.10", port: 5060, params: {}, headers: {},
};

/** Serializes and parses again: a message we build must be valid on the wire. */
export function roundTrip<T extends SipMessage>(message: T): T {
  const parsed = parseMessage(serializeMessage(message));
  if (!parsed.ok) throw new Error(`not wire-valid: ${parsed.error.reason}`);
  return parsed.value as T;
}

export interface Sent {
  /** As the core would send it: with Via and Max-Forwards. */
  readonly request: SipRequest;
  readonly user: ClientTransactionUser;
  readonly atMs: number;
  /** OutgoingRequest.cancel() was called (the core would send CANCEL). */
  cancelled: boolean;
}

export interface PeerReply {
  toTag?: string;
  reason?: string;
  /** Contact of the peer; default `<sip:peer@198.51.100.20>` for 101–299; null for none. */
  contact?: string | null;
  recordRoute?: string[];
  sdp?: string;
  headers?: [string, string][];
}

export class FakeSender implements RequestSender {
  readonly sent: Sent[] = [];
  /** `ack` as we built it (the same object again for a retransmitted 2xx); `wire` with the core's Via. */
  readonly acks: { ack: SipRequest; wire: SipRequest; atMs: number }[] = [];
  private branches = 0;

  constructor(private readonly clock: FakeClock) {}

  send(request: SipRequest, user: ClientTransactionUser): OutgoingRequest {
    if (request.headers.has("Via")) throw new Error("contract: requests reach the core without a Via");
    const wire = roundTrip({ ...request, headers: this.withVia(request.headers) });
    const entry: Sent = { request: wire, user, atMs: this.clock.now(), cancelled: false };
    this.sent.push(entry);
    return { request: wire, cancel: () => { entry.cancelled = true; } };
  }

  sendAck(ack: SipRequest): void {
    if (ack.method !== "ACK" || ack.headers.has("Via")) throw new Error("contract: sendAck takes an ACK without Via");
    this.acks.push({ ack, wire: roundTrip({ ...ack, headers: this.withVia(ack.headers) }), atMs: this.clock.now() });
  }

  contactUri(): SipUri {
    return LOCAL_CONTACT;
  }

  of(method: string): Sent[] {
    return this.sent.filter((s) => s.request.method === method);
  }

  last(method: string): Sent {
    const all = this.of(method);
    const entry = all[all.length - 1];
    if (!entry) throw new Error(`no ${method} sent`);
    return entry;
  }

  /** The peer answers `entry` with `status`. */
  answer(entry: Sent, status: number, reply: PeerReply = {}): SipResponse {
    const response = peerResponse(entry.request, status, reply);
    entry.user.onResponse(response);
    return response;
  }

  timeout(entry: Sent): void {
    entry.user.onTimeout();
  }

  transportError(entry: Sent): void {
    entry.user.onTransportError(new TransportError("connection refused"));
  }

  private withVia(headers: Headers): Headers {
    const copy = headers.clone();
    copy.prepend("Via", `SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKfake${++this.branches};rport`);
    if (!copy.has("Max-Forwards")) copy.prepend("Max-Forwards", "70");
    return copy;
  }
}

/** A response from the peer to `request` (headers copied per §8.2.6.2). */
export function peerResponse(request: SipRequest, status: number, reply: PeerReply = {}): SipResponse {
  const response = createResponse(request, status, {
    ...(reply.reason === undefined ? {} : { reason: reply.reason }),
    ...(reply.toTag === undefined ? {} : { toTag: reply.toTag }),
  });
  const contact = reply.contact === undefined ? (status > 100 && status < 300 ? "<sip:peer@198.51.100.20>" : null) : reply.contact;
  if (contact) response.headers.append("Contact", contact);
  for (const route of reply.recordRoute ?? []) response.headers.append("Record-Route", route);
  for (const [name, value] of reply.headers ?? []) response.headers.append(name, value);
  if (reply.sdp !== undefined) {
    response.headers.set("Content-Type", "application/sdp");
    response.body = Buffer.from(reply.sdp);
  }
  return roundTrip(response);
}

let txIds = 0;

export class FakeServerTransaction implements ServerTransaction {
  readonly id = `z9hG4bKserver${++txIds}`;
  readonly source: Source;
  state = "Proceeding";
  readonly responses: { response: SipResponse; atMs: number }[] = [];

  constructor(private readonly clock: FakeClock, readonly request: SipRequest, protocol: Protocol = "udp") {
    this.source = { protocol, address: "198.51.100.20", port: 5060, connectionId: undefined, local: { protocol, address: "192.0.2.10", port: 5060 } };
  }

  respond(response: SipResponse): void {
    const final = response.status >= 200;
    if (this.state === "Completed" || this.state === "Terminated") return;
    if (this.state === "Accepted" && response.status >= 300) return;
    this.responses.push({ response: roundTrip(response), atMs: this.clock.now() });
    if (final) this.state = response.status < 300 ? "Accepted" : "Completed";
  }

  terminate(): void {
    this.state = "Terminated";
  }

  statuses(): number[] {
    return this.responses.map((r) => r.response.status);
  }

  /** Times (ms) at which a response with `status` was passed down. */
  timesOf(status: number): number[] {
    return this.responses.filter((r) => r.response.status === status).map((r) => r.atMs);
  }

  last(): SipResponse {
    const entry = this.responses[this.responses.length - 1];
    if (!entry) throw new Error("no response sent");
    return entry.response;
  }
}

export interface PeerRequestOptions {
  callId?: string;
  fromTag?: string;
  /** Our tag, for in-dialog requests. */
  toTag?: string;
  cseq?: number;
  sdp?: string;
  body?: string;
  contentType?: string;
  contact?: string;
  recordRoute?: string[];
  uri?: string;
  /** More header fields, as written. */
  headers?: [string, string][];
}

let peerBranches = 0;

/** A request from the peer as it arrives on the wire (parsed from text). */
export function peerRequest(method: string, o: PeerRequestOptions = {}): SipRequest {
  const body = o.sdp ?? o.body ?? "";
  const lines = [
    `${method} ${o.uri ?? "sip:1001@192.0.2.10:5060"} SIP/2.0`,
    `Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bKpeer${++peerBranches}`,
    "Max-Forwards: 70",
    `From: "Peer" <sip:2002@example.net>;tag=${o.fromTag ?? "peer-tag"}`,
    `To: <sip:1001@example.net>${o.toTag ? `;tag=${o.toTag}` : ""}`,
    `Call-ID: ${o.callId ?? "call-1@198.51.100.20"}`,
    `CSeq: ${o.cseq ?? 1} ${method}`,
    ...(o.contact === undefined ? ["Contact: <sip:2002@198.51.100.20:5060>"] : o.contact ? [`Contact: ${o.contact}`] : []),
    ...(o.recordRoute ?? []).map((r) => `Record-Route: ${r}`),
    ...(o.headers ?? []).map(([name, value]) => `${name}: ${value}`),
    ...(body ? [`Content-Type: ${o.contentType ?? "application/sdp"}`] : []),
    `Content-Length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ];
  const parsed = parseMessage(Buffer.from(lines.join("\r\n")));
  if (!parsed.ok || parsed.value.type !== "request") throw new Error("bad test request");
  return parsed.value;
}

/** Every user callback as one line, e.g. "failed 486 Busy Here", "ended remote". */
export class RecordingUser implements CallUser, IncomingCallUser {
  readonly events: string[] = [];
  /** What onRemoteOffer answers (undefined → 488). */
  answer: string | undefined = sdp("dialtone", "192.0.2.10", 4000, 2);
  failure: CallFailure | undefined;

  onProgress(status: number, reason: string): void { this.events.push(`progress ${status} ${reason}`); }
  onEarlyMedia(text: string): void { this.events.push(`early-media ${originOf(text)}`); }
  onAnswered(text: string): void { this.events.push(`answered ${originOf(text)}`); }
  onFailed(failure: CallFailure): void {
    this.failure = failure;
    this.events.push(`failed ${failure.status} ${failure.reason}`);
  }
  onRedirect(target: SipUri): void { this.events.push(`redirect ${target.user}@${target.host}`); }
  onEnded(end: CallEnd): void { this.events.push(`ended ${end.by}${end.reason ? ` (${end.reason})` : ""}`); }
  onRemoteOffer(offer: string): string | undefined {
    this.events.push(`remote-offer ${originOf(offer)}`);
    return this.answer;
  }
  onRemoteAnswer(answer: string): void { this.events.push(`remote-answer ${originOf(answer)}`); }
  /** What onInfo answers (undefined → the session's default 200). */
  infoStatus: number | undefined;
  onInfo(contentType: string | undefined, body: string): number | undefined {
    this.events.push(`info ${contentType} ${body.trim()}`);
    return this.infoStatus;
  }
  onCancelled(): void { this.events.push("cancelled"); }
  onConfirmed(answer: string | undefined): void { this.events.push(`confirmed${answer ? ` ${originOf(answer)}` : ""}`); }
}

/** "user@version" from the o= line, enough to tell SDPs apart in event lines. */
function originOf(text: string): string {
  const o = /^o=(\S+) \S+ (\S+)/m.exec(text);
  return o ? `${o[1]}@${o[2]}` : "?";
}

export interface Harness {
  clock: FakeClock;
  sender: FakeSender;
  manager: SessionManager;
  incoming: IncomingCall[];
  user: RecordingUser;
}

const clocks: FakeClock[] = [];

/** Timers still pending on the clocks of harnesses made since the last call (then forgets them). */
export function leftoverTimers(): number {
  const count = clocks.reduce((sum, clock) => sum + clock.activeTimers, 0);
  clocks.length = 0;
  return count;
}

/** A manager with T1 = 500 ms, T2 = 4 s, random() = 0.5; incoming calls get `user` attached. */
export function harness(random = 0.5, user = new RecordingUser()): Harness {
  const clock = new FakeClock();
  clocks.push(clock);
  const sender = new FakeSender(clock);
  const incoming: IncomingCall[] = [];
  const manager = new SessionManager({
    sender, clock, logs: silentLogs, timers: { T1: 500, T2: 4000 },
    allow: ["INVITE", "ACK", "CANCEL", "BYE", "UPDATE", "INFO", "OPTIONS"],
    localContact: () => LOCAL_CONTACT,
    onIncoming: (call) => { call.attach(user); incoming.push(call); },
    userAgent: "dialtone-test",
    random: () => random,
  });
  return { clock, sender, manager, incoming, user };
}
