/**
 * The non-linear processor (NLP) after the linear canceller, with comfort noise
 * (ITU-T G.168 §3.18 and §3.4): what the adaptive filter leaves of the echo (30 dB or so
 * below it) is still audible on a quiet line, so while the capture holds nothing but
 * echo the residual is replaced by noise at the line's own background level, and the
 * far party hears a steady quiet line instead of a faint echo pumping with the noise.
 *
 * Decision, per sample, while the far end talks (with it silent over the whole tail
 * there is no echo, and the capture passes untouched): the near end talks (and the residual is sent) only when both
 * tests say so. Geigel's (the capture exceeds half the reference's peak, which echo
 * through a hybrid of 6 dB or more cannot) keeps it engaged while the filter, not yet
 * trained on some sound, leaves more of the echo than usual. The energy test, from
 * short-term powers (4 ms), keeps it engaged on a 6 dB hybrid whose echo peaks do
 * trip Geigel: the capture is "echo only" while the linear stage removes at least `ECHO_ONLY_DB` of it (its ERLE swings by 10 dB or
 * more from one sound to the next, so the margin is wide), or while the residual is at
 * the line's background level (so a pause or a faint echo tail does not disengage it).
 * Near-end speech (single or double talk)
 * is not predicted by the filter, so the residual rises to the capture's level and the
 * NLP lets it through at once; it engages again only after `ENGAGE_SAMPLES` of echo only.
 * Switching is a 2 ms cross-fade, so neither way clicks.
 *
 * Background level: a minimum tracker on the residual's power per 20 ms block, which
 * follows a quieter line at once and a louder one at 3 dB/s (speech pauses keep it at
 * the noise). It starts with the first block in which the far end was silent throughout
 * (before that the residual may be echo the filter has not learnt yet), and until then
 * suppressed stretches are silent.
 */
import { xorshift32 } from "./xorshift.js";

const ECHO_ONLY_DB = 6;
const ECHO_ONLY = 10 ** (-ECHO_ONLY_DB / 10);
const ENGAGE_SAMPLES = 80;
const SHORT = 1 / 32;
/** Samples per block of the background tracker: 20 ms. */
const BLOCK = 160;
/** A residual within 3 dB of the background is line noise. */
const QUIET = 2;
const FADE_STEP = 1 / 16;
/** Per-block rise of the background estimate: 3 dB/s. */
const NOISE_RISE = 10 ** ((3 * BLOCK) / 10 / 8000);

export class NonLinearProcessor {
  private capturePower = 0;
  private residualPower = 0;
  private noisePower = Infinity;
  private blockEnergy = 0;
  private blockSamples = 0;
  private blockFarSilent = true;
  private echoOnlyRun = 0;
  private gain = 1;
  private readonly random: () => number;

  /** `comfortNoise` false: suppressed stretches are silence instead of noise. */
  constructor(private readonly comfortNoise: boolean, seed = 0x2100) {
    this.random = xorshift32(seed);
  }

  /** True while the residual is being replaced (the capture is echo only). */
  get active(): boolean {
    return this.echoOnlyRun >= ENGAGE_SAMPLES;
  }

  /** The line's background level as estimated (mean square, 16-bit units). */
  get backgroundPower(): number {
    return Number.isFinite(this.noisePower) ? this.noisePower : 0;
  }

  /**
   * The sample to send, given the capture `y`, the linear residual `e` = y − ŷ, whether
   * Geigel's test sees the near end talking, and whether the far end is talking.
   */
  sample(y: number, e: number, geigelNearTalk: boolean, farActive: boolean): number {
    this.capturePower += SHORT * (y * y - this.capturePower);
    this.residualPower += SHORT * (e * e - this.residualPower);
    this.trackBackground(e, farActive);
    const quiet = this.residualPower <= QUIET * this.backgroundPower;
    const echoOnly = farActive && (!geigelNearTalk || quiet || this.residualPower < this.capturePower * ECHO_ONLY);
    this.echoOnlyRun = echoOnly ? this.echoOnlyRun + 1 : 0;
    const target = this.active ? 0 : 1;
    this.gain += Math.max(-FADE_STEP, Math.min(FADE_STEP, target - this.gain));
    if (this.gain === 1) return e;
    return this.gain * e + (1 - this.gain) * this.noise();
  }

  reset(): void {
    this.capturePower = 0;
    this.residualPower = 0;
    this.noisePower = Infinity;
    this.blockEnergy = 0;
    this.blockSamples = 0;
    this.blockFarSilent = true;
    this.echoOnlyRun = 0;
    this.gain = 1;
  }

  private trackBackground(e: number, farActive: boolean): void {
    this.blockEnergy += e * e;
    this.blockFarSilent &&= !farActive;
    if (++this.blockSamples < BLOCK) return;
    if (Number.isFinite(this.noisePower) || this.blockFarSilent) {
      this.noisePower = Math.min(this.noisePower * NOISE_RISE, this.blockEnergy / BLOCK);
    }
    this.blockEnergy = 0;
    this.blockSamples = 0;
    this.blockFarSilent = true;
  }

  /** White noise at the background level: uniform in ±√(3·N) has mean square N. */
  private noise(): number {
    if (!this.comfortNoise) return 0;
    return (2 * this.random() - 1) * Math.sqrt(3 * this.backgroundPower);
  }
}
