/**
 * Hot line and warm line around a dial plan (what ATAs call off-hook auto-dial): a hot
 * line dials its number at off-hook; a warm line dials it when no key comes within its
 * delay, and a key before then dials normally through the plan.
 */
import type { DialVerdict, DigitCollector } from "./port-deps.js";

export class HotLine implements DigitCollector {
  private keyed = false;

  /** `delayMs` 0: hot line. */
  constructor(private readonly number: string, private readonly delayMs: number, private readonly plan: DigitCollector) {}

  get current(): DialVerdict {
    return this.delayMs === 0 ? { kind: "dial", number: this.number } : { kind: "collect", timeoutMs: this.delayMs };
  }

  press(key: string): DialVerdict {
    this.keyed = true;
    return this.plan.press(key);
  }

  timeout(): DialVerdict {
    return this.keyed ? this.plan.timeout() : { kind: "dial", number: this.number };
  }
}
