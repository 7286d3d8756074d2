/**
 * What the four transaction state machines share besides their base class
 * (transaction-machine.ts): the context the transaction layer hands them, their
 * named timers (all through the injected Clock), and the guarded send that turns a
 * rejected send into a transport-error event.
 */
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import type { SipRequest } from "../message/index.js";
import { TransportError, type SipTransport } from "../transport/types.js";
import type { TimerDurations } from "./timer-durations.js";
import type { ServerTransaction } from "./types.js";

export interface MachineContext {
  transport: SipTransport;
  clock: Clock;
  log: Logger;
  durations: TimerDurations;
  /** Called once, when the machine enters Terminated; the layer drops it from its table. */
  onTerminated(): void;
}

/** Events a server machine reports to the layer (which has the TransactionLayerUser). */
export interface ServerMachineEvents {
  /** Timer H fired (§17.2.1). */
  onTimeout(transaction: ServerTransaction): void;
  onTransportError(transaction: ServerTransaction, error: TransportError): void;
  /** RFC 6026 §7.1: an ACK for a 2xx reached the transaction in Accepted; the TU gets it. */
  onAckForSuccess(ack: SipRequest): void;
}

/** A transaction's named timers; starting a running name restarts it. */
export class MachineTimers<Name extends string> {
  private readonly running = new Map<Name, Timer>();

  constructor(private readonly clock: Clock, private readonly log: Logger) {}

  start(name: Name, delayMs: number, fire: () => void): void {
    this.stop(name);
    this.running.set(name, this.clock.setTimer(delayMs, () => {
      this.running.delete(name);
      this.log.debug(`Timer ${name} fired`);
      fire();
    }));
  }

  /** A zero duration (Timers D, I, J, K on reliable transports) fires at once, synchronously. */
  startOrFireNow(name: Name, delayMs: number, fire: () => void): void {
    if (delayMs <= 0) fire();
    else this.start(name, delayMs, fire);
  }

  stop(name: Name): void {
    this.running.get(name)?.cancel();
    this.running.delete(name);
  }

  stopAll(): void {
    for (const timer of this.running.values()) timer.cancel();
    this.running.clear();
  }
}

/** Waits for a send; a rejection reaches onError as a TransportError (the transport's contract). */
export function guardSend(sending: Promise<void>, onError: (error: TransportError) => void): void {
  sending.catch((error: unknown) => {
    onError(error instanceof TransportError ? error : new TransportError(`transport broke its contract: ${String(error)}`));
  });
}
