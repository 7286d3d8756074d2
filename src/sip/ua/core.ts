/**
 * The user agent core (RFC 3261 §8): owns the transaction layer, sends requests
 * for the layers above (RequestSender), and routes incoming requests to the
 * accounts' session handlers, answering what no handler takes: OPTIONS (§11.2),
 * 404 for users we do not serve, 405 (§8.2.1), 416 (§8.2.2.1), 420 (§8.2.2.3)
 * and 481 (§12.2.2). Error answers to out-of-dialog requests are rate-limited
 * per source so the agent cannot be used to amplify traffic.
 */
import { UNSUPPORTED_SCHEME, createResponse, parseNameAddr, parseUri } from "../message/index.js";
import type { SipRequest, SipResponse, SipUri } from "../message/index.js";
import type { ClientTransactionUser, ServerTransaction, TimerSettings, TransactionLayerUser } from "../transaction/types.js";
import { TransactionLayer } from "../transaction/index.js";
import type { Endpoint, Protocol, SipTransport, Source } from "../transport/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import type { Result } from "../../util/result.js";
import { nextHopUri } from "./next-hop.js";
import { OutgoingRequestImpl } from "./outgoing.js";
import type { OutgoingRequest, RequestSender } from "./types.js";

/** What an account (or any request consumer) gives the core. Each method returns true if it took the message. */
export interface CoreHandler {
  /** True if requests for this Request-URI are ours (user part matches the account). */
  serves(requestUri: SipUri): boolean;
  handleRequest(request: SipRequest, transaction: ServerTransaction | undefined): boolean;
  handleCancel(cancel: SipRequest, cancelTransaction: ServerTransaction, inviteTransaction: ServerTransaction): boolean;
  handleStrayResponse(response: SipResponse): boolean;
}

export interface AnswerLimiter {
  /** False when an answer to this source address should be suppressed. */
  allow(address: string): boolean;
}

export interface CoreOptions {
  clock: Clock;
  logs: Logs;
  transport: SipTransport;
  timers?: TimerSettings;
  /** RFC 3263: ordered targets for a URI, restricted to `protocol` when given. */
  locate(uri: SipUri, protocol: Protocol | undefined): Promise<Result<Endpoint[]>>;
  limiter: AnswerLimiter;
  newBranch(): string;
  /** Methods we accept, for Allow (§20.5). */
  allow: readonly string[];
  /** Option tags we support (§8.2.2.3). */
  supported: readonly string[];
  userAgent: string;
}

export interface SenderOptions {
  /** Outbound proxy for every out-of-dialog request, if the account has one. */
  outboundProxy?: SipUri | undefined;
  /** The account's transport; requests go only over it. */
  protocol: Protocol;
}

export class UserAgentCore implements TransactionLayerUser {
  readonly transactions: TransactionLayer;
  private readonly handlers: CoreHandler[] = [];
  private readonly outgoing = new Set<OutgoingRequestImpl>();
  private readonly acks = new WeakMap<SipRequest, Promise<{ ack: SipRequest; to: Endpoint } | undefined>>();
  private readonly log: Logger;

  constructor(private readonly options: CoreOptions) {
    this.log = options.logs.get("sip.core");
    this.transactions = new TransactionLayer({
      transport: options.transport,
      clock: options.clock,
      logs: options.logs,
      timers: options.timers,
      user: this,
    });
  }

  addHandler(handler: CoreHandler): void {
    this.handlers.push(handler);
  }

  /** The transport hands every well-formed message here. */
  receive(message: Parameters<TransactionLayer["receive"]>[0], source: Source): void {
    this.transactions.receive(message, source);
  }

  /** A RequestSender bound to one account's transport and outbound proxy. */
  senderFor(senderOptions: SenderOptions): RequestSender {
    return {
      send: (request, user) => this.send(request, user, senderOptions),
      sendAck: (ack) => this.sendAck(ack, senderOptions),
      contactUri: (protocol, user) => this.contactUri(protocol, user),
    };
  }

