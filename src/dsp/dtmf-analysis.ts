/**
 * One look at the last block of audio: is it a DTMF key? The checks follow ITU-T Q.24
 * (acceptance of ±1.5 % frequency error, rejection of ±3.5 %; twist; level) plus two
 * checks against talk-off: the two tones must carry most of the block's power (purity),
 * and neither may carry the harmonics a voice or an instrument would.
 *
 * Frequency is checked by the phase advance of each chosen bin between this block and
 * the one a hop earlier (goertzel-bank.ts), which resolves a few Hz where the bin width
 * alone (≈ 60 Hz) could not tell 1.5 % from 3.5 %.
 */
import { DTMF_HIGH_HZ, DTMF_LOW_HZ, dtmfKey } from "./dtmf-keys.js";
import { GoertzelBank, phaseOffsetHz, type GoertzelValue } from "./goertzel-bank.js";
import { sineAmplitudeForDbm0 } from "./measure.js";

export interface DtmfLimits {
  /** Weakest tone accepted, dBm0 per tone (Q.24: accept down to −25; default −30). */
  minLevelDbm0: number;
  /** Most the high tone may be below the low tone, dB ("normal" twist; Q.24 accept 8; default 9). */
  maxNormalTwistDb: number;
  /** Most the high tone may be above the low tone, dB ("reverse" twist; Q.24 accept 4; default 5). */
  maxReverseTwistDb: number;
  /** Largest relative frequency error accepted (Q.24: accept 1.5 %, reject 3.5 %; default 2 %). */
  maxFrequencyError: number;
  /** Least share of the block’s power in the two tones (default 0.85). */
  minPurity: number;
  /**
   * Strongest 2nd or 3rd harmonic of a tone, dB relative to that tone (default −15),
   * checked where the harmonic is clear of the other tone. Keypads make clean sines (DTMF
   * senders keep unwanted components some 20 dB down, cf. ETSI ES 201 235-2); voices and
   * instruments do not.
   */
  maxHarmonicDb: number;
}

export const DEFAULT_DTMF_LIMITS: DtmfLimits = {
  minLevelDbm0: -30,
  maxNormalTwistDb: 9,
  maxReverseTwistDb: 5,
  maxFrequencyError: 0.02,
  minPurity: 0.85,
  maxHarmonicDb: -15,
};

export interface DtmfLook {
  /** The key seen in this block, or undefined. */
  key: string | undefined;
  /** Power of the two tones together (FULL_SCALE² units), for timing edges. */
  power: number;
  /**
   * True when the block meets `minLevelDbm0` and `minPurity` in full (a press needs one
   * such block). A block holding only an edge of a press is weaker and spreads its
   * spectrum, so it counts with the allowances below.
   */
  core: boolean;
}

const EDGE_LEVEL_ALLOWANCE_DB = 12;
const EDGE_PURITY_ALLOWANCE = 0.15;
/** Half the main lobe of the Hann-windowed block (2 bins of 62.5 Hz), with a margin. */
const HARMONIC_CLEARANCE_HZ = 160;

/** The 8 frequencies in bank order: low group, then high group. */
export const DTMF_FREQUENCIES: readonly number[] = [...DTMF_LOW_HZ, ...DTMF_HIGH_HZ];
const FREQUENCIES = DTMF_FREQUENCIES;

export class DtmfAnalysis {
  private readonly bank: GoertzelBank;
  private current: GoertzelValue[] = FREQUENCIES.map(() => ({ re: 0, im: 0 }));
  private previous: GoertzelValue[] = FREQUENCIES.map(() => ({ re: 0, im: 0 }));
  private hasPrevious = false;
  private readonly powers = new Float64Array(8);
  private readonly minPower: number;
  private readonly edgePower: number;

  constructor(
    blockSamples: number,
    private readonly hopSamples: number,
    private readonly limits: DtmfLimits = DEFAULT_DTMF_LIMITS,
  ) {
    this.bank = new GoertzelBank(FREQUENCIES, blockSamples);
    const amplitude = sineAmplitudeForDbm0(limits.minLevelDbm0);
    this.minPower = (amplitude * amplitude) / 2;
    this.edgePower = this.minPower / 10 ** (EDGE_LEVEL_ALLOWANCE_DB / 10);
  }

