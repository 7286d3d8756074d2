/**
 * The transaction timers of RFC 3261 §17 and Table 4 of Appendix A (plus Timers L
 * and M of RFC 6026), in milliseconds, for one transaction over a reliable or an
 * unreliable transport.
 */
import type { TimerSettings } from "./types.js";

export interface TimerDurations {
  T2: number;
  /** First interval of the retransmission Timers A, E and G; undefined when reliable (§17.1.1.2). */
  retransmit: number | undefined;
  /** Timers B, F, H, L, M: 64·T1. */
  B: number;
  F: number;
  H: number;
  L: number;
  M: number;
  /** Timer D: at least 32 s unreliable (Table 4 says "> 32 s"), 0 reliable. */
  D: number;
  /** Timers I and K: T4 unreliable, 0 reliable. */
  I: number;
  K: number;
  /** Timer J: 64·T1 unreliable, 0 reliable. */
  J: number;
  /** §17.2.1: the INVITE server sends 100 Trying if the TU is silent this long. */
  trying: number;
}

export function timerDurations(settings: TimerSettings, reliable: boolean): TimerDurations {
  const long = 64 * settings.T1;
  return {
    T2: settings.T2,
    retransmit: reliable ? undefined : settings.T1,
    B: long,
    F: long,
    H: long,
    L: long,
    M: long,
    D: reliable ? 0 : Math.max(32_000, long),
    I: reliable ? 0 : settings.T4,
    K: reliable ? 0 : settings.T4,
    J: reliable ? 0 : long,
    trying: 200,
  };
}
