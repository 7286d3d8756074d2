/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2).
 *
 *             ┌─ Timer E (unreliable only): resend; interval doubles up to T2 in
 *             │  Trying, is T2 in Proceeding
 *   request ─→ Trying ─1xx: to TU→ Proceeding ─1xx→ (to TU, stay)
 *               │                    │
 *               └──200-699: to TU────┴──────────→ Completed ─Timer K─→ Terminated
 *                                                  (final again: absorbed)
 *   Trying/Proceeding ─Timer F (onTimeout)─→ Terminated; transport error ─→ Terminated
 */
import type { SipRequest, SipResponse } from "../message/index.js";
import type { Endpoint, TransportError } from "../transport/types.js";
import { guardSend, type MachineContext } from "./machine-kit.js";
import { TransactionMachine } from "./transaction-machine.js";
import type { ClientTransaction, ClientTransactionUser } from "./types.js";

export enum NonInviteClientState {
  Trying = "Trying",
  Proceeding = "Proceeding",
  Completed = "Completed",
  Terminated = "Terminated",
}

const S = NonInviteClientState;
const ALLOWED: Record<NonInviteClientState, readonly NonInviteClientState[]> = {
  [S.Trying]: [S.Proceeding, S.Completed, S.Terminated],
  [S.Proceeding]: [S.Completed, S.Terminated],
  [S.Completed]: [S.Terminated],
  [S.Terminated]: [],
};

type TimerName = "E" | "F" | "K";

export class NonInviteClientTransaction
  extends TransactionMachine<NonInviteClientState, TimerName>
  implements ClientTransaction {
  constructor(
    readonly id: string,
    readonly request: SipRequest,
    readonly destination: Endpoint,
    private readonly user: ClientTransactionUser,
    ctx: MachineContext,
  ) {
    super({ name: "NICT", initial: S.Trying, terminated: S.Terminated, allowed: ALLOWED }, ctx);
  }

  /** §17.1.2.2: sends the request; Timer E (unreliable only) and Timer F start. */
  start(): void {
    this.send();
    const first = this.ctx.durations.retransmit;
    if (first !== undefined) this.retransmitAfter(first);
    this.timers.start("F", this.ctx.durations.F, () => this.onTimerF());
  }

  /** A response the layer matched to this transaction (§17.1.3). */
  receiveResponse(response: SipResponse): void {
    if (this.state === S.Completed || this.state === S.Terminated) return; // §17.1.2.2: absorbed
    if (response.status < 200) {
      if (this.state === S.Trying) this.transition(S.Proceeding);
    } else {
      this.transition(S.Completed);
    }
    this.user.onResponse(response);
  }

  terminate(): void {
    if (this.state === S.Terminated) return;
    this.ctx.log.debug("terminated by the TU");
    this.transition(S.Terminated);
  }

  /**
   * §17.1.2.2: Timer E fires → retransmit; the next interval is min(2·interval, T2)
   * in Trying and T2 in Proceeding.
   */
  private retransmitAfter(intervalMs: number): void {
    this.timers.start("E", intervalMs, () => {
      this.send();
      const t2 = this.ctx.durations.T2;
      this.retransmitAfter(this.state === S.Proceeding ? t2 : Math.min(2 * intervalMs, t2));
    });
  }

  /** §17.1.2.2: Timer F fires in Trying or Proceeding → timeout to the TU, Terminated. */
  private onTimerF(): void {
    this.transition(S.Terminated);
    this.user.onTimeout();
  }

  private send(): void {
    guardSend(this.ctx.transport.send(this.request, this.destination), (error) => this.onTransportError(error));
  }

  /** §17.1.4: a transport failure → tell the TU, Terminated. Once the final has arrived it is moot. */
  private onTransportError(error: TransportError): void {
    if (this.state === S.Terminated) return;
    if (this.state === S.Completed) {
      this.ctx.log.warn(`transport error after the final response ignored: ${error.message}`);
      return;
    }
    this.ctx.log.warn(`transport error: ${error.message}`);
    this.transition(S.Terminated);
    this.user.onTransportError(error);
  }

  /** Per-state actions on entry (transition() has checked and logged the move; Terminated never gets here). */
  protected override onEnter(state: NonInviteClientState): void {
    switch (state) {
      case S.Completed:
        // §17.1.2.2: Timer K absorbs retransmitted finals; zero on reliable transports.
        this.timers.stop("E");
        this.timers.stop("F");
        this.timers.startOrFireNow("K", this.ctx.durations.K, () => this.transition(S.Terminated));
        break;
      default:
        // Proceeding: Timers E and F keep running (§17.1.2.2).
        break;
    }
  }
}
