/**
 * What CallMedia needs of the SIP session: the two in-dialog requests it starts
 * itself. src/sip's Session (OutgoingCall, IncomingCall) has exactly these; tests
 * may pass a fake.
 */
import type { Result } from "../../util/result.js";

/** Why a request of ours failed (src/sip's CallFailure has this shape). */
export interface DialogFailure {
  status: number;
  reason: string;
}

export interface CallDialog {
  /** INFO in the dialog (RFC 6086); resolves once the final response arrives. */
  info(contentType: string, body: string): Promise<Result<void, DialogFailure>>;
  /** re-INVITE with our offer (RFC 3261 §14.1); resolves with the answer SDP. */
  reinvite(offer: string): Promise<Result<string, DialogFailure>>;
}

/** The response our side sends to an offer it cannot take (RFC 3261 §21.4.26 488; 400 for a body that is not SDP). */
export interface OfferRefusal {
  status: 400 | 488;
  reason: string;
}
