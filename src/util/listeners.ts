/**
 * Telling a set of listeners about something: each is called in turn (a copy of the set, so
 * one may unsubscribe itself), and one that throws is logged as the bug it is without
 * keeping the others from hearing.
 */
import type { Logger } from "./log.js";

export function tellEach<A extends unknown[]>(listeners: Iterable<(...args: A) => void>, log: Logger, what: string, ...args: A): void {
  for (const listener of [...listeners]) {
    try {
      listener(...args);
    } catch (error) {
      log.error(`${what} listener threw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
