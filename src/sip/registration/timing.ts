/**
 * When to refresh a binding, how long to back off after a failure, and how to
 * spread keep-alives. Pure functions of their inputs so the schedule can be
 * checked number by number.
 */
import type { BackoffOptions } from "./types.js";

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 30_000, maxMs: 1_800_000 };

/**
 * Headroom kept before a binding expires: two UDP non-INVITE transactions
 * (Timer F = 64·T1 = 32 s each), so a refresh that times out against one
 * target and fails over to the next still lands before the binding lapses.
 */
export const REFRESH_MARGIN_MS = 64_000;
/** Never refresh more often than this, whatever the registrar grants. */
export const MIN_REFRESH_MS = 1_000;

/**
 * Refresh rule: at half the grant for short grants, at grant − 64 s for long
 * ones (the switch is at 128 s): 60 s → 30 s, 300 s → 236 s, 3600 s → 3536 s.
 */
export function refreshDelayMs(grantedSec: number): number {
  const grantMs = grantedSec * 1000;
  return Math.max(MIN_REFRESH_MS, grantMs - Math.min(grantMs / 2, REFRESH_MARGIN_MS));
}

/**
 * RFC 5626 §4.5: upper bound = min(max-time, base-time · 2^consecutive-failures),
 * then a uniform pick between 50 % and 100 % of it. `failures` counts from 1.
 */
export function backoffDelayMs(failures: number, random: () => number, backoff: BackoffOptions): number {
  const exponent = Math.min(Math.max(failures, 0), 40);
  const upper = Math.min(backoff.maxMs, backoff.baseMs * 2 ** exponent);
  return Math.round(upper * (0.5 + 0.5 * clampUnit(random())));
}

/** RFC 5626 §4.4.1: keep-alives at a random 80–100 % of the nominal interval. */
export function keepAliveDelayMs(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.8 + 0.2 * clampUnit(random())));
}

function clampUnit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 1) : 1;
}
