/**
 * Cuts a byte stream into protocol lines (docs/line-protocol.md §1): LF, CR or CR LF end a
 * line, empty lines vanish, and a line longer than the limit is thrown away up to its
 * terminator and reported once as overlong. Memory is bounded by the limit whatever
 * arrives; a line split across reads comes out whole.
 */
import { MAX_LINE_CHARS } from "./line-protocol.js";

export type SplitItem = { readonly kind: "line"; readonly text: string } | { readonly kind: "overlong"; readonly length: number };

const LF = 0x0a;
const CR = 0x0d;

export class LineSplitter {
  private readonly buffer: Uint8Array;
  private used = 0;
  /** Bytes of the current line beyond the limit; > 0 while discarding. */
  private dropped = 0;

  constructor(private readonly maxChars = MAX_LINE_CHARS) {
    this.buffer = new Uint8Array(maxChars);
  }

  /** The complete lines in `chunk` (with what came before it), in order. */
  push(chunk: Uint8Array): SplitItem[] {
    const out: SplitItem[] = [];
    for (const byte of chunk) {
      if (byte === LF || byte === CR) {
        this.end(out);
      } else if (this.used < this.maxChars && this.dropped === 0) {
        this.buffer[this.used++] = byte;
      } else {
        this.dropped++;
      }
    }
    return out;
  }

  /** Bytes held for a line not yet ended. */
  get pending(): number {
    return this.used + this.dropped;
  }

  /** Forgets a partial line (the port was reopened: its start belongs to another session). */
  reset(): void {
    this.used = 0;
    this.dropped = 0;
  }

  private end(out: SplitItem[]): void {
    if (this.dropped > 0) out.push({ kind: "overlong", length: this.used + this.dropped });
    else if (this.used > 0) out.push({ kind: "line", text: Buffer.from(this.buffer.subarray(0, this.used)).toString("latin1") });
    this.reset();
  }
}
