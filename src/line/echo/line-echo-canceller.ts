/**
 * Line echo canceller for one analog port, in the spirit of ITU-T G.168: removes from the
 * handset's audio (the capture, G.168's Sin) the echo the SLIC's 2-wire hybrid makes of
 * what we play to the phone (the reference, Rin), before the audio is sent.
 *
 *   reference x ─┬──────────────────────────────────────────▶ phone (played)
 *                │  foreground F (copy of B when B proves better)
 *                ├─▶ ŷF ─┐
 *   capture y ───┼──────(−)─▶ eF ─▶ NLP + comfort noise ─▶ out (sent)
 *                └─▶ background B, adapted by pre-whitened IPNLMS on eB = y − ŷB
 *
 * Double talk is handled in three layers:
 * - Two paths (Ochiai, Araseki and Ogihara, 1977): B's taps reach the output only when
 *   its residual has been 6 dB below F's, and 15 dB below the capture, for 32 ms (on
 *   64 ms powers, with B's error taken before each step: after it the step has fitted
 *   the sample, near speech included). A B knocked off course is put back to F's taps.
 *   An echo path change makes B better and is followed.
 * - Geigel's test stops B adapting while the capture exceeds twice the echo F models
 *   (relative to the reference's peak; never under 0.5), with a 30 ms hangover.
 * - The NLP sends the residual (does not suppress) only while both Geigel's test, with a
 *   threshold following the echo F predicts, and an energy test (the residual not well
 *   below the capture) see the near end talking (non-linear-processor.ts).
 *
 * The adaptation runs on whitened signals (lpc-whitener.ts: a linear-prediction error
 * filter fitted to the reference frame by frame, applied to reference and capture alike,
 * the tail's history whitened again at each frame), so speech converges nearly as fast
 * as white noise would.
 *
 * A 2100 Hz answer tone disables it (answer-tone-disabler.ts): the capture is then sent
 * exactly as it came. Pure: frames in, frames out, no timers.
 */
import type { Logger } from "../../util/log.js";
import { AnswerToneDisabler } from "./answer-tone-disabler.js";
import { EchoPathFilter } from "./echo-path-filter.js";
import { FramePeaks } from "./frame-peaks.js";
import { GeigelDetector } from "./geigel-detector.js";
import { LPC_ORDER, LpcWhitener } from "./lpc-whitener.js";
import { NonLinearProcessor } from "./non-linear-processor.js";

export interface LineEchoCancellerOptions {
  /** Echo tail covered, 8–128 ms (default 64: G.168's common 64 ms capacity). */
  tailMs?: number;
  /** Non-linear processor (default true). G.168's tests turn it off to see the filter alone. */
  nlp?: boolean;
  /** Comfort noise in place of suppressed residual (default true); false sends silence. */
  comfortNoise?: boolean;
  /** 2100 Hz tone disabler (default true). */
  toneDisabler?: boolean;
  /** Logs when the tone disabler steps in and out. */
  log?: Logger;
}

const SAMPLE_RATE_HZ = 8000;
const STEP_SIZE = 0.5;
/** δ of the IPNLMS step, a mean square in pre-whitened 16-bit units (about −50 dBm0). */
const FLOOR_POWER = 1500;
/** Far end talking (worth adapting on; echo possible) above about −45 dBm0 over the tail. */
const FAR_ACTIVE_POWER = 8300;
/** The two paths are compared on every 4th sample, on powers smoothed over 64 ms. */
const COMPARE_EVERY = 4;
const PATH = COMPARE_EVERY / 512;
/** Comparisons in a row (of COMPARE_EVERY samples each) B must win before it is copied: 32 ms. */
const COPY_AFTER = 64;
/** B must also have removed 15 dB of the capture: near speech it half-tracks during double talk never is. */
const COPY_BELOW_CAPTURE = 1 / 32;
/** Reference samples the whitener analyses: 40 ms. */
const WHITENER_WINDOW = 320;
/** Geigel's threshold for a 6 dB hybrid (G.168's least return loss), and the margins over the modelled echo's peak ratio. */
const GEIGEL_THRESHOLD = 0.5;
const ADAPT_MARGIN = 2;
const NLP_MARGIN = 1.4;
/** The NLP's Geigel threshold is never below 1/16 (24 dB), and its echo peak ratio fades at 6 dB/s. */
const GEIGEL_LEAST = 1 / 16;
const PEAK_RATIO_DECAY = 10 ** (-6 / 20 / 8000);
/** Geigel hangover: 30 ms to stop adapting; 300 ms to keep the NLP open through a near talker's softer sounds. */
const HANGOVER_SAMPLES = 240;
const NLP_HANGOVER_SAMPLES = 2400;
const MIN_TAIL_MS = 8;
const MAX_TAIL_MS = 128;

