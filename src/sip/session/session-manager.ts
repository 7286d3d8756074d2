/**
 * The INVITE sessions of one account: the UA core hands it requests, CANCELs
 * and stray responses (it implements the core's handler methods), and the call
 * controller starts calls and receives incoming ones. Returning false tells the
 * core the message is not ours (it answers 481 where §12.2.2 says so).
 */
import type { Clock } from "../../util/clock.js";
import type { Logger, Logs } from "../../util/log.js";
import { DialogTable } from "../dialog/dialog-table.js";
import { dialogKey, incomingRequestDialogId, responseDialogId, type DialogId } from "../dialog/dialog.js";
import { parseCSeq, parseNameAddr, type NameAddr, type SipRequest, type SipResponse, type SipUri } from "../message/index.js";
import { DEFAULT_TIMERS, type ServerTransaction } from "../transaction/types.js";
import type { Protocol } from "../transport/types.js";
import type { RequestSender } from "../ua/types.js";
import { buildResponse, type SessionContext, type SessionTimers } from "./context.js";
import { DialogUsages } from "./dialog-usages.js";
import { IncomingCall } from "./incoming-call.js";
import { OutgoingCall } from "./outgoing-call.js";
import { matchReplaces } from "./replaces-match.js";
import type { Session } from "./session.js";
import type { CallOptions } from "./types.js";

export interface SessionManagerOptions {
  sender: RequestSender;
  clock: Clock;
  logs: Logs;
  timers?: SessionTimers;
  /** Methods for Allow, e.g. ["INVITE", "ACK", "CANCEL", "BYE", "UPDATE", "INFO", "OPTIONS"]. */
  allow: string[];
  /** Option tags for Supported; default none. */
  supported?: string[];
  localContact: (protocol: Protocol) => SipUri;
  /** The account's address of record, sent as Referred-By in our REFERs; default our URI in the dialog. */
  aor?: NameAddr;
  /**
   * A new INVITE became a call. MUST call `call.attach(user)` before returning
   * (else the call is refused with 480); may answer now or later.
   */
  onIncoming: (call: IncomingCall) => void;
  userAgent?: string;
  /** Uniform in [0, 1); default Math.random. Tests pass a fixed one. */
  random?: () => number;
}

/** How long close() waits for BYE and CANCEL outcomes before dropping what is left. */
const DEFAULT_CLOSE_MS = 4000;

export class SessionManager {
  private readonly ctx: SessionContext;
  private readonly log: Logger;
  private readonly dialogs = new DialogTable<Session>();
  private readonly usages = new DialogUsages();
  /** The dialog ids each session is filed under: early ones (§12.1) and the confirmed one. */
  private readonly dialogIds = new Map<Session, Map<string, DialogId>>();
  private readonly sessions = new Set<Session>();
  private readonly incomingByTx = new Map<string, IncomingCall>();
  private readonly outgoingByCallId = new Map<string, OutgoingCall>();
  private readonly idle: Array<() => void> = [];

  constructor(private readonly options: SessionManagerOptions) {
    this.log = options.logs.get("sip.sessions");
    this.ctx = {
      sender: options.sender,
      clock: options.clock,
      logs: options.logs,
      timers: options.timers ?? { T1: DEFAULT_TIMERS.T1, T2: DEFAULT_TIMERS.T2 },
      allow: options.allow,
      supported: options.supported ?? [],
      userAgent: options.userAgent,
      random: options.random ?? Math.random,
      localContact: options.localContact,
      aor: options.aor,
      usages: this.usages,
      register: (id, session) => this.register(id, session),
      unregister: (id, session) => this.unregister(id, session),
      forget: (session) => this.forget(session),
    };
  }

  /** Sessions not yet ended. */
  get size(): number {
    return this.sessions.size;
  }

  /** Starts an outgoing call: sends the INVITE now. */
  call(options: CallOptions): OutgoingCall {
    const call = new OutgoingCall(this.ctx, options);
    this.sessions.add(call);
    this.outgoingByCallId.set(call.callId, call);
    call.start();
    return call;
  }

