/**
 * The transaction layer (RFC 3261 §17): creates client transactions for requests
 * the UA core sends, matches received messages to transactions (§17.1.3, §17.2.3),
 * creates server transactions for new requests, and forgets transactions once they
 * reach Terminated. The UA core wires transport.onMessage to receive().
 */
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import { parseCSeq, topVia, type SipMessage, type SipRequest, type SipResponse, type Via } from "../message/index.js";
import type { Endpoint, Protocol, SipTransport, Source } from "../transport/types.js";
import { InviteClientTransaction } from "./invite-client.js";
import { InviteServerTransaction } from "./invite-server.js";
import type { MachineContext, ServerMachineEvents } from "./machine-kit.js";
import {
  clientKey, isRfc3261Branch, legacyIdentity, legacyMatches, responseKey, serverKey, tagOf, type LegacyIdentity,
} from "./matching.js";
import { NonInviteClientTransaction } from "./non-invite-client.js";
import { NonInviteServerTransaction } from "./non-invite-server.js";
import { timerDurations } from "./timer-durations.js";
import {
  DEFAULT_TIMERS, type ClientTransaction, type ClientTransactionUser, type ServerTransaction, type TimerSettings,
  type TransactionLayerUser,
} from "./types.js";

export interface TransactionLayerOptions {
  transport: SipTransport;
  clock: Clock;
  logs: Logs;
  /** T1, T2, T4; DEFAULT_TIMERS (500 ms, 4 s, 5 s) when absent. */
  timers?: TimerSettings;
  user: TransactionLayerUser;
}

type ClientMachine = InviteClientTransaction | NonInviteClientTransaction;
type ServerMachine = InviteServerTransaction | NonInviteServerTransaction;

export class TransactionLayer {
  private readonly transport: SipTransport;
  private readonly clock: Clock;
  private readonly logs: Logs;
  private readonly settings: TimerSettings;
  private readonly user: TransactionLayerUser;
  private readonly log: Logger;
  private readonly clients = new Map<string, ClientMachine>();
  private readonly servers = new Map<string, ServerMachine>();
  /** Server transactions of RFC 2543 peers (no magic cookie), matched field by field. */
  private readonly legacy = new Map<ServerMachine, LegacyIdentity>();
  private legacyCount = 0;
  private closed = false;
  private readonly serverEvents: ServerMachineEvents;

  constructor(options: TransactionLayerOptions) {
    this.transport = options.transport;
    this.clock = options.clock;
    this.logs = options.logs;
    this.settings = options.timers ?? DEFAULT_TIMERS;
    this.user = options.user;
    this.log = options.logs.get("sip.transaction");
    this.serverEvents = {
      onTimeout: (transaction) => this.user.onServerTimeout?.(transaction),
      onTransportError: (transaction, error) => this.user.onServerTransportError?.(transaction, error),
      onAckForSuccess: (ack) => this.user.onRequest(ack, undefined),
    };
  }

  /** Live transactions of every kind (for tests and status). */
  get size(): number {
    return this.clients.size + this.servers.size + this.legacy.size;
  }

  /**
   * Sends a request in a new client transaction: INVITE → InviteClientTransaction,
   * anything else but ACK → NonInviteClientTransaction. The caller has put the top Via
   * with a unique branch (the transaction id) and a CSeq whose method is the request's.
   * Throws on those programming errors, on ACK (sent outside transactions) and after close().
   */
  sendRequest(request: SipRequest, destination: Endpoint, user: ClientTransactionUser): ClientTransaction {
    if (this.closed) throw new Error("transaction layer is closed");
    if (request.method === "ACK") throw new Error("ACK is not sent in a client transaction (§17.1.1.3, §13.2.2.4)");
    const branch = topVia(request)?.params.branch;
    const cseq = parseCSeq(request.headers.get("CSeq") ?? "");
    if (!branch) throw new Error("request needs a top Via with a branch");
    if (!cseq.ok || cseq.value.method !== request.method) throw new Error("request needs a CSeq naming its method");
    const key = clientKey(branch, request.method);
    if (this.clients.has(key)) throw new Error(`client transaction ${branch} ${request.method} already exists`);
    const isInvite = request.method === "INVITE";
    const ctx = this.context(isInvite ? "sip.ict" : "sip.nict", branch, destination.protocol, () => this.clients.delete(key));
    const transaction = isInvite
      ? new InviteClientTransaction(branch, request, destination, user, ctx)
      : new NonInviteClientTransaction(branch, request, destination, user, ctx);
    this.clients.set(key, transaction);
    transaction.start();
    return transaction;
  }

