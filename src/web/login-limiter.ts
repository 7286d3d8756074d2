/**
 * Login attempt limits: at most `perAddress` attempts from one client address, and
 * `overall` from all addresses together, in any `windowMs` (a sliding window on the
 * injected Clock). A successful login clears its address's count. Attempts are counted
 * before the password is checked, so parallel guesses are limited too.
 */
import type { Clock } from "../util/clock.js";

export interface LoginLimits {
  /** Default 5. */
  perAddress: number;
  /** Default 20. */
  overall: number;
  /** Default 60 s. */
  windowMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { perAddress: 5, overall: 20, windowMs: 60_000 };

export class LoginLimiter {
  private readonly byAddress = new Map<string, number[]>();
  private all: number[] = [];

  constructor(private readonly clock: Clock, private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS) {}

  /** Counts an attempt and returns 0, or returns the seconds to wait before the next one is allowed. */
  attempt(address: string): number {
    const now = this.clock.now();
    this.forgetBefore(now - this.limits.windowMs);
    const mine = this.byAddress.get(address) ?? [];
    const waits = [
      mine.length >= this.limits.perAddress ? mine[0]! : undefined,
      this.all.length >= this.limits.overall ? this.all[0]! : undefined,
    ].filter((t): t is number => t !== undefined);
    if (waits.length > 0) return Math.max(1, Math.ceil((Math.max(...waits) + this.limits.windowMs - now) / 1000));
    mine.push(now);
    this.byAddress.set(address, mine);
    this.all.push(now);
    return 0;
  }

  succeeded(address: string): void {
    this.byAddress.delete(address);
  }

  private forgetBefore(cutoff: number): void {
    this.all = this.all.filter((t) => t > cutoff);
    for (const [address, times] of this.byAddress) {
      const kept = times.filter((t) => t > cutoff);
      if (kept.length === 0) this.byAddress.delete(address);
      else this.byAddress.set(address, kept);
    }
  }
}