  /** Forgets the previous block (after a gap in the audio). */
  reset(): void {
    this.hasPrevious = false;
  }

  /**
   * Looks at the block of `samples` from `start` (`blockSamples` long); blocks MUST
   * come `hopSamples` apart. With `notched` (the same audio through a DtmfToneNotch, and
   * the notch's power gain at each of the 8 frequencies), purity is judged on the
   * notched audio, so a tone the line plays does not count against a key.
   */
  look(samples: ArrayLike<number>, start: number, notched?: { samples: ArrayLike<number>; gains: readonly number[] }): DtmfLook {
    const earlier = this.previous;
    this.previous = this.current;
    this.current = earlier;
    const unfiltered = this.bank.analyse(samples, start, this.current);
    const total = notched ? this.bank.windowedPower(notched.samples, start) : unfiltered;
    const hadPrevious = this.hasPrevious;
    this.hasPrevious = true;
    for (let k = 0; k < 8; k++) this.powers[k] = this.bank.power(this.current[k]!);
    const row = this.strongest(0);
    const column = this.strongest(4);
    const rawLow = this.powers[row]!;
    const rawHigh = this.powers[4 + column]!;
    const miss = { key: undefined, power: rawLow + rawHigh, core: false };
    if (!hadPrevious || rawLow < this.edgePower || rawHigh < this.edgePower) return miss;
    // Q.24 §3: accept ±1.5 %, reject ±3.5 %; the offset also corrects the bin's power.
    const lowOffsetHz = this.offsetHz(row);
    const highOffsetHz = this.offsetHz(4 + column);
    if (Math.abs(lowOffsetHz) > this.limits.maxFrequencyError * FREQUENCIES[row]!) return miss;
    if (Math.abs(highOffsetHz) > this.limits.maxFrequencyError * FREQUENCIES[4 + column]!) return miss;
    const low = rawLow / this.bank.offsetGain(lowOffsetHz);
    const high = rawHigh / this.bank.offsetGain(highOffsetHz);
    const power = low + high;
    // Q.24: twist is the high-group level minus the low-group level.
    const twistDb = 10 * Math.log10(high / low);
    if (twistDb < -this.limits.maxNormalTwistDb || twistDb > this.limits.maxReverseTwistDb) return { ...miss, power };
    const purePower = notched ? low * notched.gains[row]! + high * notched.gains[4 + column]! : power;
    if (purePower < (this.limits.minPurity - EDGE_PURITY_ALLOWANCE) * total) return { ...miss, power };
    const lowHz = FREQUENCIES[row]! + lowOffsetHz;
    const highHz = FREQUENCIES[4 + column]! + highOffsetHz;
    if (this.harmonic(lowHz, low, highHz) || this.harmonic(highHz, high, lowHz)) return { ...miss, power };
    const core = Math.min(low, high) >= this.minPower && purePower >= this.limits.minPurity * total;
    return { key: dtmfKey(row, column), power, core };
  }

  private strongest(from: number): number {
    let best = 0;
    for (let k = 1; k < 4; k++) if (this.powers[from + k]! > this.powers[from + best]!) best = k;
    return best;
  }

  /**
   * True when the 2nd or 3rd harmonic of a tone at `frequencyHz` (power `power`) exceeds
   * `maxHarmonicDb`, looking only where the harmonic is clear of the other tone (the low
   * tone's 2nd harmonic, 1394–1882 Hz, can sit within a bin's reach of the high one)
   * and below 3.9 kHz.
   */
  private harmonic(frequencyHz: number, power: number, otherHz: number): boolean {
    const limit = power * 10 ** (this.limits.maxHarmonicDb / 10);
    for (const k of [2, 3]) {
      const harmonicHz = k * frequencyHz;
      if (harmonicHz > 3900 || Math.abs(harmonicHz - otherHz) < HARMONIC_CLEARANCE_HZ) continue;
      if (this.bank.powerInLastBlock(harmonicHz) > limit) return true;
    }
    return false;
  }

  /** The tone's offset from the bin's frequency, by the phase advance since the last block. */
  private offsetHz(bin: number): number {
    return phaseOffsetHz(this.previous[bin]!, this.current[bin]!, FREQUENCIES[bin]!, this.hopSamples);
  }
}
