/**
 * The contract of one analog port (FXS) as every driver presents it to the layers above.
 * `src/line` turns these raw signals into telephone semantics (debounce, flash, pulse
 * digits, ring cadence); a driver only reports and obeys. Every driver and every fake
 * MUST keep the sentences below; test/unit/hal/line-contract.ts checks them on any Line.
 *
 * Time: every `atMs` is on the monotonic scale of the Clock the driver was given
 * (`clock.now()`), so the line layer can measure edge spacing against its own timers.
 * A driver that has kernel timestamps (GPIO character device) converts them to that scale;
 * one that does not stamps with `clock.now()` when the event arrives.
 */

export type HookState = "on" | "off";
export type Polarity = "forward" | "reverse";

/** One raw transition of the loop: unfiltered, so contact bounce and dial pulses appear as edges. */
export interface HookEdge {
  /** The hook state after the edge ("off": loop closed, current flowing). */
  readonly state: HookState;
  readonly atMs: number;
}

/** A digit reported by a hardware DTMF decoder (e.g. an MT8870 on GPIO). */
export interface HardwareDigit {
  /** One of 0–9 * # A–D. */
  readonly digit: string;
  /** When the decoder raised its strobe (StD) and when it dropped it; `endMs` is absent until then. */
  readonly startMs: number;
  readonly endMs?: number;
}

export type Unsubscribe = () => void;

/** Why a line stopped working (a serial controller unplugged, a GPIO line taken by another process). */
export interface LineFault {
  readonly message: string;
  /** True while the driver keeps trying to get the line back (a later `onFault` with `recovered`). */
  readonly retrying: boolean;
  readonly recovered?: boolean;
}

/**
 * Audio of the port: 16-bit signed PCM, 8000 samples per second, mono, in frames of
 * `frameSamples` (160 = 20 ms unless the board says otherwise).
 */
export interface LineAudio {
  readonly sampleRateHz: number;
  readonly frameSamples: number;
  /**
   * Calls `listener` with each captured frame (what the handset's mouthpiece sends), in
   * order, one call per frame, paced by the capture clock (the sound card, or a drift-free
   * timer in simulation). The frame MUST NOT be modified after the call; the listener may
   * keep it. A gap in capture (overrun, a card that went away) is reported through
   * `Line.onFault`, never by silently shortening frames.
   */
  onCapture(listener: (frame: Int16Array, atMs: number) => void): Unsubscribe;
  /**
   * Queues one frame for the earpiece. MUST NOT block. Frames play in the order written;
   * when nothing is queued the driver plays silence (never repeats old audio). A frame of
   * a length other than `frameSamples` is rejected with a RangeError.
   */
  play(frame: Int16Array): void;
  /** Frames written but not yet played (playback latency in frames). */
  readonly queuedFrames: number;
}

export interface Line {
  /** Stable index of the port on its board, 0-based (the HTTP API's `:n`). */
  readonly index: number;
  /** The hook state after the last reported edge (read from the hardware at open). */
  readonly hook: HookState;
  /**
   * Calls `listener` on every raw hook edge, in order, including bounce. Edges before the
   * subscription are not replayed (read `hook` for the current state).
   */
  onHookEdge(listener: (edge: HookEdge) => void): Unsubscribe;
  /**
   * Applies (true) or removes (false) ring voltage. Resolves once the hardware was told.
   * Cadence is the caller's: a driver rings continuously until told to stop. A driver
   * MUST stop ringing by itself when the loop closes while ringing (ring trip), report
   * that off-hook edge, and resolve later `setRing(true)` calls without ringing while
   * off-hook. Boards that need it (the AG1171's RM pin) return to the talk state after
   * each burst themselves.
   */
  setRing(on: boolean): Promise<void>;
  readonly ringing: boolean;
  /** Sets the loop polarity (line reversal, used by some caller ID standards). */
  setPolarity(polarity: Polarity): Promise<void>;
  readonly polarity: Polarity;
  /** Present only where the board has a DTMF decoder chip. */
  onHardwareDigit?(listener: (digit: HardwareDigit) => void): Unsubscribe;
  onFault(listener: (fault: LineFault) => void): Unsubscribe;
  readonly audio: LineAudio;
  /**
   * Stops ringing, releases pins, ports and sound devices. Idempotent. After close, every
   * method rejects (or throws) with an Error saying the line is closed.
   */
  close(): Promise<void>;
}

/** A board's lines, as opened by its driver set. */
export interface OpenedBoard {
  readonly name: string;
  readonly lines: readonly Line[];
  close(): Promise<void>;
}
