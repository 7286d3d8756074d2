/**
 * What happens to bytes that arrived, whatever the protocol: parse; a request's
 * top Via gets the received/rport stamp (RFC 3261 §18.2.1, RFC 3581 §4); a
 * response is accepted only if its top Via names us (§18.1.2); unparsable bytes
 * are answered with a rate-limited stateless 400 when they can be, else dropped.
 */
import type { Logger } from "../../util/log.js";
import { parseMessage, topVia } from "../message/index.js";
import type { ParseError, SipResponse } from "../message/index.js";
import { describe } from "./address.js";
import { badRequest } from "./bad-request.js";
import type { LocalIdentity } from "./local-identity.js";
import type { ResponseRateLimiter } from "./rate-limiter.js";
import type { TransportStats } from "./stats.js";
import type { Source, TransportUser } from "./types.js";
import { stampReceived } from "./via-routing.js";

export interface InboundDeps {
  user: TransportUser;
  identity: LocalIdentity;
  limiter: ResponseRateLimiter;
  stats: TransportStats;
  log: Logger;
  /** Sends a stateless response back toward `source` (the transport's respond()). */
  reply(response: SipResponse, source: Source): Promise<void>;
}

export class Inbound {
  constructor(private readonly deps: InboundDeps) {}

  /** One datagram or one framed stream message. Never throws on any input. */
  receive(data: Buffer, source: Source): void {
    const { stats, log } = this.deps;
    const parsed = parseMessage(data);
    if (!parsed.ok) {
      void this.reject(parsed.error, source);
      return;
    }
    const message = parsed.value;
    if (message.type === "request") {
      if (!stampReceived(message, source)) {
        stats.droppedGarbage++;
        log.debug(`dropped ${message.method} without a readable Via from ${describe(source)}`);
        return;
      }
    } else {
      const via = topVia(message);
      // RFC 3261 §18.1.2: a response whose top Via sent-by is not ours is discarded.
      if (!via || !this.deps.identity.ownsSentBy(via)) {
        stats.droppedMisrouted++;
        log.debug(`dropped ${message.status} response not addressed to us from ${describe(source)}`);
        return;
      }
    }
    stats.messagesIn++;
    try {
      this.deps.user.onMessage(message, source);
    } catch (error) {
      // A bug above us must not stop the socket from serving everyone else.
      log.error(`transport user threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  /**
   * A stream whose framing failed (§18.3): `head` is what could be read of the
   * offending message; a 400 goes out if it is an answerable request.
   */
  async rejectFraming(reason: string, head: Buffer, source: Source): Promise<void> {
    if (head.length === 0) return;
    const parsed = parseMessage(head);
    if (!parsed.ok) return this.reject({ reason, answerable: parsed.error.answerable }, source);
    const message = parsed.value;
    const answerable = message.type === "request" ? { method: message.method, headers: message.headers } : undefined;
    return this.reject({ reason, answerable }, source);
  }

  /**
   * Answers unparsable input with a 400 naming the problem when the request can
   * be answered and the rate limiter allows; resolves once that is settled.
   */
  async reject(error: ParseError, source: Source): Promise<void> {
    const { stats, log, limiter } = this.deps;
    stats.parseErrors++;
    const response = badRequest(error);
    if (!response) {
      stats.droppedGarbage++;
      log.debug(`dropped unparsable bytes from ${describe(source)}: ${error.reason}`);
      return;
    }
    if (!limiter.allow(source.address)) {
      stats.rateLimited++;
      log.debug(`${response.status} to ${describe(source)} withheld by the rate limiter (${error.reason})`);
      return;
    }
    // Route the 400 like any response to this request: received/rport point at the real source.
    stampReceived(response, source);
    log.info(`${response.status} ${response.reason} to ${describe(source)}`);
    try {
      await this.deps.reply(response, source);
    } catch (failure) {
      log.debug(`${response.status} to ${describe(source)} not sent: ${(failure as Error).message}`);
    }
  }
}
