/**
 * FakeLine: a Line (hal/line.ts) with nothing behind it, keeping every sentence of the
 * contract, plus controls for the far end of the loop: a test (or the simulated board,
 * which paces it with a timer and puts a handset on it) closes and opens the loop,
 * speaks frames into the mouthpiece, takes what reached the earpiece, and sees the ring
 * voltage and polarity the line applies. Audio is not paced here: each `capture()` is one
 * frame, each `takePlayed()` plays one.
 */
import type {
  HookEdge,
  HookState,
  Line,
  LineAudio,
  LineFault,
  Polarity,
  Unsubscribe,
} from "../line.js";
import { Listeners } from "../listeners.js";
import type { Clock } from "../../src/util/clock.js";

/** What the line applies to the loop, as the far end (a handset) feels it. */
export interface FarEndSignal {
  /** Ring voltage is on. */
  readonly ring: boolean;
  readonly polarity: Polarity;
  readonly atMs: number;
}

export interface FakeLineOptions {
  index: number;
  clock: Clock;
  /** Samples per frame; default 160 (20 ms at 8 kHz). */
  frameSamples?: number;
  /** Hook state at open; default "on". */
  hook?: HookState;
  /** Called once, by the first close(). */
  onClose?: () => void;
}

export class FakeLine implements Line {
  readonly index: number;
  readonly audio: LineAudio;
  private hookState: HookState;
  private ringOn = false;
  private polarityState: Polarity = "forward";
  private closed = false;
  private readonly queue: Int16Array[] = [];
  private readonly edges = new Listeners<HookEdge>();
  private readonly faults = new Listeners<LineFault>();
  private readonly captures = new Listeners<{ frame: Int16Array; atMs: number }>();
  private readonly farEnd = new Listeners<FarEndSignal>();
  private readonly clock: Clock;
  private readonly onCloseHook: (() => void) | undefined;

  constructor(options: FakeLineOptions) {
    this.index = options.index;
    this.clock = options.clock;
    this.hookState = options.hook ?? "on";
    this.onCloseHook = options.onClose;
    const frameSamples = options.frameSamples ?? 160;
    const line = this;
    this.audio = {
      sampleRateHz: 8000,
      frameSamples,
      onCapture: (listener) => {
        line.assertOpen();
        return line.captures.add(({ frame, atMs }) => listener(frame, atMs));
      },
      play: (frame) => line.enqueue(frame),
      get queuedFrames() {
        return line.queue.length;
      },
    };
  }

  get hook(): HookState {
    return this.hookState;
  }

  get ringing(): boolean {
    return this.ringOn;
  }

  get polarity(): Polarity {
    return this.polarityState;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onHookEdge(listener: (edge: HookEdge) => void): Unsubscribe {
    this.assertOpen();
    return this.edges.add(listener);
  }

  onFault(listener: (fault: LineFault) => void): Unsubscribe {
    this.assertOpen();
    return this.faults.add(listener);
  }

  async setRing(on: boolean): Promise<void> {
    this.assertOpen();
    // hal/line.ts: no ringing while the loop is closed (ring trip holds until on-hook).
    const next = on && this.hookState === "on";
    if (next !== this.ringOn) {
      this.ringOn = next;
      this.signalFarEnd();
    }
  }

  async setPolarity(polarity: Polarity): Promise<void> {
    this.assertOpen();
    if (polarity === this.polarityState) return;
    this.polarityState = polarity;
    this.signalFarEnd();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.ringOn = false;
    this.closed = true;
    this.queue.length = 0;
    this.onCloseHook?.();
  }

  // ---- far-end controls ----

  /**
   * The far end closes ("off") or opens ("on") the loop. Reports the edge stamped
   * `atMs` (default now), as a driver with kernel timestamps would; an edge to the
   * current state is ignored (there was no transition). Closing the loop while ringing
   * trips the ring first.
   */
  setLoop(state: HookState, atMs = this.clock.now()): void {
    this.assertOpen();
    if (state === this.hookState) return;
    this.hookState = state;
    if (state === "off" && this.ringOn) {
      this.ringOn = false;
      this.signalFarEnd();
    }
    this.edges.emit({ state, atMs });
  }

  /** One frame from the mouthpiece, delivered to every capture listener. */
  capture(frame: Int16Array, atMs = this.clock.now()): void {
    this.assertOpen();
    if (frame.length !== this.audio.frameSamples) {
      throw new RangeError(`captured frame has ${frame.length} samples, the line's frames have ${this.audio.frameSamples}`);
    }
    this.captures.emit({ frame, atMs });
  }

  /** Plays one frame to the earpiece: the oldest queued one, or silence when none is queued. */
  takePlayed(): Int16Array {
    this.assertOpen();
    return this.queue.shift() ?? new Int16Array(this.audio.frameSamples);
  }

  /** Calls `listener` when ring voltage or polarity changes. */
  onFarEndSignal(listener: (signal: FarEndSignal) => void): Unsubscribe {
    return this.farEnd.add(listener);
  }

  /** Reports a fault to the line's listeners (a test of the layer above). */
  injectFault(fault: LineFault): void {
    this.assertOpen();
    this.faults.emit(fault);
  }

  private enqueue(frame: Int16Array): void {
    this.assertOpen();
    if (frame.length !== this.audio.frameSamples) {
      throw new RangeError(`frame of ${frame.length} samples played on line ${this.index}, whose frames have ${this.audio.frameSamples}`);
    }
    this.queue.push(frame.slice());
  }

  private signalFarEnd(): void {
    this.farEnd.emit({ ring: this.ringOn, polarity: this.polarityState, atMs: this.clock.now() });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`line ${this.index} is closed`);
  }
}
