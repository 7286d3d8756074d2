/**
 * SimHandset: the telephone on a simulated line, making real signals at the line's far
 * end (a FakeLine). Lifting and replacing close and open the loop; a flash is a timed
 * open loop; pulse dialing is a train of loop breaks; DTMF is dual tones in the
 * mouthpiece audio; what the line plays is recorded at the earpiece and heard by an
 * optional caller ID display. Nothing here decodes digits: the line layer must find them
 * in the edges and the audio, as it would from a real phone.
 * `exchangeFrame()` is the sound card's tick, called every frame by the simulated port.
 */
import type { Polarity } from "../../hal/line.js";
import type { FakeLine } from "../../hal/testing/fake-line.js";
import type { Clock, Timer } from "../../src/util/clock.js";
import type { Logger } from "../../src/util/log.js";
import { err, ok, type Result } from "../../src/util/result.js";
import type { CallerIdDisplay, CallerIdEntry } from "./caller-id-display.js";
import { CasResponder } from "./cas-responder.js";
import { HybridEcho } from "./hybrid-echo.js";
import { DEFAULT_DTMF_TIMING, DTMF_KEYS, type DtmfTiming } from "./dtmf-keypad.js";
import { EarpieceRecorder } from "./earpiece-recorder.js";
import { Mouthpiece } from "./mouthpiece.js";
import { DEFAULT_PULSE_TIMING, PULSE_KEYS, PulseDialer, type PulseTiming } from "./pulse-dialer.js";
import { RingingTracker } from "./ringing-tracker.js";

/** DESIGN.md §4: the body of GET /api/sim/lines/:n. */
export interface SimHandsetState {
  /** The handset is lifted (still true during a flash or a pulse train). */
  offHook: boolean;
  ringing: boolean;
  bell: boolean;
  polarity: Polarity;
  callerId: CallerIdEntry[];
  mwi: boolean;
}

export type DialMethod = "dtmf" | "pulse";

/** `conflict`: not possible in the handset's present state; `invalid`: bad arguments. */
export interface HandsetError {
  kind: "conflict" | "invalid";
  message: string;
}

export interface SimHandsetOptions {
  line: FakeLine;
  clock: Clock;
  log: Logger;
  /** Seconds of earpiece audio kept; default 30. */
  earpieceSeconds?: number;
  display?: CallerIdDisplay;
}

export const DEFAULT_FLASH_MS = 500;
/** |sample| from which the earpiece counts as sounding (about −40 dBm0 at a sine's peak). */
export const EARPIECE_SOUND_THRESHOLD = 330;

export class SimHandset {
  private lifted = false;
  /** When the handset was last lifted, until the earpiece first sounds after it. */
  private listeningSinceMs: number | undefined;
  private flashTimer: Timer | undefined;
  private readonly line: FakeLine;
  private readonly clock: Clock;
  private readonly log: Logger;
  private readonly mouthpiece = new Mouthpiece((samplesAgo) => this.keysDone(samplesAgo));
  private readonly recorder: EarpieceRecorder;
  private readonly bell: RingingTracker;
  private readonly pulses: PulseDialer;
  private readonly display: CallerIdDisplay | undefined;
  /** The line's echo of the earpiece into the mouthpiece; none unless set. */
  readonly hybrid = new HybridEcho();
  /** A CID-CW set: it acknowledges the alerting signal with 'A' (60 ms) so the waiting caller's ID follows. */
  private readonly cas = new CasResponder(() => {
    this.log.info("CPE alerting signal heard: acknowledging with DTMF A");
    this.mouthpiece.sendDtmf("A", { ...DEFAULT_DTMF_TIMING, onMs: 60, offMs: 0 });
  });

  constructor(options: SimHandsetOptions) {
    this.line = options.line;
    this.clock = options.clock;
    this.log = options.log;
    this.display = options.display;
    this.recorder = new EarpieceRecorder(Math.round((options.earpieceSeconds ?? 30) * options.line.audio.sampleRateHz));
    this.bell = new RingingTracker(options.clock);
    this.pulses = new PulseDialer(options.clock, (state, atMs) => this.line.setLoop(state, atMs), () => {
      this.mouthpiece.muted = false;
    });
    this.line.onFarEndSignal((signal) => this.bell.ringVoltage(signal.ring));
  }

  get state(): SimHandsetState {
    return {
      offHook: this.lifted,
      ringing: this.bell.ringing,
      bell: this.bell.bell,
      polarity: this.line.polarity,
      callerId: [...(this.display?.calls ?? [])],
      mwi: this.display?.mwi ?? false,
    };
  }

  /** Milliseconds of recorded earpiece audio available. */
  get earpieceCapacityMs(): number {
    return (this.recorder.capacitySamples * 1000) / this.line.audio.sampleRateHz;
  }

  lift(): void {
    if (this.lifted) return;
    this.lifted = true;
    this.listeningSinceMs = this.clock.now();
    this.bell.stopAlerting();
    this.line.setLoop("off");
    this.log.info("handset lifted");
  }

  /** Hangs up, abandoning any flash or dialing in progress. */
  replace(): void {
    if (!this.lifted) return;
    this.lifted = false;
    this.listeningSinceMs = undefined;
    this.flashTimer?.cancel();
    this.flashTimer = undefined;
    this.pulses.cancel();
    this.mouthpiece.muted = false;
    this.mouthpiece.cancelDtmf();
    this.line.setLoop("on");
    this.log.info("handset replaced");
  }

