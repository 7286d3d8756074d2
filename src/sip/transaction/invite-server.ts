/**
 * INVITE server transaction: RFC 3261 §17.2.1 with the Accepted state of RFC 6026 §7.1.
 *
 *   INVITE ─→ Proceeding ─1xx from TU: send→ (stay)     INVITE again: resend the last 1xx
 *               │  │      (TU silent for 200 ms: send 100 Trying)
 *               │  └─300-699 from TU: send─→ Completed ─ACK─→ Confirmed ─Timer I─→ Terminated
 *               │        Timer G (unreliable): resend final, interval doubles up to T2;
 *               │        INVITE again: resend final;  Timer H (onServerTimeout) ─→ Terminated
 *               └─2xx from TU: send───────→ Accepted ─Timer L─→ Terminated
 *                        INVITE again: absorbed; 2xx from TU: sent; ACK: to the TU
 *   transport error (onServerTransportError) ─→ Terminated; in Accepted it stays (RFC 6026 §7.1)
 */
import { createResponse, type SipRequest, type SipResponse } from "../message/index.js";
import type { Source, TransportError } from "../transport/types.js";
import { guardSend, type MachineContext, type ServerMachineEvents } from "./machine-kit.js";
import { TransactionMachine } from "./transaction-machine.js";
import type { ServerTransaction } from "./types.js";

export enum InviteServerState {
  Proceeding = "Proceeding",
  Completed = "Completed",
  Confirmed = "Confirmed",
  Accepted = "Accepted",
  Terminated = "Terminated",
}

const S = InviteServerState;
const ALLOWED: Record<InviteServerState, readonly InviteServerState[]> = {
  [S.Proceeding]: [S.Completed, S.Accepted, S.Terminated],
  [S.Completed]: [S.Confirmed, S.Terminated],
  [S.Confirmed]: [S.Terminated],
  [S.Accepted]: [S.Terminated],
  [S.Terminated]: [],
};

type TimerName = "Trying" | "G" | "H" | "I" | "L";

export class InviteServerTransaction
  extends TransactionMachine<InviteServerState, TimerName>
  implements ServerTransaction {
  private lastProvisional: SipResponse | undefined;
  private final: SipResponse | undefined;

  constructor(
    readonly id: string,
    readonly request: SipRequest,
    readonly source: Source,
    private readonly events: ServerMachineEvents,
    ctx: MachineContext,
  ) {
    super({ name: "IST", initial: S.Proceeding, terminated: S.Terminated, allowed: ALLOWED }, ctx);
  }

  /** The first final response the TU sent, if any (its To tag matches RFC 2543 ACKs, §17.2.3). */
  get finalResponse(): SipResponse | undefined {
    return this.final;
  }

  /** §17.2.1: unless the TU answers within 200 ms, the transaction sends 100 Trying. */
  start(): void {
    this.timers.start("Trying", this.ctx.durations.trying, () => this.sendTrying());
  }

  respond(response: SipResponse): void {
    const status = response.status;
    if (!Number.isInteger(status) || status < 100 || status > 699) throw new RangeError(`invalid status ${status}`);
    if (this.state === S.Proceeding) {
      this.timers.stop("Trying");
      this.send(response);
      if (status < 200) {
        this.lastProvisional = response;
      } else {
        this.final = response;
        this.transition(status < 300 ? S.Accepted : S.Completed);
      }
    } else if (this.state === S.Accepted && status >= 200 && status < 300) {
      // RFC 6026 §7.1: the TU's 2xx retransmissions pass through to the transport.
      this.send(response);
    } else {
      this.ctx.log.warn(`${status} in ${this.state} ignored`);
    }
  }

  /** A retransmission of the INVITE (matched by the layer, §17.2.3). */
  receiveRetransmission(): void {
    if (this.state === S.Proceeding) {
      // §17.2.1: resend the most recent provisional; with none yet, the 100 Trying is due now.
      if (this.lastProvisional) this.send(this.lastProvisional);
      else this.sendTrying();
    } else if (this.state === S.Completed && this.final) {
      this.send(this.final); // §17.2.1: retransmitted INVITE in Completed → resend the final
    }
    // Confirmed, Accepted (RFC 6026 §7.1): absorbed.
  }

  /** An ACK matched to this transaction. */
  receiveAck(ack: SipRequest): void {
    if (this.state === S.Completed) this.transition(S.Confirmed); // §17.2.1
    else if (this.state === S.Accepted) this.events.onAckForSuccess(ack); // RFC 6026 §7.1
    else this.ctx.log.debug(`ACK in ${this.state} absorbed`);
  }

  /** Ends the transaction at once without notifying anyone (shutdown). */
  terminate(): void {
    if (this.state !== S.Terminated) this.transition(S.Terminated);
  }

  private sendTrying(): void {
    this.timers.stop("Trying");
    const trying = createResponse(this.request, 100); // copies Timestamp (§8.2.6.1), adds no To tag
    this.lastProvisional = trying;
    this.send(trying);
  }

  /** §17.2.1: Timer G fires → resend the final; the next interval is min(2·interval, T2). */
  private retransmitAfter(intervalMs: number): void {
    this.timers.start("G", intervalMs, () => {
      if (this.final) this.send(this.final);
      this.retransmitAfter(Math.min(2 * intervalMs, this.ctx.durations.T2));
    });
  }

  private send(response: SipResponse): void {
    guardSend(this.ctx.transport.respond(response, this.source), (error) => this.onTransportError(error));
  }

  /** §17.2.4: a failed send → tell the TU, Terminated; RFC 6026 §7.1: Accepted keeps its state. */
  private onTransportError(error: TransportError): void {
    if (this.state === S.Terminated || this.state === S.Confirmed) return;
    this.ctx.log.warn(`transport error: ${error.message}`);
    if (this.state !== S.Accepted) this.transition(S.Terminated);
    this.events.onTransportError(this, error);
  }

  /** §17.2.1: Timer H fires in Completed → the ACK never came; tell the TU, Terminated. */
  private onTimerH(): void {
    this.transition(S.Terminated);
    this.events.onTimeout(this);
  }

  /** Per-state actions on entry (transition() has checked and logged the move; Terminated never gets here). */
  protected override onEnter(state: InviteServerState): void {
    switch (state) {
      case S.Completed: {
        const first = this.ctx.durations.retransmit;
        if (first !== undefined) this.retransmitAfter(first);
        this.timers.start("H", this.ctx.durations.H, () => this.onTimerH());
        break;
      }
      case S.Confirmed:
        // §17.2.1: the ACK stops G and H; Timer I absorbs further ACKs (zero when reliable).
        this.timers.stop("G");
        this.timers.stop("H");
        this.timers.startOrFireNow("I", this.ctx.durations.I, () => this.transition(S.Terminated));
        break;
      case S.Accepted:
        this.timers.start("L", this.ctx.durations.L, () => this.transition(S.Terminated));
        break;
      default:
        break;
    }
  }
}