  contactUri(protocol: Protocol, user?: string): SipUri {
    const local = this.options.transport.localEndpoint(protocol);
    return {
      scheme: "sip", user, password: undefined, host: local.address, port: local.port,
      params: protocol === "udp" ? {} : { transport: protocol }, headers: {},
    };
  }

  /** Ends every outgoing request and transaction (shutdown). */
  close(): void {
    for (const o of this.outgoing) o.terminate();
    this.outgoing.clear();
    this.transactions.close();
  }

  private send(request: SipRequest, user: ClientTransactionUser, senderOptions: SenderOptions): OutgoingRequest {
    const log = this.options.logs.get("sip.uac", request.method);
    const outgoing: OutgoingRequestImpl = new OutgoingRequestImpl(request, this.forgetting(user, () => this.outgoing.delete(outgoing)), {
      startTransaction: (r, destination, u) => this.transactions.sendRequest(r, destination, u),
      viaFor: (destination, branch) => this.via(destination.protocol, branch),
      newBranch: this.options.newBranch,
      log,
    });
    this.outgoing.add(outgoing);
    void this.targetsFor(request, senderOptions).then((targets) => {
      if (this.outgoing.has(outgoing)) outgoing.begin(targets.ok ? targets.value : [], targets.ok ? undefined : targets.error);
    });
    return outgoing;
  }

  // RFC 3261 §13.2.2.4: the ACK for a 2xx is its own transaction-less request.
  private sendAck(ack: SipRequest, senderOptions: SenderOptions): void {
    let prepared = this.acks.get(ack);
    if (!prepared) {
      prepared = this.targetsFor(ack, { protocol: senderOptions.protocol, outboundProxy: undefined }).then((targets) => {
        if (!targets.ok || targets.value.length === 0) {
          this.log.warn(`ACK ${ack.uri}: no target`);
          return undefined;
        }
        const to = targets.value[0]!;
        const headers = ack.headers.clone();
        headers.remove("Via");
        headers.prepend("Via", this.via(to.protocol, this.options.newBranch()));
        if (!headers.has("Max-Forwards")) headers.append("Max-Forwards", "70");
        return { ack: { ...ack, headers }, to };
      });
      this.acks.set(ack, prepared);
    }
    void prepared.then((p) => {
      if (p) this.options.transport.send(p.ack, p.to).catch((e: Error) => this.log.warn(`ACK not sent: ${e.message}`));
    });
  }

  private async targetsFor(request: SipRequest, senderOptions: SenderOptions): Promise<Result<Endpoint[]>> {
    const inDialog = request.headers.list("Route").length > 0 || /;\s*tag=/i.test(request.headers.get("To") ?? "");
    const hop = nextHopUri(request, inDialog ? undefined : senderOptions.outboundProxy);
    if (!hop.ok) return hop;
    return this.options.locate(hop.value, senderOptions.protocol);
  }

  private via(protocol: Protocol, branch: string): string {
    const local = this.options.transport.localEndpoint(protocol);
    const host = local.address.includes(":") ? `[${local.address}]` : local.address;
    return `SIP/2.0/${protocol.toUpperCase()} ${host}:${local.port};rport;branch=${branch}`;
  }

  private forgetting(user: ClientTransactionUser, forget: () => void): ClientTransactionUser {
    return {
      onResponse: (r) => {
        if (r.status >= 200) forget();
        user.onResponse(r);
      },
      onTimeout: () => {
        forget();
        user.onTimeout();
      },
      onTransportError: (e) => {
        forget();
        user.onTransportError(e);
      },
    };
  }

  onStrayResponse(response: SipResponse): void {
    if (!this.handlers.some((h) => h.handleStrayResponse(response))) this.log.debug(`stray ${response.status} dropped`);
  }

