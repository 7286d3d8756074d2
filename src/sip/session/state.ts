/**
 * The life of one INVITE session, caller and callee side (RFC 3261 §13–15).
 *
 *  UAC: Calling ─1xx+tag→ Early ─2xx (ACK sent)──────────────→ Established ─hangup→ Terminating ─BYE done→ Ended
 *         ↑ └──────┬──────┘ └─3xx→ Calling (next contact)            │  └─ remote BYE, 481/408 ─────────────↗
 *         │      cancel → Cancelling ─487 / final / 2xx (ACK+BYE)────┼──────────────────────────────────────↗
 *  UAS: Incoming ─1xx→ Early ─accept (200)→ Accepted ─ACK→ Established
 *         └──────┴─ reject / redirect / CANCEL / BYE on the early dialog ─→ Ended
 *                                                      Accepted └─ no ACK in 64·T1 → Terminating (BYE)
 */
export enum SessionState {
  /** UAC: INVITE sent, no early dialog yet. */
  Calling = "calling",
  /** UAS: INVITE received, nothing answered yet (the transaction layer may have sent 100). */
  Incoming = "incoming",
  /** A provisional response with a To tag was received (UAC) or sent (UAS): an early dialog exists. */
  Early = "early",
  /** UAC: CANCEL requested; waiting for the INVITE's final response. */
  Cancelling = "cancelling",
  /** UAS: 2xx sent and being retransmitted; waiting for the ACK. */
  Accepted = "accepted",
  Established = "established",
  /** BYE sent; waiting for its final response. */
  Terminating = "terminating",
  Ended = "ended",
}

const S = SessionState;
export const ALLOWED_MOVES: Record<SessionState, readonly SessionState[]> = {
  [S.Calling]: [S.Early, S.Established, S.Cancelling, S.Ended],
  [S.Incoming]: [S.Early, S.Accepted, S.Ended],
  [S.Early]: [S.Calling, S.Accepted, S.Established, S.Cancelling, S.Ended],
  [S.Cancelling]: [S.Ended],
  [S.Accepted]: [S.Established, S.Terminating, S.Ended],
  [S.Established]: [S.Terminating, S.Ended],
  [S.Terminating]: [S.Ended],
  [S.Ended]: [],
};

export class SessionStateError extends Error {
  constructor(from: SessionState, to: SessionState) {
    super(`session ${from} -> ${to} is not allowed`);
    this.name = "SessionStateError";
  }
}
