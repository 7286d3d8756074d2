/**
 * The SIP sessions of src/sip as the port's call controller sees them (src/call/port's
 * CallSignalling and OfferedCall): numbers the controller deals in (forward and transfer
 * targets, call return) become URIs at the line's account, and an INVITE with Replaces
 * (RFC 3891) is matched to the call it replaces by session.
 */
import type { CallSignalling, OfferedCall, OfferedCallUser, TransferUser } from "../call/port/index.js";
import { parseUri, type NameAddr } from "../sip/message/index.js";
import type { IncomingCall, Session } from "../sip/session/index.js";
import type { CallFailure } from "../sip/session/index.js";
import type { Result } from "../util/result.js";

/** A dialled number (or a URI already) as the URI text to send: `sip:<number>@<account domain>`. */
export type UriFor = (number: string) => string;

export class SessionSignalling implements CallSignalling {
  constructor(readonly session: Session, protected readonly uriFor: UriFor) {}

  hangup(): void {
    this.session.hangup();
  }

  reinvite(offer: string): Promise<Result<string, CallFailure>> {
    return this.session.reinvite(offer);
  }

  info(contentType: string, body: string): Promise<Result<void, CallFailure>> {
    return this.session.info(contentType, body);
  }

  refer(referTo: string, user: TransferUser): void {
    if (!this.session.refer(this.uriFor(referTo), user)) user.onDone({ status: 0, reason: "the call cannot be transferred now" });
  }

  replacingTarget(): string {
    return this.session.replacingTarget();
  }
}

export class OfferedSession extends SessionSignalling implements OfferedCall {
  readonly offer: string | undefined;
  readonly from: NameAddr;

  constructor(private readonly call: IncomingCall, uriFor: UriFor) {
    super(call, uriFor);
    this.offer = call.offer;
    this.from = call.from;
  }

  headerValues(name: string): readonly string[] {
    return this.call.invite.headers.list(name);
  }

  attach(user: OfferedCallUser): void {
    this.call.attach(user);
  }

  ringing(): boolean {
    return this.call.ringing();
  }

  accept(sdp: string): boolean {
    return this.call.accept(sdp);
  }

  reject(status: number, reason?: string): boolean {
    return this.call.reject(status, reason);
  }

  /** RFC 3261 §21.3.3 302 Moved Temporarily, Contact: the number at the account's domain. */
  redirect(number: string): boolean {
    const target = parseUri(this.uriFor(number));
    return target.ok ? this.call.redirect([target.value]) : this.call.reject(480, "Temporarily Unavailable");
  }

  replaces(call: CallSignalling): boolean {
    return this.call.replaces !== undefined && call instanceof SessionSignalling && call.session === this.call.replaces;
  }
}
