/**
 * An MT8870 DTMF receiver on five GPIO lines: when StD (delayed steering) rises, the four
 * latched outputs Q1 (LSB) – Q4 hold the tone pair's code; StD falls when the tone ends.
 * Each digit is reported twice: at the rise (no `endMs`) and at the fall (with `endMs`).
 */
import type { HardwareDigit, Unsubscribe } from "../line.js";
import type { LogicalLine } from "./gpio-lines.js";

/** MT8870 datasheet, functional decode table: code (Q4..Q1) → key. 10 is "0", 0 is "D". */
export const MT8870_CODES: readonly string[] = ["D", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#", "A", "B", "C"];

export function mt8870Digit(q1: boolean, q2: boolean, q3: boolean, q4: boolean): string {
  return MT8870_CODES[Number(q1) | (Number(q2) << 1) | (Number(q3) << 2) | (Number(q4) << 3)]!;
}

export interface Mt8870Lines {
  readonly q1: LogicalLine;
  readonly q2: LogicalLine;
  readonly q3: LogicalLine;
  readonly q4: LogicalLine;
  readonly strobe: LogicalLine;
}

export class Mt8870Decoder {
  private current: HardwareDigit | undefined;
  private readonly unsubscribe: Unsubscribe;

  constructor(private readonly lines: Mt8870Lines, private readonly report: (digit: HardwareDigit) => void) {
    this.unsubscribe = lines.strobe.onEdge((e) => (e.active ? this.started(e.atMs) : this.ended(e.atMs)));
  }

  stop(): void {
    this.unsubscribe();
  }

  private started(atMs: number): void {
    const { q1, q2, q3, q4 } = this.lines;
    this.current = { digit: mt8870Digit(q1.read(), q2.read(), q3.read(), q4.read()), startMs: atMs };
    this.report(this.current);
  }

  private ended(atMs: number): void {
    if (!this.current) return;
    this.report({ ...this.current, endMs: atMs });
    this.current = undefined;
  }
}
