/**
 * Message waiting for one account (RFC 3842): a message-summary subscription
 * when configured, and NOTIFYs sent without one (Asterisk and many providers send
 * them to the registered Contact), both answered here and reported through one
 * listener. Other event packages outside a dialog get 489 (RFC 6665 §8.2.1).
 */
import type { NameAddr, SipRequest, SipUri } from "../message/index.js";
import type { ServerTransaction } from "../transaction/index.js";
import type { RequestSender } from "../ua/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import { err, ok, type Result } from "../../util/result.js";
import { parseEvent } from "./event-headers.js";
import { MESSAGE_SUMMARY_TYPE, parseMessageSummary, type MessageSummary } from "./message-summary.js";
import { notifyResponse } from "./subscribe-request.js";
import { SubscriptionClient } from "./subscription-client.js";
import { tellEach } from "../../util/listeners.js";

export const MESSAGE_SUMMARY_EVENT = "message-summary";

/** AccountSettings.mwi: subscribe or not, where, for how long. */
export interface MwiSettings {
  subscribe: boolean;
  /** The voicemail server's URI; default the account's own AOR. */
  uri?: SipUri | undefined;
  /** Expiry asked for; default 3600 s. */
  expiresSec?: number | undefined;
}

/** Where a summary came from: our subscription's dialog, or a NOTIFY outside any dialog. */
export type MessageSummarySource = "subscription" | "unsolicited";
export type MessageSummaryListener = (summary: MessageSummary, source: MessageSummarySource) => void;

export interface MessageWaitingOptions {
  settings: MwiSettings | undefined;
  /** Our From: the account's AOR and display name. */
  from: NameAddr;
  contact: () => SipUri;
  sender: RequestSender;
  clock: Clock;
  logs: Logs;
  logId: string;
  allow: readonly string[];
  userAgent: string | undefined;
  t1Ms?: number;
}

export class MessageWaiting {
  readonly subscription: SubscriptionClient | undefined;
  private readonly listeners = new Set<MessageSummaryListener>();
  private readonly log: Logger;
  private latestSummary: MessageSummary | undefined;

  constructor(options: MessageWaitingOptions) {
    this.log = options.logs.get("sip.mwi", options.logId);
    const settings = options.settings;
    if (!settings?.subscribe) return;
    this.subscription = new SubscriptionClient({
      identity: {
        event: MESSAGE_SUMMARY_EVENT, accept: MESSAGE_SUMMARY_TYPE, target: settings.uri ?? options.from.uri,
        from: options.from, allow: options.allow, userAgent: options.userAgent,
      },
      contact: options.contact, expiresSec: settings.expiresSec, sender: options.sender, clock: options.clock,
      logs: options.logs, logId: options.logId, t1Ms: options.t1Ms,
      onBody: (body, contentType) => this.accept(body, contentType, "subscription"),
    });
  }

  /** The last summary received, from either source. */
  get latest(): MessageSummary | undefined {
    return this.latestSummary;
  }

  /** Calls `listener` with every summary received; returns a function that removes it. */
  onSummary(listener: MessageSummaryListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  start(): void {
    this.subscription?.start();
  }

  /** Un-SUBSCRIBEs (bounded in time); stops every timer. */
  async stop(): Promise<void> {
    await this.subscription?.stop();
  }

  /** A request from the account: true if it was a NOTIFY we answered. */
  handleRequest(request: SipRequest, tx: ServerTransaction | undefined): boolean {
    if (request.method !== "NOTIFY" || !tx) return false;
    if (this.subscription?.handleNotify(request, tx)) return true;
    // A NOTIFY in a dialog we do not know is not ours: the core answers 481 (RFC 6665 §4.1.3).
    if (/;\s*tag=/i.test(request.headers.get("To") ?? "")) return false;
    const answer = (status: number, reason?: string): true => {
      tx.respond(notifyResponse(request, status, { reason, accept: MESSAGE_SUMMARY_TYPE }));
      return true;
    };
    const event = parseEvent(request.headers.get("Event"));
    if (!event.ok) return answer(400, event.error);
    if (event.value.package !== MESSAGE_SUMMARY_EVENT) return answer(489);
    const contentType = request.headers.get("Content-Type");
    if (contentType !== undefined && mediaType(contentType) !== MESSAGE_SUMMARY_TYPE) return answer(415);
    if (request.body.length === 0) return answer(200);
    const read = this.accept(request.body.toString("utf8"), contentType, "unsolicited");
    return read.ok ? answer(200) : answer(400, read.error);
  }

  private accept(body: string, contentType: string | undefined, source: MessageSummarySource): Result<void> {
    if (contentType !== undefined && mediaType(contentType) !== MESSAGE_SUMMARY_TYPE) return err(`body is ${mediaType(contentType)}, not ${MESSAGE_SUMMARY_TYPE}`);
    const summary = parseMessageSummary(body);
    if (!summary.ok) {
      this.log.warn(`NOTIFY (${source}) with a bad message-summary: ${summary.error}`);
      return summary;
    }
    this.latestSummary = summary.value;
    this.log.info(`messages waiting: ${summary.value.messagesWaiting ? "yes" : "no"} (${source})`);
    tellEach(this.listeners, this.log, "summary", summary.value, source);
    return ok(undefined);
  }
}

function mediaType(contentType: string): string {
  return contentType.split(";")[0]!.trim().toLowerCase();
}