export class LineEchoCanceller {
  readonly tapCount: number;
  private readonly foreground: EchoPathFilter;
  private readonly background: EchoPathFilter;
  private readonly nlp: NonLinearProcessor | undefined;
  private readonly disabler: AnswerToneDisabler | undefined;
  private readonly log: Logger | undefined;
  /** x and whitened x over the tail plus the whitener's order, each written twice (at p
   *  and p + span) so a window never wraps. */
  private readonly span: number;
  private readonly history: Float64Array;
  private readonly whitened: Float64Array;
  private readonly whitener = new LpcWhitener(WHITENER_WINDOW);
  /** Recent capture samples, written twice like the history, for whitening. */
  private readonly captures = new Float64Array(2 * (LPC_ORDER + 1));
  private at = 0;
  private captureAt = 0;
  private sampleCount = 0;
  private windowEnergy = 0;
  private capturePower = 0;
  private foregroundPower = 0;
  private backgroundPower = 0;
  private betterRun = 0;
  private wasDisabled = false;
  private readonly adaptGeigel = new GeigelDetector(HANGOVER_SAMPLES);
  private readonly nlpGeigel = new GeigelDetector(NLP_HANGOVER_SAMPLES);
  /** Recent peak of |ŷF| / max|x|: how loud the modelled echo gets relative to the reference. */
  private echoPeakRatio = 0;
  private readonly peaks: FramePeaks;

  constructor(options: LineEchoCancellerOptions = {}) {
    const tailMs = options.tailMs ?? 64;
    if (!(tailMs >= MIN_TAIL_MS && tailMs <= MAX_TAIL_MS)) {
      throw new RangeError(`echo tail ${tailMs} ms is outside ${MIN_TAIL_MS}–${MAX_TAIL_MS} ms`);
    }
    this.tapCount = Math.round((tailMs * SAMPLE_RATE_HZ) / 1000);
    this.foreground = new EchoPathFilter(this.tapCount);
    this.background = new EchoPathFilter(this.tapCount);
    this.span = this.tapCount + LPC_ORDER;
    this.history = new Float64Array(2 * this.span);
    this.whitened = new Float64Array(2 * this.span);
    this.nlp = options.nlp === false ? undefined : new NonLinearProcessor(options.comfortNoise !== false);
    this.peaks = new FramePeaks(this.tapCount);
    this.disabler = options.toneDisabler === false ? undefined : new AnswerToneDisabler(SAMPLE_RATE_HZ);
    this.log = options.log;
  }

  /** True while a 2100 Hz answer tone has the canceller stepped aside. */
  get disabled(): boolean {
    return this.disabler?.disabled ?? false;
  }

  /** True while the NLP is replacing the residual (the capture is echo only). */
  get suppressing(): boolean {
    return this.nlp?.active ?? false;
  }

  /** The echo path as currently modelled (the foreground taps; read-only use). */
  get echoPath(): Float64Array {
    return this.foreground.taps;
  }

  /**
   * One frame: `reference` is what was played to the phone, `capture` what the phone
   * sent over the same period (same length, 160 samples at 20 ms). Returns the capture
   * with the echo removed, in `out` if given.
   */
  process(reference: Int16Array, capture: Int16Array, out = new Int16Array(capture.length)): Int16Array {
    if (reference.length !== capture.length || out.length < capture.length) {
      throw new RangeError(`frames differ in length: reference ${reference.length}, capture ${capture.length}, out ${out.length}`);
    }
    const disabled = this.disabler?.frame(reference, capture) ?? false;
    if (disabled !== this.wasDisabled) {
      this.log?.info(disabled ? "2100 Hz answer tone: echo canceller disabled" : "line quiet after answer tone: echo canceller enabled");
      this.wasDisabled = disabled;
    }
    if (!disabled) {
      this.whitener.update(reference);
      this.rewhiten();
    }
    this.peaks.frame(reference);
    for (let i = 0; i < capture.length; i++) {
      this.push(reference[i]!);
      out[i] = disabled ? capture[i]! : clip(this.cancel(capture[i]!));
    }
    return out;
  }

  /** Forgets the echo path and every estimate (a new call on a different line). */
  reset(): void {
    this.foreground.reset();
    this.background.reset();
    this.nlp?.reset();
    this.disabler?.reset();
    this.history.fill(0);
    this.whitened.fill(0);
    this.captures.fill(0);
    this.at = 0;
    this.captureAt = 0;
    this.sampleCount = 0;
    this.windowEnergy = 0;
    this.capturePower = 0;
    this.foregroundPower = 0;
    this.backgroundPower = 0;
    this.betterRun = 0;
    this.wasDisabled = false;
    this.adaptGeigel.reset();
    this.nlpGeigel.reset();
    this.echoPeakRatio = 0;
    this.peaks.reset();
  }

