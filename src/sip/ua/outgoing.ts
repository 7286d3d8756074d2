/**
 * One outgoing request as the UA core sends it: next hop located (RFC 3263),
 * a Via with a fresh branch per attempt, failover to the next target on timeout,
 * 503 or transport error (RFC 3263 §4.3), and CANCEL for INVITE (RFC 3261 §9.1).
 */
import { Headers } from "../message/index.js";
import type { SipRequest, SipResponse } from "../message/index.js";
import type { ClientTransaction, ClientTransactionUser } from "../transaction/types.js";
import type { Endpoint } from "../transport/types.js";
import { TransportError } from "../transport/types.js";
import type { Logger } from "../../util/log.js";
import type { OutgoingRequest } from "./types.js";

export interface OutgoingContext {
  /** Starts a client transaction for a request whose top Via is already set. */
  startTransaction(request: SipRequest, destination: Endpoint, user: ClientTransactionUser): ClientTransaction;
  /** Our Via sent-by for a protocol. */
  viaFor(destination: Endpoint, branch: string): string;
  newBranch(): string;
  log: Logger;
}

export class OutgoingRequestImpl implements OutgoingRequest, ClientTransactionUser {
  private attempt = -1;
  private targets: Endpoint[] = [];
  private current: SipRequest;
  private transaction: ClientTransaction | undefined;
  private provisionalSeen = false;
  private finalSeen = false;
  private cancelWanted = false;
  private cancelSent = false;

  constructor(private readonly original: SipRequest, private readonly user: ClientTransactionUser, private readonly ctx: OutgoingContext) {
    this.current = original;
  }

  get request(): SipRequest {
    return this.current;
  }

  /** Called by the core once the next hop is located (or failed to be). */
  begin(targets: Endpoint[], locateError?: string): void {
    this.targets = targets;
    if (targets.length === 0) {
      this.ctx.log.warn(`${this.original.method} ${this.original.uri}: no target (${locateError ?? "none found"})`);
      this.finalSeen = true;
      this.user.onTransportError(new TransportError(locateError ?? "no target found"));
      return;
    }
    this.next();
  }

  cancel(): void {
    if (this.original.method !== "INVITE" || this.finalSeen || this.cancelSent) return;
    this.cancelWanted = true;
    if (this.provisionalSeen) this.sendCancel();
  }

  onResponse(response: SipResponse): void {
    if (this.finalSeen) return;
    if (response.status < 200) {
      this.provisionalSeen = true;
      this.user.onResponse(response);
      if (this.cancelWanted) this.sendCancel();
      return;
    }
    if (response.status === 503 && this.hasNext()) {
      this.ctx.log.info(`503 from ${describe(this.targets[this.attempt]!)}; trying next target`);
      this.next();
      return;
    }
    this.finalSeen = true;
    this.user.onResponse(response);
  }

  onTimeout(): void {
    if (this.finalSeen) return;
    if (this.hasNext()) {
      this.ctx.log.info(`timeout from ${describe(this.targets[this.attempt]!)}; trying next target`);
      this.next();
      return;
    }
    this.finalSeen = true;
    this.user.onTimeout();
  }

  onTransportError(error: TransportError): void {
    if (this.finalSeen) return;
    if (this.hasNext()) {
      this.ctx.log.info(`transport error to ${describe(this.targets[this.attempt]!)} (${error.message}); trying next target`);
      this.next();
      return;
    }
    this.finalSeen = true;
    this.user.onTransportError(error);
  }

  /** Ends the transaction without telling the user (shutdown). */
  terminate(): void {
    this.finalSeen = true;
    this.transaction?.terminate();
  }

  private hasNext(): boolean {
    // Once a provisional response arrived the server has the request: no failover (RFC 3263 §4.3).
    return !this.provisionalSeen && this.attempt + 1 < this.targets.length;
  }

  private next(): void {
    this.attempt++;
    const destination = this.targets[this.attempt]!;
    const headers = this.original.headers.clone();
    headers.remove("Via");
    headers.prepend("Via", this.ctx.viaFor(destination, this.ctx.newBranch()));
    if (!headers.has("Max-Forwards")) headers.append("Max-Forwards", "70");
    this.current = { ...this.original, headers };
    this.transaction = this.ctx.startTransaction(this.current, destination, this);
  }

  // RFC 3261 §9.1: CANCEL copies Request-URI, Call-ID, To, From, CSeq number and the top Via.
  private sendCancel(): void {
    if (this.cancelSent || !this.transaction) return;
    this.cancelSent = true;
    const invite = this.current;
    const headers = new Headers([["Via", invite.headers.get("Via") ?? ""]]);
    for (const name of ["Route", "From", "To", "Call-ID", "Max-Forwards"]) {
      for (const value of invite.headers.getAll(name)) headers.append(name, value);
    }
    const seq = (invite.headers.get("CSeq") ?? "1").trim().split(/\s+/)[0];
    headers.append("CSeq", `${seq} CANCEL`);
    const cancel: SipRequest = { type: "request", method: "CANCEL", uri: invite.uri, version: "SIP/2.0", headers, body: Buffer.alloc(0) };
    const log = this.ctx.log;
    this.ctx.startTransaction(cancel, this.transaction.destination, {
      onResponse: (r) => log.debug(`CANCEL answered ${r.status}`),
      onTimeout: () => log.warn("CANCEL timed out"),
      onTransportError: (e) => log.warn(`CANCEL transport error: ${e.message}`),
    });
  }
}

export function describe(endpoint: Endpoint): string {
  const host = endpoint.address.includes(":") ? `[${endpoint.address}]` : endpoint.address;
  return `${endpoint.protocol}:${host}:${endpoint.port}`;
}

