/**
 * Finds what owns a dialog by its identifier (Call-ID, local tag, remote tag),
 * RFC 3261 §12. Tags compare exactly (they are tokens); Call-IDs compare exactly (§20.8).
 */
import { dialogKey, type DialogId } from "./dialog.js";

export class DialogTable<T> {
  private readonly entries = new Map<string, T>();

  get size(): number {
    return this.entries.size;
  }

  /** Files `value` under `id`, replacing any earlier entry with the same id. */
  add(id: DialogId, value: T): void {
    this.entries.set(dialogKey(id), value);
  }

  get(id: DialogId): T | undefined {
    return this.entries.get(dialogKey(id));
  }

  /** Removes the entry under `id` only if it is `value` (a newer owner is left alone). */
  remove(id: DialogId, value: T): void {
    const key = dialogKey(id);
    if (this.entries.get(key) === value) this.entries.delete(key);
  }

  values(): T[] {
    return [...this.entries.values()];
  }
}
