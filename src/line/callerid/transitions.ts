/**
 * The checked state of a small signalling machine: moves only along its table of allowed
 * moves (a bug otherwise, so it throws), each move logged at debug level.
 */
import type { Logger } from "../../util/log.js";

export class Transitions<S extends string> {
  private current: S;

  constructor(
    private readonly name: string,
    private readonly allowed: Readonly<Record<S, readonly S[]>>,
    initial: S,
    private readonly log?: Logger,
  ) {
    this.current = initial;
  }

  get state(): S {
    return this.current;
  }

  to(next: S): void {
    if (!this.allowed[this.current].includes(next)) throw new Error(`${this.name}: ${this.current} -> ${next}`);
    this.log?.debug(`${this.current} -> ${next}`);
    this.current = next;
  }
}
