/**
 * The REFER subscriptions that share our INVITE dialogs (RFC 3515 §2.4.4, RFC 5057
 * §5): they may outlive the session (a final NOTIFY often follows the BYE), so the
 * manager keeps them here rather than in the session. Routes NOTIFYs to the
 * subscription they name (Event: refer;id=<CSeq of the REFER>, RFC 3515 §2.4.6)
 * and ends every usage at shutdown.
 */
import { dialogKey, incomingRequestDialogId } from "../dialog/dialog.js";
import type { SipRequest } from "../message/index.js";
import { parseEvent } from "../event/event-headers.js";
import type { ServerTransaction } from "../transaction/types.js";

/** Our side of a REFER we sent: it receives the NOTIFYs. */
export interface NotifySubscriber {
  /** dialogKey() of the dialog the REFER went in. */
  readonly dialogKey: string;
  /** The id its NOTIFYs carry: the CSeq number of the REFER as last sent. */
  readonly eventId: string;
  handleNotify(request: SipRequest, tx: ServerTransaction): void;
  /** Shutdown: end without waiting for anything more. */
  close(): void;
}

/** Anything with timers that must stop at shutdown (the notifier of a REFER we accepted). */
export interface Closeable {
  close(): void;
}

export class DialogUsages {
  private readonly subscribers = new Map<string, NotifySubscriber[]>();
  private readonly others = new Set<Closeable>();

  addSubscriber(subscriber: NotifySubscriber): void {
    const list = this.subscribers.get(subscriber.dialogKey) ?? [];
    list.push(subscriber);
    this.subscribers.set(subscriber.dialogKey, list);
  }

  removeSubscriber(subscriber: NotifySubscriber): void {
    const list = (this.subscribers.get(subscriber.dialogKey) ?? []).filter((s) => s !== subscriber);
    if (list.length > 0) this.subscribers.set(subscriber.dialogKey, list);
    else this.subscribers.delete(subscriber.dialogKey);
  }

  track(usage: Closeable): void {
    this.others.add(usage);
  }

  untrack(usage: Closeable): void {
    this.others.delete(usage);
  }

  /**
   * A NOTIFY for one of our REFER subscriptions goes to it (true). A NOTIFY without
   * `id` matches the dialog's oldest one (peers that follow RFC 3515's drafts omit it).
   * False when none matches: the session, or the core, answers 481 (RFC 6665 §4.1.3).
   */
  routeNotify(request: SipRequest, tx: ServerTransaction): boolean {
    const id = incomingRequestDialogId(request);
    const list = id && this.subscribers.get(dialogKey(id));
    const event = parseEvent(request.headers.get("Event"));
    if (!list || !event.ok || event.value.package !== "refer") return false;
    const subscriber = event.value.id === undefined ? list[0] : list.find((s) => s.eventId === event.value.id);
    if (!subscriber) return false;
    subscriber.handleNotify(request, tx);
    return true;
  }

  /** Shutdown: every usage ends now. */
  close(): void {
    for (const list of [...this.subscribers.values()]) for (const subscriber of list) subscriber.close();
    for (const usage of [...this.others]) usage.close();
    this.subscribers.clear();
    this.others.clear();
  }
}
