/**
 * The bookkeeping every RFC 3261 §17 state machine repeats: the current state, the
 * check of each move against the machine's table, the debug line that logs it, the
 * machine's named timers, and the end (every timer stopped, the layer told once).
 * Each machine keeps its own enum, diagram, table and per-state actions (onEnter).
 */
import { MachineTimers, type MachineContext } from "./machine-kit.js";

/** A machine's allowed moves and the states the base must know about. */
export interface StateTable<State extends string> {
  /** Short name for StateError messages: "ICT", "NICT", "IST", "NIST". */
  name: string;
  initial: State;
  /** The final state: entering it stops every timer and calls ctx.onTerminated(). */
  terminated: State;
  allowed: Readonly<Record<State, readonly State[]>>;
}

/** A move the state table does not allow: a bug in the machine, not a network event. */
export class StateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StateError";
  }
}

export abstract class TransactionMachine<State extends string, TimerName extends string> {
  /** The transaction id (the branch), named in StateError messages. */
  abstract readonly id: string;
  protected readonly timers: MachineTimers<TimerName>;
  private current: State;

  protected constructor(private readonly table: StateTable<State>, protected readonly ctx: MachineContext) {
    this.current = table.initial;
    this.timers = new MachineTimers(ctx.clock, ctx.log);
  }

  get state(): State {
    return this.current;
  }

  /**
   * The one way to change state: checks the move, logs it, then runs the machine's
   * actions for the new state, or for Terminated stops all timers and tells the layer.
   */
  protected transition(to: State): void {
    const from = this.current;
    if (!this.table.allowed[from].includes(to)) throw new StateError(`${this.table.name} ${this.id}: ${from} -> ${to}`);
    this.ctx.log.debug(`${from} -> ${to}`);
    this.current = to;
    if (to === this.table.terminated) {
      this.timers.stopAll();
      this.ctx.onTerminated();
    } else {
      this.onEnter(to);
    }
  }

  /** The machine's actions on entering a state other than Terminated (timers to start or stop). */
  protected abstract onEnter(state: State): void;
}
