/**
 * Comfort noise (RFC 3389): generating noise frames from a received CN payload, and
 * describing our own silence as one to send.
 *
 * Generation: white excitation through the all-pole filter 1/A(z) given by the
 * reflection coefficients (none: white noise), run as a lattice, which stays stable
 * and accurate for any |k| < 1 where the direct form does not at high orders. For a stationary all-pole process the
 * output power is the excitation power divided by Π(1 − k_i²), so the excitation is
 * scaled by √Π(1 − k_i²) to make the output's RMS the payload's level (dBov as in
 * measure.ts: 0 dBov = RMS 32768). The first payload's level applies at once; a later
 * one is reached by a ramp over the next frame.
 */
import type { ComfortNoise } from "./comfort-noise-payload.js";
import { autocorrelation, levinsonDurbin } from "./lpc.js";
import { FULL_SCALE, rmsDbov } from "../../dsp/measure.js";

/** Coefficients past this order are ignored (RFC 3389 leaves the order open; G.711 Appendix II uses ≤ 10). */
export const MAX_COMFORT_NOISE_ORDER = 32;
/** |k| is held below 1 so a hostile payload cannot make the filter unstable or silent. */
const MAX_REFLECTION = 0.995;
/** Uniform noise on [−1, 1) has variance 1/3. */
const UNIFORM_RMS = 1 / Math.sqrt(3);

export interface ComfortNoiseGeneratorOptions {
  /** Seed of the noise sequence (any 32-bit value but 0), for repeatable output in tests. */
  seed?: number;
}

export class ComfortNoiseGenerator {
  private readonly reflection = new Float64Array(MAX_COMFORT_NOISE_ORDER);
  /** The lattice's backward errors b_i[n−1], i = 0 … order−1 (b_0 is the previous output). */
  private readonly backward = new Float64Array(MAX_COMFORT_NOISE_ORDER);
  private order = 0;
  private gain = 0;
  private targetGain = 0;
  private started = false;
  private random: number;

  constructor(options: ComfortNoiseGeneratorOptions = {}) {
    this.random = options.seed !== undefined && options.seed >>> 0 !== 0 ? options.seed >>> 0 : 0x9e3779b9;
  }

  /** Takes the parameters of a newly received CN payload (RFC 3389 §4: they hold until the next). */
  update(noise: ComfortNoise): void {
    const reflection = noise.reflectionCoefficients
      .slice(0, MAX_COMFORT_NOISE_ORDER)
      .map((k) => Math.max(-MAX_REFLECTION, Math.min(MAX_REFLECTION, k)));
    this.reflection.set(reflection);
    this.order = reflection.length;
    const predictionGain = reflection.reduce((product, k) => product * (1 - k * k), 1);
    const rms = FULL_SCALE * 10 ** (Math.min(0, noise.levelDbov) / 20);
    this.targetGain = (rms * Math.sqrt(predictionGain)) / UNIFORM_RMS;
    // The first noise after speech starts at its level; later changes ramp.
    if (!this.started) this.gain = this.targetGain;
    this.started = true;
  }

  /** Fills `out` with noise; silence until the first update(). */
  generate(out: Int16Array): void {
    const step = out.length > 0 ? (this.targetGain - this.gain) / out.length : 0;
    for (let i = 0; i < out.length; i++) {
      this.gain += step;
      const sample = this.synthesize(this.gain * this.nextUniform());
      const rounded = Math.round(sample);
      out[i] = rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
    }
    this.gain = this.targetGain;
  }

  /**
   * One step of the all-pole lattice, stage P down to 1: f_{i−1} = f_i − k_i·b_{i−1}[n−1],
   * b_i[n] = b_{i−1}[n−1] + k_i·f_{i−1}; the output is f_0, which is also b_0[n].
   */
  private synthesize(excitation: number): number {
    let forward = excitation;
    for (let i = this.order - 1; i >= 0; i--) {
      const k = this.reflection[i]!;
      forward -= k * this.backward[i]!;
      if (i + 1 < this.order) this.backward[i + 1] = this.backward[i]! + k * forward;
    }
    if (this.order > 0) this.backward[0] = forward;
    return forward;
  }

  /** xorshift32, mapped to [−1, 1). */
  private nextUniform(): number {
    let x = this.random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random = x >>> 0;
    return this.random / 2147483648 - 1;
  }
}

/**
 * Describes a stretch of our own background noise as a CN payload's parameters: its
 * RMS level in whole dBov (silence is −127), and with `order` > 0 its spectral shape
 * as that many reflection coefficients (Levinson–Durbin on the autocorrelation).
 */
export function describeComfortNoise(pcm: Int16Array, order = 0): ComfortNoise {
  const level = rmsDbov(pcm);
  if (!Number.isFinite(level)) return { levelDbov: -127, reflectionCoefficients: new Array<number>(Math.max(0, order)).fill(0) };
  const levelDbov = Math.max(-127, Math.min(0, Math.round(level)));
  const reflectionCoefficients = order > 0 ? levinsonDurbin(autocorrelation(pcm, order), order) : [];
  return { levelDbov, reflectionCoefficients };
}
