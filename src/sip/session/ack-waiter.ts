/**
 * RFC 3261 §13.3.1.4: the UAS core, not the transaction, makes a 2xx to INVITE
 * reliable: it passes the 2xx to the transaction again at T1, 2·T1, ... capped at
 * T2 until the ACK arrives (for every transport: later hops may be UDP), and gives
 * up after 64·T1. The INVITE server transaction in Accepted (RFC 6026 §7.1)
 * forwards each of these to the transport.
 */
import type { Clock, Timer } from "../../util/clock.js";
import type { SipResponse } from "../message/index.js";
import type { ServerTransaction } from "../transaction/types.js";
import type { SessionTimers } from "./context.js";

export interface AckWaiterOptions {
  clock: Clock;
  timers: SessionTimers;
  transaction: ServerTransaction;
  response: SipResponse;
  /** CSeq number of the INVITE; the ACK carries the same. */
  inviteSeq: number;
  /** True when the 2xx carries our offer, so the ACK must carry the answer. */
  offerInResponse: boolean;
  onTimeout: () => void;
}

export class AckWaiter {
  readonly inviteSeq: number;
  readonly offerInResponse: boolean;
  private retransmit: Timer | undefined;
  private deadline: Timer | undefined;
  private intervalMs: number;

  constructor(private readonly options: AckWaiterOptions) {
    this.inviteSeq = options.inviteSeq;
    this.offerInResponse = options.offerInResponse;
    this.intervalMs = options.timers.T1;
  }

  /** Sends the 2xx and starts the retransmission and 64·T1 timers. */
  start(): void {
    const { clock, timers, transaction, response } = this.options;
    transaction.respond(response);
    this.schedule();
    this.deadline = clock.setTimer(64 * timers.T1, () => {
      this.stop();
      this.options.onTimeout();
    });
  }

  stop(): void {
    this.retransmit?.cancel();
    this.deadline?.cancel();
    this.retransmit = undefined;
    this.deadline = undefined;
  }

  private schedule(): void {
    this.retransmit = this.options.clock.setTimer(this.intervalMs, () => {
      this.options.transaction.respond(this.options.response);
      this.intervalMs = Math.min(2 * this.intervalMs, this.options.timers.T2);
      this.schedule();
    });
  }
}
