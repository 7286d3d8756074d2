/**
 * One look at the last block of audio: is it a DTMF key? The checks follow ITU-T Q.24
 * (acceptance of ±1.5 % frequency error, rejection of ±3.5 %; twist; level) plus a
 * purity check against talk-off: the two tones must carry most of the block's power.
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
  /** Least share of the block’s power in the two tones (default 0.8). */
  minPurity: number;
}

export const DEFAULT_DTMF_LIMITS: DtmfLimits = {
  minLevelDbm0: -30,
  maxNormalTwistDb: 9,
  maxReverseTwistDb: 5,
  maxFrequencyError: 0.02,
  minPurity: 0.85,
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
    const low = this.powers[row]!;
    const high = this.powers[4 + column]!;
    const power = low + high;
    const purePower = notched ? low * notched.gains[row]! + high * notched.gains[4 + column]! : power;
    const miss = { key: undefined, power, core: false };
    if (low < this.edgePower || high < this.edgePower) return miss;
    // Q.24: twist is the high-group level minus the low-group level.
    const twistDb = 10 * Math.log10(high / low);
    if (twistDb < -this.limits.maxNormalTwistDb || twistDb > this.limits.maxReverseTwistDb) return miss;
    if (purePower < (this.limits.minPurity - EDGE_PURITY_ALLOWANCE) * total) return miss;
    if (!hadPrevious || !this.onFrequency(row) || !this.onFrequency(4 + column)) return miss;
    const core = Math.min(low, high) >= this.minPower && purePower >= this.limits.minPurity * total;
    return { key: dtmfKey(row, column), power, core };
  }

  private strongest(from: number): number {
    let best = 0;
    for (let k = 1; k < 4; k++) if (this.powers[from + k]! > this.powers[from + best]!) best = k;
    return best;
  }

  private onFrequency(bin: number): boolean {
    const frequencyHz = FREQUENCIES[bin]!;
    const offsetHz = phaseOffsetHz(this.previous[bin]!, this.current[bin]!, frequencyHz, this.hopSamples);
    return Math.abs(offsetHz) <= this.limits.maxFrequencyError * frequencyHz;
  }
}
