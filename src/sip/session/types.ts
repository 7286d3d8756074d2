/**
 * What INVITE sessions tell their users (RFC 3261 §13–15, RFC 3311). Sessions
 * carry SDP as strings: building offers and answers is the user's business.
 * Every callback is called synchronously from the SIP layer. Implementations
 * MUST NOT throw and MUST return promptly; they MAY call back into the call
 * (e.g. hangup() from onAnswered, accept() later from a timer).
 */
import type { NameAddr, SipUri } from "../message/index.js";
import type { Protocol } from "../transport/types.js";

/** Why a call attempt failed: the final status as received (or 408/503 for timeout/transport). */
export interface CallFailure {
  status: number;
  reason: string;
  /** The Reason header of the response (RFC 3326), raw, when present. */
  reasonHeader?: string;
}

/** How a session that got past the answer ended. */
export interface CallEnd {
  by: "local" | "remote";
  /** Why, when not a plain BYE: e.g. "no ACK", "481 Call/Transaction Does Not Exist", "shutdown". */
  reason?: string;
}

/** Events of a session in both directions, once a dialog is up. */
export interface SessionUser {
  /** The session is over (BYE either way, no ACK, dialog lost). Called once; nothing follows. */
  onEnded(end: CallEnd): void;
  /**
   * The peer offered SDP in a re-INVITE or UPDATE. MUST return the answer SDP
   * synchronously, or undefined to refuse the offer (we answer 488 and the session
   * stays as it was).
   */
  onRemoteOffer(offer: string): string | undefined;
  /** The peer answered, in its ACK, an offer we made in a 2xx to its offerless re-INVITE. */
  onRemoteAnswer?(answer: string): void;
  /**
   * An INFO request arrived (e.g. DTMF relay). It is answered with the status returned
   * (400 for a body that cannot be read, 415 for a type not understood: RFC 6086 §4.2.2), or
   * 200 when nothing is returned.
   */
  onInfo?(contentType: string | undefined, body: string): number | void;
  /**
   * The peer asks us to call `refer.referTo` (RFC 3515; we are the transferee). Return
   * true to take it: we answer 202 and NOTIFY "100 Trying" (§2.4.4); the user then places
   * the call itself and reports its progress with refer.notify(). False, or no onRefer: 603.
   */
  onRefer?(refer: IncomingRefer): boolean;
}

/** A REFER we accepted (RFC 3515 §2.4): what to call, and the way to report how it goes. */
export interface IncomingRefer {
  /** The Refer-To URI as sent, URI headers (Replaces...) included; requestUriForm() drops them. */
  readonly referTo: SipUri;
  /** `referTo` as text, URI headers kept (an OutgoingCall to it sends its Replaces: CallOptions.target). */
  readonly target: string;
  /** The Replaces value (RFC 3891) carried in the Refer-To URI, %-decoded, for the new INVITE. */
  readonly replaces: string | undefined;
  /** Referred-By (RFC 3892), when the REFER had one. */
  readonly referredBy: NameAddr | undefined;
  /**
   * Sends NOTIFY with sipfrag `SIP/2.0 <status> <reason>` (RFC 3515 §2.4.5): active while
   * status < 200, terminated;reason=noresource from a final status on. Only the latest
   * status waits while an earlier NOTIFY is in flight. False once the subscription is over.
   */
  notify(status: number, reason: string): boolean;
}

/**
 * How a transfer we asked for ended. `status` is the final status of the sipfrag in
 * a NOTIFY (≥ 200); or the REFER's own failure (≥ 300, 408 timeout, 503 transport);
 * or 408 when no NOTIFY came within the wait (see Session.refer); or 0 when the
 * subscription ended without a final status (terminated NOTIFY, 2xx with
 * Refer-Sub: false, shutdown) — `reason` says which.
 */
export interface ReferOutcome {
  status: number;
  reason: string;
}

/** Events of a REFER we sent (we are the transferor). onDone comes exactly once; nothing follows it. */
export interface ReferUser {
  /** A 2xx answered the REFER: the peer will try. */
  onAccepted?(): void;
  /** A NOTIFY reported a provisional status (100 Trying, 180 Ringing...). */
  onProgress?(status: number, reason: string): void;
  onDone(outcome: ReferOutcome): void;
}

/** The caller side (UAC). Exactly one of onFailed or onEnded ends every call. */
export interface CallUser extends SessionUser {
  /** A provisional response other than 100 (180 Ringing, 183 Session Progress...). */
  onProgress(status: number, reason: string): void;
  /** A provisional response carried SDP (early media); called again when it changes. */
  onEarlyMedia(sdp: string): void;
  /** The call was answered with this SDP answer; the ACK has been sent. */
  onAnswered(sdp: string): void;
  /** The call never got answered (final non-2xx, timeout 408, transport 503, cancel 487). */
  onFailed(failure: CallFailure): void;
  /** A 3xx sent us on to `target`; a new INVITE goes there now. */
  onRedirect?(target: SipUri): void;
}

/**
 * The callee side (UAS). Ends with onCancelled (the caller gave up before the
 * answer) or onEnded; reject() and redirect() end the call without a callback.
 */
export interface IncomingCallUser extends SessionUser {
  /** CANCEL, or a BYE on the early dialog (§15.1.2), arrived before we answered; 487 has been sent. */
  onCancelled(): void;
  /**
   * The ACK for our 200 arrived: the call is up. `answer` is the ACK's SDP when the
   * INVITE had no offer (we offered in the 200); undefined otherwise.
   */
  onConfirmed(answer: string | undefined): void;
}

export interface CallOptions {
  /** Request-URI of the INVITE. */
  target: SipUri;
  from: NameAddr;
  /** Defaults to the target without display name. */
  to?: NameAddr;
  /** SDP offer. */
  offer: string;
  /**
   * Extra headers for the INVITE (e.g. P-Preferred-Identity, Alert-Info, Replaces). A Replaces
   * header in `target` (RFC 3261 §19.1.5; a Refer-To with Replaces) is sent too unless given here.
   */
  headers?: ReadonlyArray<readonly [string, string]>;
  user: CallUser;
  /** Transport the account uses, for our Contact; default from the target (sips → tls, transport param) or udp. */
  protocol?: Protocol;
}