  /**
   * A request from the core. True if a session took it: a new INVITE (no To tag),
   * or any request (ACK included, `tx` undefined) in one of our dialogs, early
   * ones included (§12.1: a 1xx with a To tag, sent or received, makes one).
   */
  handleRequest(request: SipRequest, tx: ServerTransaction | undefined): boolean {
    const to = parseNameAddr(request.headers.get("To") ?? "");
    if (!to.ok) return false;
    if (to.value.params["tag"] === undefined) {
      return request.method === "INVITE" && tx !== undefined ? this.newIncoming(tx) : false;
    }
    if (request.method === "NOTIFY" && tx && this.usages.routeNotify(request, tx)) return true;
    const id = incomingRequestDialogId(request);
    const session = id && this.dialogs.get(id);
    if (!session) return false;
    session.handleInDialog(request, tx);
    return true;
  }

  /** CANCEL for an INVITE we are answering (§9.2); false if that INVITE is not ours. */
  handleCancel(_cancel: SipRequest, cancelTx: ServerTransaction, inviteTx: ServerTransaction | undefined): boolean {
    const call = inviteTx && this.incomingByTx.get(inviteTx.id);
    if (!call) return false;
    call.handleCancel(cancelTx);
    return true;
  }

  /** A 2xx to one of our INVITEs after its transaction ended: ACK again (§13.2.2.4). */
  handleStrayResponse(response: SipResponse): boolean {
    const cseq = parseCSeq(response.headers.get("CSeq") ?? "");
    if (!cseq.ok || cseq.value.method !== "INVITE" || response.status < 200 || response.status >= 300) return false;
    const id = responseDialogId(response);
    if (!id) return false;
    const session = this.dialogs.get(id);
    if (session?.resendAck(cseq.value.seq)) return true;
    const call = this.outgoingByCallId.get(id.callId);
    if (!call) return false;
    call.handleStray2xx(response);
    return true;
  }

  /**
   * Ends every session: BYE when established, CANCEL while calling, 480 for calls
   * not yet answered; REFER subscriptions end at once (ours with onDone status 0).
   * Resolves when all have ended, or after `timeoutMs` (then the rest are dropped
   * without waiting further).
   */
  close(timeoutMs = DEFAULT_CLOSE_MS): Promise<void> {
    this.usages.close();
    for (const session of [...this.sessions]) {
      if (!(session instanceof IncomingCall && session.reject(480))) session.hangup();
    }
    if (this.sessions.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimer(timeoutMs, () => {
        for (const session of [...this.sessions]) session.abandon("shutdown");
      });
      this.idle.push(() => {
        timer.cancel();
        resolve();
      });
    });
  }

  private newIncoming(tx: ServerTransaction): boolean {
    const replaces = matchReplaces(tx.request, (id) => this.dialogs.get(id));
    const created = replaces.ok ? IncomingCall.create(this.ctx, tx, replaces.value) : replaces;
    if (!created.ok) {
      const { status, reason, headers } = created.error;
      this.log.info(`INVITE refused: ${status} ${reason}`);
      tx.respond(buildResponse(tx.request, status, { reason, headers: headers ?? [] }));
      return true;
    }
    const call = created.value;
    this.sessions.add(call);
    this.incomingByTx.set(tx.id, call);
    this.options.onIncoming(call);
    if (!call.hasUser) {
      this.log.warn("onIncoming did not attach a user: refusing the call");
      call.reject(480);
    }
    return true;
  }

  private register(id: DialogId, session: Session): void {
    this.dialogs.add(id, session);
    const ids = this.dialogIds.get(session) ?? new Map<string, DialogId>();
    ids.set(dialogKey(id), id);
    this.dialogIds.set(session, ids);
  }

  private unregister(id: DialogId, session: Session): void {
    this.dialogs.remove(id, session);
    this.dialogIds.get(session)?.delete(dialogKey(id));
  }

  private forget(session: Session): void {
    this.sessions.delete(session);
    for (const id of this.dialogIds.get(session)?.values() ?? []) this.dialogs.remove(id, session);
    this.dialogIds.delete(session);
    if (session instanceof IncomingCall) this.incomingByTx.delete(session.transactionId);
    if (session instanceof OutgoingCall) this.outgoingByCallId.delete(session.callId);
    if (this.sessions.size === 0) for (const done of this.idle.splice(0)) done();
  }
}
