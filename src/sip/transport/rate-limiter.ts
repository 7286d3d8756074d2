/**
 * Caps the stateless error responses (400, and the UA core's 404/405/481 to
 * unknown sources) that a stack sends to whoever claims to be a source, so a
 * flood of spoofed requests cannot turn us into an amplifier (RFC 3261 §26.1.5
 * on denial of service). Two token buckets must both have a token: one per
 * source IP and one shared by everybody. Time comes from the injected Clock.
 * Memory is bounded: past `maxSources` tracked addresses the least recently
 * seen one is forgotten (it comes back with a full bucket, which only matters
 * to an attacker who already controls more addresses than the cap).
 */
import type { Clock } from "../../util/clock.js";

export interface RateLimitSettings {
  /** Responses per second each source IP earns back. */
  perSourcePerSecond: number;
  /** Responses a quiet source may receive in a burst. */
  perSourceBurst: number;
  /** Responses per second for all sources together. */
  globalPerSecond: number;
  globalBurst: number;
  /** Most source addresses remembered at once. */
  maxSources: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitSettings = {
  perSourcePerSecond: 1,
  perSourceBurst: 10,
  globalPerSecond: 50,
  globalBurst: 100,
  maxSources: 4096,
};

interface Bucket {
  tokens: number;
  /** Clock time of the last refill, in ms. */
  atMs: number;
}

export class ResponseRateLimiter {
  readonly settings: RateLimitSettings;
  private readonly sources = new Map<string, Bucket>();
  private readonly global: Bucket;

  constructor(private readonly clock: Clock, settings: Partial<RateLimitSettings> = {}) {
    this.settings = { ...DEFAULT_RATE_LIMIT, ...settings };
    this.global = { tokens: this.settings.globalBurst, atMs: clock.now() };
  }

  /**
   * True when a stateless response to `sourceAddress` may be sent now; the
   * token is then spent from both buckets. False spends nothing.
   */
  allow(sourceAddress: string): boolean {
    const now = this.clock.now();
    const { perSourcePerSecond, perSourceBurst, globalPerSecond, globalBurst } = this.settings;
    refill(this.global, now, globalPerSecond, globalBurst);
    const source = this.touch(sourceAddress, now);
    refill(source, now, perSourcePerSecond, perSourceBurst);
    if (source.tokens < 1 || this.global.tokens < 1) return false;
    source.tokens -= 1;
    this.global.tokens -= 1;
    return true;
  }

  /** How many source addresses are remembered now (never above maxSources). */
  get trackedSources(): number {
    return this.sources.size;
  }

  /** Finds or creates the source's bucket and marks it most recently seen. */
  private touch(address: string, now: number): Bucket {
    let bucket = this.sources.get(address);
    if (bucket) {
      this.sources.delete(address);
    } else {
      bucket = { tokens: this.settings.perSourceBurst, atMs: now };
      // Maps iterate in insertion order, so the first key is the least recently seen.
      while (this.sources.size >= this.settings.maxSources) {
        const oldest = this.sources.keys().next();
        if (oldest.done) break;
        this.sources.delete(oldest.value);
      }
    }
    this.sources.set(address, bucket);
    return bucket;
  }
}

function refill(bucket: Bucket, now: number, perSecond: number, burst: number): void {
  const elapsedMs = Math.max(0, now - bucket.atMs);
  bucket.tokens = Math.min(burst, bucket.tokens + (elapsedMs * perSecond) / 1000);
  bucket.atMs = now;
}
