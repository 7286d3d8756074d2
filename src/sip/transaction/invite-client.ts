/**
 * INVITE client transaction: RFC 3261 §17.1.1 with the Accepted state of RFC 6026 §8.4.
 *
 *             ┌─ Timer A (unreliable only): resend INVITE, double the interval
 *   INVITE ─→ Calling ─1xx→ Proceeding ─1xx→ (to TU, stay)
 *               │  │           │  │
 *               │  └─300-699───┼──┴─300-699: send ACK, to TU─→ Completed ─Timer D─→ Terminated
 *               │              │                  (final again: resend ACK)
 *               └────2xx───────┴─2xx: to TU──────────────────→ Accepted ─Timer M─→ Terminated
 *                                                  (2xx again: to TU)
 *   Calling ─Timer B (onTimeout)─→ Terminated;  transport error (onTransportError) ─→ Terminated
 */
import type { SipRequest, SipResponse } from "../message/index.js";
import type { Endpoint, TransportError } from "../transport/types.js";
import { buildAckForFailure } from "./ack.js";
import { guardSend, type MachineContext } from "./machine-kit.js";
import { TransactionMachine } from "./transaction-machine.js";
import type { ClientTransaction, ClientTransactionUser } from "./types.js";

export enum InviteClientState {
  Calling = "Calling",
  Proceeding = "Proceeding",
  Completed = "Completed",
  Accepted = "Accepted",
  Terminated = "Terminated",
}

const S = InviteClientState;
const ALLOWED: Record<InviteClientState, readonly InviteClientState[]> = {
  [S.Calling]: [S.Proceeding, S.Completed, S.Accepted, S.Terminated],
  [S.Proceeding]: [S.Completed, S.Accepted, S.Terminated],
  [S.Completed]: [S.Terminated],
  [S.Accepted]: [S.Terminated],
  [S.Terminated]: [],
};

type TimerName = "A" | "B" | "D" | "M";

export class InviteClientTransaction
  extends TransactionMachine<InviteClientState, TimerName>
  implements ClientTransaction {
  /** The ACK for the non-2xx final response, kept to answer its retransmissions. */
  private ack: SipRequest | undefined;

  constructor(
    readonly id: string,
    readonly request: SipRequest,
    readonly destination: Endpoint,
    private readonly user: ClientTransactionUser,
    ctx: MachineContext,
  ) {
    super({ name: "ICT", initial: S.Calling, terminated: S.Terminated, allowed: ALLOWED }, ctx);
  }

  /** RFC 3261 §17.1.1.2: sends the INVITE; Timer A (unreliable only) and Timer B start. */
  start(): void {
    this.send(this.request);
    const first = this.ctx.durations.retransmit;
    if (first !== undefined) this.retransmitAfter(first);
    this.timers.start("B", this.ctx.durations.B, () => this.onTimerB());
  }

  /** A response the layer matched to this transaction (§17.1.3). */
  receiveResponse(response: SipResponse): void {
    const status = response.status;
    switch (this.state) {
      case S.Calling:
      case S.Proceeding:
        if (status < 200) {
          if (this.state === S.Calling) this.transition(S.Proceeding);
          this.user.onResponse(response);
        } else if (status < 300) {
          // RFC 6026 §8.4: 2xx → Accepted; the TU, not the transaction, sends the ACK.
          this.transition(S.Accepted);
          this.user.onResponse(response);
        } else {
          this.acknowledgeFailure(response);
        }
        return;
      case S.Completed:
        // §17.1.1.2: a retransmitted final response is answered with the same ACK, not passed up.
        if (status >= 300 && this.ack) this.send(this.ack);
        return;
      case S.Accepted:
        // RFC 6026 §8.4: every 2xx received in Accepted goes to the TU.
        if (status >= 200 && status < 300) this.user.onResponse(response);
        return;
      case S.Terminated:
        return;
    }
  }

  terminate(): void {
    if (this.state === S.Terminated) return;
    this.ctx.log.debug("terminated by the TU");
    this.transition(S.Terminated);
  }

  /** §17.1.1.2/§17.1.1.3: 300-699 → build and send the ACK, Completed, response to the TU. */
  private acknowledgeFailure(response: SipResponse): void {
    const ack = buildAckForFailure(this.request, response);
    if (!ack.ok) {
      this.ctx.log.warn(`dropped ${response.status} response: ${ack.error}`);
      return;
    }
    this.ack = ack.value;
    this.send(ack.value);
    this.transition(S.Completed);
    this.user.onResponse(response);
  }

  /** §17.1.1.2: Timer A fires → retransmit and restart it with twice the interval. */
  private retransmitAfter(intervalMs: number): void {
    this.timers.start("A", intervalMs, () => {
      this.send(this.request);
      this.retransmitAfter(intervalMs * 2);
    });
  }

  /** §17.1.1.2: Timer B fires in Calling → timeout to the TU, Terminated. */
  private onTimerB(): void {
    this.transition(S.Terminated);
    this.user.onTimeout();
  }

  private send(message: SipRequest): void {
    guardSend(this.ctx.transport.send(message, this.destination), (error) => this.onTransportError(error));
  }

  /** §17.1.4: a transport failure → tell the TU, Terminated. In Accepted the INVITE got through: ignored. */
  private onTransportError(error: TransportError): void {
    if (this.state === S.Terminated) return;
    if (this.state === S.Accepted) {
      this.ctx.log.warn(`transport error after 2xx ignored: ${error.message}`);
      return;
    }
    this.ctx.log.warn(`transport error: ${error.message}`);
    this.transition(S.Terminated);
    this.user.onTransportError(error);
  }

  /** Per-state actions on entry (transition() has checked and logged the move; Terminated never gets here). */
  protected override onEnter(state: InviteClientState): void {
    // Timers A and B belong to Calling, which is never entered again.
    this.timers.stop("A");
    this.timers.stop("B");
    switch (state) {
      case S.Completed:
        // §17.1.1.2: Timer D absorbs retransmitted finals; zero on reliable transports.
        this.timers.startOrFireNow("D", this.ctx.durations.D, () => this.transition(S.Terminated));
        break;
      case S.Accepted:
        this.timers.start("M", this.ctx.durations.M, () => this.transition(S.Terminated));
        break;
      default:
        break;
    }
  }
}
