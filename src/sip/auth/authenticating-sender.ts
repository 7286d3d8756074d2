/**
 * A RequestSender that answers digest challenges on its user's behalf
 * (RFC 3261 §22.2–§22.3): on a 401/407 that the authenticator can answer, the
 * request is sent again with CSeq + 1 (§22.2) and fresh credentials, and the
 * user only sees the final outcome. Provisional responses, timeouts and
 * transport errors pass through; a 401/407 reaches the user only when
 * authentication failed, the round limit was hit, or the user cancelled.
 *
 * Dialog users: a retried request carries a higher CSeq than the one given;
 * read `outgoing.request` (the request as last sent) to keep the local CSeq in step.
 */
import { formatCSeq, parseCSeq, type SipRequest, type SipResponse, type SipUri } from "../message/index.js";
import type { ClientTransactionUser } from "../transaction/types.js";
import type { Protocol, TransportError } from "../transport/types.js";
import type { OutgoingRequest, RequestSender } from "../ua/types.js";
import { silentLogs, type Logger } from "../../util/log.js";
import type { DigestAuthenticator } from "./authenticator.js";

export interface AuthenticatingSenderOptions {
  /** Challenged re-sends allowed per request (default 3: e.g. proxy, registrar, one stale nonce). */
  maxRounds?: number;
  /** Add cached credentials to new requests before the first send (default true; never for CANCEL). */
  preemptive?: boolean;
  logger?: Logger;
}

/** What every exchange of one sender shares. */
interface ExchangeContext {
  inner: RequestSender;
  authenticator: DigestAuthenticator;
  maxRounds: number;
  log: Logger;
}

export class AuthenticatingSender implements RequestSender {
  private readonly context: ExchangeContext;
  private readonly preemptive: boolean;

  constructor(private readonly inner: RequestSender, authenticator: DigestAuthenticator, options: AuthenticatingSenderOptions = {}) {
    this.context = { inner, authenticator, maxRounds: options.maxRounds ?? 3, log: options.logger ?? silentLogs.get("sip.auth") };
    this.preemptive = options.preemptive ?? true;
  }

  send(request: SipRequest, user: ClientTransactionUser): OutgoingRequest {
    const exchange = new AuthExchange(this.context, user, copyRequest(request));
    if (this.preemptive && request.method !== "CANCEL") this.context.authenticator.addCredentials(request);
    exchange.start(request);
    return exchange;
  }

  sendAck(ack: SipRequest): void {
    this.inner.sendAck(ack);
  }

  contactUri(protocol: Protocol, user?: string): SipUri {
    return this.inner.contactUri(protocol, user);
  }
}

/** One request and its challenged re-sends, seen by the user as one OutgoingRequest. */
class AuthExchange implements OutgoingRequest {
  private current: OutgoingRequest | undefined;
  /** The request object handed to the core last, with the credentials it carries. */
  private lastSent: SipRequest;
  private attempt = 0;
  private rounds = 0;
  private canceled = false;

  constructor(
    private readonly context: ExchangeContext,
    private readonly user: ClientTransactionUser,
    /** The request as the user gave it, before any credentials: each retry starts from a copy. */
    private readonly pristine: SipRequest,
  ) {
    this.lastSent = pristine;
  }

  get request(): SipRequest {
    return this.current?.request ?? this.lastSent;
  }

  cancel(): void {
    this.canceled = true;
    this.current?.cancel();
  }

  start(request: SipRequest): void {
    const attempt = ++this.attempt;
    // Callbacks from an earlier attempt's transaction (late retransmissions) are ignored.
    const live = (): boolean => attempt === this.attempt;
    this.lastSent = request;
    this.current = this.context.inner.send(request, {
      onResponse: (response) => {
        if (live()) this.onResponse(response);
      },
      onTimeout: () => {
        if (live()) this.user.onTimeout();
      },
      onTransportError: (error: TransportError) => {
        if (live()) this.user.onTransportError(error);
      },
    });
  }

  private onResponse(response: SipResponse): void {
    if ((response.status === 401 || response.status === 407) && this.shouldRetry(response)) {
      const retry = this.nextRequest();
      if (retry) {
        this.rounds++;
        this.start(retry);
        return;
      }
    }
    this.user.onResponse(response);
  }

  private shouldRetry(response: SipResponse): boolean {
    if (this.canceled) return false;
    if (this.rounds >= this.context.maxRounds) {
      this.context.log.warn(`${this.pristine.method}: still challenged after ${this.rounds} authenticated attempts`);
      return false;
    }
    return this.context.authenticator.authorize(this.lastSent, response) === "retry";
  }

  /** RFC 3261 §22.2: same request, CSeq incremented, new credentials. Undefined if the CSeq is unusable. */
  private nextRequest(): SipRequest | undefined {
    const cseq = parseCSeq(this.pristine.headers.get("CSeq") ?? "");
    if (!cseq.ok) return undefined;
    const retry = copyRequest(this.pristine);
    retry.headers.remove("Authorization").remove("Proxy-Authorization");
    retry.headers.set("CSeq", formatCSeq({ seq: cseq.value.seq + this.rounds + 1, method: cseq.value.method }));
    this.context.authenticator.addCredentials(retry);
    return retry;
  }
}

function copyRequest(request: SipRequest): SipRequest {
  return { type: "request", method: request.method, uri: request.uri, version: request.version, headers: request.headers.clone(), body: request.body };
}