  /** Every message from the transport. Never throws on what the network sends. */
  receive(message: SipMessage, source: Source): void {
    if (this.closed) return;
    if (message.type === "response") this.receiveResponse(message, source);
    else this.receiveRequest(message, source);
  }

  /**
   * RFC 3261 §9.2: the INVITE server transaction a CANCEL cancels, found by matching
   * the CANCEL as if its method were INVITE (§17.2.3).
   */
  findInviteServerTransaction(cancel: SipRequest): ServerTransaction | undefined {
    const via = topVia(cancel);
    if (!via) return undefined;
    const found = this.findServer({ ...cancel, method: "INVITE" }, via);
    return found instanceof InviteServerTransaction ? found : undefined;
  }

  /** Terminates every transaction without notifying users and cancels their timers. */
  close(): void {
    this.closed = true;
    for (const transaction of [...this.clients.values(), ...this.servers.values(), ...this.legacy.keys()]) {
      transaction.terminate();
    }
  }

  private receiveResponse(response: SipResponse, source: Source): void {
    const key = responseKey(response);
    if (key === undefined) {
      this.log.warn(`dropped ${response.status} response without a usable top Via branch or CSeq`);
      return;
    }
    const transaction = this.clients.get(key);
    if (transaction) transaction.receiveResponse(response); // §17.1.3
    else this.user.onStrayResponse(response, source);
  }

  private receiveRequest(request: SipRequest, source: Source): void {
    const via = topVia(request);
    if (!via) {
      this.log.warn(`dropped ${request.method} without a usable top Via`);
      return;
    }
    const found = this.findServer(request, via);
    if (request.method === "ACK") {
      // §17.2.3: an ACK for a non-2xx belongs to the INVITE's transaction; an ACK for a 2xx goes to the TU.
      if (found instanceof InviteServerTransaction) found.receiveAck(request);
      else this.user.onRequest(request, undefined);
      return;
    }
    if (found) {
      found.receiveRetransmission(); // §17.2.1, §17.2.2: retransmissions are absorbed by their transaction
      return;
    }
    this.createServer(request, via, source);
  }

  private findServer(request: SipRequest, via: Via): ServerMachine | undefined {
    const branch = via.params.branch;
    if (isRfc3261Branch(branch)) return this.servers.get(serverKey(branch, via, request.method));
    const incoming = legacyIdentity(request, via);
    if (!incoming) return undefined;
    for (const [transaction, created] of this.legacy) {
      const final = transaction instanceof InviteServerTransaction ? transaction.finalResponse : undefined;
      const responseTag = final ? tagOf(final, "To") : undefined;
      if (legacyMatches(created, incoming, responseTag === false ? undefined : responseTag)) return transaction;
    }
    return undefined;
  }

  private createServer(request: SipRequest, via: Via, source: Source): void {
    const branch = via.params.branch;
    const isInvite = request.method === "INVITE";
    const category = isInvite ? "sip.ist" : "sip.nist";
    let transaction: ServerMachine;
    if (isRfc3261Branch(branch)) {
      const key = serverKey(branch, via, request.method);
      transaction = this.newServer(request, source, branch, this.context(category, branch, source.protocol, () => this.servers.delete(key)));
      this.servers.set(key, transaction);
    } else {
      const identity = legacyIdentity(request, via);
      if (!identity) {
        this.log.warn(`dropped ${request.method} without a usable Call-ID, CSeq, From or To`);
        return;
      }
      const id = `rfc2543-${++this.legacyCount}`;
      transaction = this.newServer(request, source, id, this.context(category, id, source.protocol, () => this.legacy.delete(transaction)));
      this.legacy.set(transaction, identity);
    }
    if (transaction instanceof InviteServerTransaction) transaction.start();
    this.user.onRequest(request, transaction);
  }

  private newServer(request: SipRequest, source: Source, id: string, ctx: MachineContext): ServerMachine {
    return request.method === "INVITE"
      ? new InviteServerTransaction(id, request, source, this.serverEvents, ctx)
      : new NonInviteServerTransaction(id, request, source, this.serverEvents, ctx);
  }

  private context(category: string, id: string, protocol: Protocol, onTerminated: () => void): MachineContext {
    return {
      transport: this.transport,
      clock: this.clock,
      log: this.logs.get(category, id),
      durations: timerDurations(this.settings, this.transport.isReliable(protocol)),
      onTerminated,
    };
  }
}