  /** Presses the hook switch for `durationMs`: one open-loop interval. Returns it. */
  flash(durationMs = DEFAULT_FLASH_MS): Result<number, HandsetError> {
    if (!(durationMs > 0 && durationMs <= 5000)) return err({ kind: "invalid", message: `a flash lasts 1 to 5000 ms (got ${durationMs})` });
    const busy = this.whyBusy();
    if (busy !== undefined) return err({ kind: "conflict", message: `cannot flash: ${busy}` });
    const startMs = this.clock.now();
    this.line.setLoop("on", startMs);
    this.flashTimer = this.clock.setTimer(durationMs, () => {
      this.flashTimer = undefined;
      this.line.setLoop("off", startMs + durationMs);
    });
    this.log.info(`flash of ${durationMs} ms`);
    return ok(durationMs);
  }

  /**
   * Dials `digits` as DTMF key bursts in the mouthpiece or as loop-break trains.
   * Returns how long the dialing takes, in ms.
   */
  dial(digits: string, method: DialMethod, timing: { dtmf?: DtmfTiming; pulse?: PulseTiming } = {}): Result<number, HandsetError> {
    const keys = method === "pulse" ? PULSE_KEYS : DTMF_KEYS;
    if (digits.length > 64 || !keys.test(digits)) {
      const allowed = method === "pulse" ? "0–9" : "0–9, *, #, A–D";
      return err({ kind: "invalid", message: `digits must be 1 to 64 of ${allowed} for ${method} dialing (got ${JSON.stringify(digits)})` });
    }
    const busy = this.whyBusy();
    if (busy !== undefined) return err({ kind: "conflict", message: `cannot dial: ${busy}` });
    let durationMs: number;
    if (method === "dtmf") {
      durationMs = this.mouthpiece.sendDtmf(digits, timing.dtmf ?? DEFAULT_DTMF_TIMING);
    } else {
      this.mouthpiece.muted = true;
      durationMs = this.pulses.dial(digits, timing.pulse ?? DEFAULT_PULSE_TIMING);
    }
    this.log.info(`dialing ${digits} by ${method} (${Math.round(durationMs)} ms)`);
    return ok(durationMs);
  }

  /** What the handset says, looped until replaced or cleared (8 kHz samples). */
  setMouthpiece(samples: Int16Array): void {
    this.mouthpiece.setRecording(samples);
  }

  clearMouthpiece(): void {
    this.mouthpiece.clearRecording();
  }

  /** The last `ms` of what the line played to the phone (less if less was heard). */
  earpiece(ms: number): Int16Array {
    return this.recorder.last((ms * this.line.audio.sampleRateHz) / 1000);
  }

  /** One capture/playback tick of the line's audio, at the tick's nominal time. */
  exchangeFrame(atMs: number): void {
    const frameSamples = this.line.audio.frameSamples;
    const sending = this.mouthpiece.next(frameSamples);
    // No loop current (on-hook, or a dial break): nothing reaches the line, echo included.
    this.line.capture(this.line.hook === "off" ? this.hybrid.apply(sending) : new Int16Array(frameSamples), atMs);
    const heard = this.line.takePlayed();
    this.hybrid.played(heard);
    this.recorder.write(heard);
    if (this.listeningSinceMs !== undefined) this.noteFirstSound(heard, atMs, this.listeningSinceMs);
    if (this.lifted && this.display) this.cas.hear(heard);
    this.display?.hear(heard, atMs, { offHook: this.lifted, bell: this.bell.bell, polarity: this.line.polarity });
  }

  /** Stops timers (the line was closed). */
  stop(): void {
    this.flashTimer?.cancel();
    this.flashTimer = undefined;
    this.pulses.cancel();
    this.bell.stopAlerting();
  }

  /**
   * Logs once per lift when the earpiece first carries sound, in ms after the lift, on the
   * clock the frames are timed by (sample-exact within the frame heard at `atMs`): how long a
   * person waits for dial tone, timed at the phone as a test set would.
   */
  private noteFirstSound(heard: Int16Array, atMs: number, liftedAtMs: number): void {
    const first = heard.findIndex((sample) => Math.abs(sample) >= EARPIECE_SOUND_THRESHOLD);
    if (first < 0) return;
    this.listeningSinceMs = undefined;
    const afterMs = atMs + (first * 1000) / this.line.audio.sampleRateHz - liftedAtMs;
    this.log.info(`earpiece: first sound ${afterMs.toFixed(1)} ms after lifting`);
  }

  /** Logs when the last key of a DTMF sequence is released: what a test set times the dial plan's answer from. */
  private keysDone(samplesAgo: number): void {
    const ms = (samplesAgo * 1000) / this.line.audio.sampleRateHz;
    this.log.info(`DTMF: last key released ${ms.toFixed(1)} ms before the end of the frame just captured`);
  }

  private whyBusy(): string | undefined {
    if (!this.lifted) return "the handset is on-hook (lift it first)";
    if (this.flashTimer !== undefined) return "a flash is in progress";
    if (this.pulses.active) return "still pulse dialing";
    if (this.mouthpiece.dtmfRemainingMs > 0) return `still sending DTMF (${Math.ceil(this.mouthpiece.dtmfRemainingMs)} ms left)`;
    return undefined;
  }
}