  onRequest(request: SipRequest, transaction: ServerTransaction | undefined): void {
    if (!transaction) {
      if (!this.handlers.some((h) => h.handleRequest(request, undefined))) this.log.debug(`stray ${request.method} dropped`);
      return;
    }
    if (request.method === "CANCEL") return this.onCancel(request, transaction);
    const uri = parseUri(request.uri);
    if (!uri.ok) return this.answer(transaction, uri.error === UNSUPPORTED_SCHEME ? 416 : 400);
    if (hasToTag(request)) {
      if (!this.handlers.some((h) => h.handleRequest(request, transaction))) this.answer(transaction, 481);
      return;
    }
    const unsupported = request.headers.list("Require").filter((tag) => !this.options.supported.includes(tag.toLowerCase()));
    if (unsupported.length > 0 && request.method !== "ACK") {
      return this.answer(transaction, 420, [["Unsupported", unsupported.join(", ")]]);
    }
    const served = this.handlers.filter((h) => h.serves(uri.value));
    if (request.method === "OPTIONS") {
      if (uri.value.user && served.length === 0) return this.answer(transaction, 404);
      return this.answerOptions(transaction);
    }
    if (served.length === 0) return this.answer(transaction, 404);
    if (served.some((h) => h.handleRequest(request, transaction))) return;
    this.answer(transaction, this.options.allow.includes(request.method) ? 481 : 405);
  }

  // RFC 3261 §9.2: a CANCEL matching no INVITE transaction gets 481.
  private onCancel(cancel: SipRequest, transaction: ServerTransaction): void {
    const invite = this.transactions.findInviteServerTransaction(cancel);
    if (invite && this.handlers.some((h) => h.handleCancel(cancel, transaction, invite))) return;
    this.answer(transaction, 481);
  }

  // RFC 3261 §11.2: OPTIONS is answered as an INVITE would be, with Allow, Accept and Supported.
  private answerOptions(transaction: ServerTransaction): void {
    const response = createResponse(transaction.request, 200, { toTag: tagFor(transaction.request) });
    response.headers.append("Allow", this.options.allow.join(", "));
    response.headers.append("Accept", "application/sdp");
    response.headers.append("Accept-Encoding", "identity");
    response.headers.append("Accept-Language", "en");
    if (this.options.supported.length > 0) response.headers.append("Supported", this.options.supported.join(", "));
    response.headers.append("User-Agent", this.options.userAgent);
    transaction.respond(response);
  }

  private answer(transaction: ServerTransaction, status: number, extra: [string, string][] = []): void {
    const request = transaction.request;
    if (!this.options.limiter.allow(transaction.source.address)) {
      this.log.debug(`${status} to ${request.method} from ${transaction.source.address} suppressed (rate limit)`);
      transaction.terminate();
      return;
    }
    const response = createResponse(request, status, { toTag: hasToTag(request) ? undefined : tagFor(request) });
    if (status === 405) response.headers.append("Allow", this.options.allow.join(", "));
    for (const [name, value] of extra) response.headers.append(name, value);
    this.log.info(`${request.method} ${request.uri} from ${transaction.source.address}: ${status} ${response.reason}`);
    transaction.respond(response);
  }
}

function hasToTag(request: SipRequest): boolean {
  const to = request.headers.get("To");
  if (!to) return false;
  const parsed = parseNameAddr(to);
  return parsed.ok && typeof parsed.value.params["tag"] === "string";
}

/** A To tag derived from the Via branch, so a retransmitted request gets the same tag (§8.2.6.2). */
function tagFor(request: SipRequest): string {
  const via = request.headers.get("Via") ?? "";
  const branch = /branch=([^;,\s]+)/i.exec(via)?.[1] ?? "";
  let h = 2166136261;
  for (let i = 0; i < branch.length; i++) h = Math.imul(h ^ branch.charCodeAt(i), 16777619);
  return `dt${(h >>> 0).toString(36)}`;
}
