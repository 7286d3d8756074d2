/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2).
 *
 *   request ─→ Trying ─1xx from TU: send─→ Proceeding ─1xx from TU: send→ (stay)
 *               │  (request again: absorbed)   │  (request again: resend the last 1xx)
 *               └─200-699 from TU: send────────┴─→ Completed ─Timer J─→ Terminated
 *                                                   (request again: resend the final)
 *   transport error (onServerTransportError) ─→ Terminated
 */
import type { SipRequest, SipResponse } from "../message/index.js";
import type { Source, TransportError } from "../transport/types.js";
import { guardSend, type MachineContext, type ServerMachineEvents } from "./machine-kit.js";
import { TransactionMachine } from "./transaction-machine.js";
import type { ServerTransaction } from "./types.js";

export enum NonInviteServerState {
  Trying = "Trying",
  Proceeding = "Proceeding",
  Completed = "Completed",
  Terminated = "Terminated",
}

const S = NonInviteServerState;
const ALLOWED: Record<NonInviteServerState, readonly NonInviteServerState[]> = {
  [S.Trying]: [S.Proceeding, S.Completed, S.Terminated],
  [S.Proceeding]: [S.Completed, S.Terminated],
  [S.Completed]: [S.Terminated],
  [S.Terminated]: [],
};

export class NonInviteServerTransaction
  extends TransactionMachine<NonInviteServerState, "J">
  implements ServerTransaction {
  private lastResponse: SipResponse | undefined;

  constructor(
    readonly id: string,
    readonly request: SipRequest,
    readonly source: Source,
    private readonly events: ServerMachineEvents,
    ctx: MachineContext,
  ) {
    super({ name: "NIST", initial: S.Trying, terminated: S.Terminated, allowed: ALLOWED }, ctx);
  }

  respond(response: SipResponse): void {
    const status = response.status;
    if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`invalid status ${status}`);
    if (this.state !== S.Trying && this.state !== S.Proceeding) {
      this.ctx.log.warn(`${status} in ${this.state} ignored`); // §17.2.2: finals after the first are dropped
      return;
    }
    this.lastResponse = response;
    this.send(response);
    if (status >= 200) this.transition(S.Completed);
    else if (this.state === S.Trying) this.transition(S.Proceeding);
  }

  /** A retransmission of the request (matched by the layer, §17.2.3). */
  receiveRetransmission(): void {
    // §17.2.2: absorbed in Trying; in Proceeding and Completed the last response is resent.
    if (this.state === S.Proceeding || this.state === S.Completed) {
      if (this.lastResponse) this.send(this.lastResponse);
    }
  }

  /** Ends the transaction at once without notifying anyone (shutdown). */
  terminate(): void {
    if (this.state !== S.Terminated) this.transition(S.Terminated);
  }

  private send(response: SipResponse): void {
    guardSend(this.ctx.transport.respond(response, this.source), (error) => this.onTransportError(error));
  }

  /** §17.2.4: a failed send → tell the TU, Terminated. */
  private onTransportError(error: TransportError): void {
    if (this.state === S.Terminated) return;
    this.ctx.log.warn(`transport error: ${error.message}`);
    this.transition(S.Terminated);
    this.events.onTransportError(this, error);
  }

  /** Per-state actions on entry (transition() has checked and logged the move; Terminated never gets here). */
  protected override onEnter(state: NonInviteServerState): void {
    if (state === S.Completed) {
      // §17.2.2: Timer J absorbs request retransmissions; zero on reliable transports.
      this.timers.startOrFireNow("J", this.ctx.durations.J, () => this.transition(S.Terminated));
    }
    // Proceeding: no timer (§17.2.2).
  }
}
