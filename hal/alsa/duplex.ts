/**
 * A full-duplex PCM as AlsaLineAudio drives it, whichever way it is opened (our libasound
 * addon, or `arecord`/`aplay` child processes). Both keep the same behaviour: capture
 * paces everything; for each captured period one period is written to playback (the oldest
 * queued frame, or silence) before the captured one is delivered, so the card's capture
 * clock is the only clock, and a frame played in answer to capture k goes out in slot k + 1.
 */

/** What a duplex reports, in order: `opened` at most once, then frames and xruns, then exactly one `ended`. */
export interface DuplexEvents {
  opened(detail: string): void;
  frame(samples: Int16Array): void;
  /** An overrun or underrun that was recovered (a gap in the audio). */
  xrun(detail: string): void;
  /**
   * The PCM is closed: "closed" after `close()`, "gone" when the device went away or could
   * not be opened (worth retrying when the card is back), "failed" for anything else.
   */
  ended(reason: DuplexEnd, detail: string): void;
}

export type DuplexEnd = "closed" | "gone" | "failed";

export interface DuplexOptions {
  /** Frames per period and per captured/played frame (160 = 20 ms at 8 kHz). */
  readonly periodFrames: number;
  /** Capture buffer, in periods. */
  readonly capturePeriods: number;
  /** Playback buffer, in periods. */
  readonly playbackPeriods: number;
  /** Periods of silence written before playback starts (the fixed playback latency). */
  readonly prefillPeriods: number;
  /** Capacity of the play() queue, in frames; beyond it the oldest frame is dropped. */
  readonly queueFrames: number;
}

export const DEFAULT_DUPLEX_OPTIONS: DuplexOptions = { periodFrames: 160, capturePeriods: 8, playbackPeriods: 6, prefillPeriods: 2, queueFrames: 25 };

export interface Duplex {
  /** "addon" or "arecord/aplay", for logs. */
  readonly kind: string;
  /** Queues one frame (exactly `periodFrames` samples) without blocking; true when the oldest queued frame was dropped. */
  play(frame: Int16Array): boolean;
  /** Frames queued by play() and not yet handed to the card. */
  readonly queuedFrames: number;
  /** Asks the duplex to close; `ended("closed")` follows (or the end that was already under way). */
  close(): void;
}

export type OpenDuplex = (pcmName: string, options: DuplexOptions, events: DuplexEvents) => Duplex;