  private push(x: number): void {
    const span = this.span;
    this.at = this.at === 0 ? span - 1 : this.at - 1;
    this.history[this.at] = this.history[this.at + span] = x;
    const leaving = this.history[this.at + this.tapCount]!;
    this.windowEnergy += x * x - leaving * leaving;
    this.whitened[this.at] = this.whitened[this.at + span] = this.whitener.filter(this.history, this.at);
  }

  /**
   * Whitens the tail's history again with the filter just fitted, so that the regressor
   * and the whitened capture it is compared with went through the same A(z): otherwise
   * the taps that model a long delay learn against a history whitened frames ago.
   */
  private rewhiten(): void {
    const span = this.span;
    for (let k = 0; k < this.tapCount; k++) {
      const p = this.at + k;
      const value = this.whitener.filter(this.history, p);
      this.whitened[p] = value;
      this.whitened[p < span ? p + span : p - span] = value;
    }
  }

  private cancel(y: number): number {
    const echoF = this.foreground.estimate(this.history, this.at);
    const errorF = y - echoF;
    const order = LPC_ORDER + 1;
    this.captureAt = this.captureAt === 0 ? order - 1 : this.captureAt - 1;
    this.captures[this.captureAt] = this.captures[this.captureAt + order] = y;
    // Compared on the background's error before this sample's step (after it, the step
    // would have fitted the sample, near-end speech included); powers smoothed over
    // 64 ms, so every COMPARE_EVERY-th sample is enough.
    if (++this.sampleCount % COMPARE_EVERY === 0) this.comparePaths(y, errorF, y - this.background.estimate(this.history, this.at));
    const farActive = this.windowEnergy > FAR_ACTIVE_POWER * this.tapCount;
    if (!farActive) {
      // No far speech over the tail: no echo, no double talk, nothing to learn.
      this.adaptGeigel.reset();
      this.nlpGeigel.reset();
      return this.nlp ? this.nlp.sample(y, errorF, false, false) : errorF;
    }
    // Geigel's thresholds follow the echo the foreground actually predicts (its recent peak
    // ratio |ŷF|/max|x|), never below G.168's 6 dB for adaptation (a tighter one would stop
    // it on the echo itself while F is still learning), lower for the NLP, so that a near
    // talker's soft onsets open it on a hybrid with much more than 6 dB of return loss.
    const peak = this.peaks.max();
    this.echoPeakRatio = Math.max(Math.abs(echoF) / Math.max(peak, 1), this.echoPeakRatio * PEAK_RATIO_DECAY);
    if (!this.adaptGeigel.sample(y, peak, Math.max(GEIGEL_THRESHOLD, ADAPT_MARGIN * this.echoPeakRatio))) {
      this.background.adapt(this.whitened, this.at, this.whitener.filter(this.captures, this.captureAt), STEP_SIZE, FLOOR_POWER);
    }
    const nlpThreshold = Math.min(GEIGEL_THRESHOLD, Math.max(GEIGEL_LEAST, NLP_MARGIN * this.echoPeakRatio));
    return this.nlp ? this.nlp.sample(y, errorF, this.nlpGeigel.sample(y, peak, nlpThreshold), true) : errorF;
  }

  private comparePaths(y: number, errorF: number, errorB: number): void {
    this.capturePower += PATH * (y * y - this.capturePower);
    this.foregroundPower += PATH * (errorF * errorF - this.foregroundPower);
    this.backgroundPower += PATH * (errorB * errorB - this.backgroundPower);
    const backgroundBetter = this.backgroundPower < 0.25 * this.foregroundPower && this.backgroundPower < COPY_BELOW_CAPTURE * this.capturePower;
    this.betterRun = backgroundBetter ? this.betterRun + 1 : 0;
    if (this.betterRun >= COPY_AFTER) {
      this.foreground.copyFrom(this.background);
      this.foregroundPower = this.backgroundPower;
      this.betterRun = 0;
    } else if (this.backgroundPower > 2 * this.foregroundPower && this.foregroundPower < 0.25 * this.capturePower) {
      this.background.copyFrom(this.foreground);
      this.backgroundPower = this.foregroundPower;
    }
  }
}

function clip(value: number): number {
  return Math.max(-32768, Math.min(32767, Math.round(value)));
}
