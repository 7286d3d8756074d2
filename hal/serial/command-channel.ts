/**
 * Stop-and-wait commands to the controller (docs/line-protocol.md §3): one command
 * outstanding at a time, each with a sequence number; no answer within the timeout sends
 * the same line again with the same number, up to a bounded number of tries, after which
 * the link is reported dead. Answers to numbers no longer awaited are ignored.
 */
import type { Clock, Timer } from "../../src/util/clock.js";
import type { Logger } from "../../src/util/log.js";
import { err, ok, type Result } from "../../src/util/result.js";
import { formatHostCommand, MAX_SEQ, type HostCommand } from "./line-protocol.js";

type WithoutSeq<C> = C extends { seq: number } ? Omit<C, "seq"> : never;
/** A command as callers give it: the channel numbers it. */
export type Command = WithoutSeq<HostCommand>;

export type Answer =
  | { readonly kind: "ack"; readonly fields: readonly string[] }
  | { readonly kind: "refused"; readonly code: string; readonly text: string };

export interface Reply {
  readonly answer: Answer;
  /** Host time the last try left, and how many tries it took. */
  readonly sentAtMs: number;
  readonly tries: number;
}

export interface CommandChannelOptions {
  readonly clock: Clock;
  readonly log: Logger;
  readonly timeoutMs: number;
  readonly tries: number;
  /** Writes one line (terminator added by the writer). */
  readonly write: (line: string) => void;
  /** Every try of a command went unanswered. */
  readonly onExhausted: (reason: string) => void;
}

interface Outstanding {
  readonly line: string;
  readonly seq: number;
  readonly done: (result: Result<Reply, string>) => void;
  tries: number;
  sentAtMs: number;
  timer?: Timer;
}

export class CommandChannel {
  private nextSeq = 1;
  private current: Outstanding | undefined;
  private readonly queue: Outstanding[] = [];

  constructor(private readonly o: CommandChannelOptions) {}

  /** True when nothing is outstanding or queued. */
  get idle(): boolean {
    return this.current === undefined && this.queue.length === 0;
  }

  /** Resolves with the controller's answer, or an error when the link failed first. */
  send(command: Command): Promise<Result<Reply, string>> {
    const seq = this.nextSeq;
    this.nextSeq = seq === MAX_SEQ ? 0 : seq + 1;
    const line = formatHostCommand({ ...command, seq } as HostCommand);
    return new Promise((done) => {
      this.queue.push({ line, seq, done, tries: 0, sentAtMs: 0 });
      if (!this.current) this.startNext();
    });
  }

  /** An `A` or `N` line arrived; returns false when no command waits for that number. */
  answer(seq: number, answer: Answer): boolean {
    const c = this.current;
    if (!c || c.seq !== seq) {
      this.o.log.debug(`answer for seq ${seq} that nothing waits for (late or duplicate)`);
      return false;
    }
    c.timer?.cancel();
    this.current = undefined;
    c.done(ok({ answer, sentAtMs: c.sentAtMs, tries: c.tries }));
    this.startNext();
    return true;
  }

  /** Ends every outstanding and queued command with `reason` (the link went down). */
  failAll(reason: string): void {
    const all = [...(this.current ? [this.current] : []), ...this.queue.splice(0)];
    this.current = undefined;
    for (const c of all) {
      c.timer?.cancel();
      c.done(err(reason));
    }
  }

  private startNext(): void {
    this.current = this.queue.shift();
    if (this.current) this.transmit(this.current);
  }

  private transmit(c: Outstanding): void {
    c.tries++;
    c.sentAtMs = this.o.clock.now();
    c.timer = this.o.clock.setTimer(this.o.timeoutMs, () => this.expire(c));
    this.o.write(c.line);
  }

  private expire(c: Outstanding): void {
    if (this.current !== c) return;
    if (c.tries < this.o.tries) {
      this.o.log.debug(`no answer to "${c.line}" in ${this.o.timeoutMs} ms, try ${c.tries + 1} of ${this.o.tries}`);
      this.transmit(c);
      return;
    }
    const reason = `no answer to "${c.line}" after ${c.tries} tries of ${this.o.timeoutMs} ms`;
    this.current = undefined;
    c.done(err(reason));
    this.o.onExhausted(reason);
  }
}
