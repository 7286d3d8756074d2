/**
 * The listeners of one kind of event on a driver: add returns its own unsubscribe (the
 * same function added twice is two subscriptions), emit calls each in the order added,
 * and a listener that unsubscribes, or adds another, while being called does not disturb
 * the round in progress.
 */
import type { Unsubscribe } from "./line.js";

export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add(listener: (value: T) => void): Unsubscribe {
    const entry = (value: T): void => listener(value);
    this.set.add(entry);
    return () => {
      this.set.delete(entry);
    };
  }

  emit(value: T): void {
    for (const listener of [...this.set]) listener(value);
  }

  clear(): void {
    this.set.clear();
  }
}
