/**
 * What a caller ID display attached to the simulated handset shows. The handset feeds it
 * everything the line carries (on-hook too: Bell 202 and V.23 caller ID arrive between
 * ring bursts, ETSI variants after a polarity reversal), with the line's DC state, and
 * reads back what it decoded. The decoder itself lives in src/dsp and is plugged in when
 * the board is opened (reader-display.ts); without one the handset shows no calls and no message waiting.
 */
import type { Polarity } from "../../hal/line.js";

/** DESIGN.md §4: one entry of GET /api/sim/lines/:n `callerId`, newest last. */
export interface CallerIdEntry {
  readonly number: string;
  readonly name: string;
  /** As the display shows it (the message's month, day, hour and minute). */
  readonly time: string;
}

/** The DC state of the loop at the phone when a frame was heard. */
export interface LineConditions {
  readonly offHook: boolean;
  /** Ring voltage on. */
  readonly bell: boolean;
  readonly polarity: Polarity;
}

export interface CallerIdDisplay {
  /** One frame of line audio at the phone, in order, every frame (on-hook and off). */
  hear(frame: Int16Array, atMs: number, conditions: LineConditions): void;
  /** Calls shown so far, newest last. */
  readonly calls: readonly CallerIdEntry[];
  /** The message-waiting indicator as last set by the line. */
  readonly mwi: boolean;
}
