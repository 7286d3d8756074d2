/**
 * The three-way call mixer (and any N-party bridge): each participant hears the sum
 * of all the others, never its own voice ("mix-minus"), each input scaled by its own
 * gain, the result saturated to 16 bits.
 *
 *   line mic ───┐                       ┌──▶ line earpiece = A + B
 *   remote A ───┼─ gain ─▶ Σ all − self ┼──▶ to A          = line + B
 *   remote B ───┘                       └──▶ to B          = line + A
 *
 * Called once per frame with whatever each participant produced for that frame
 * (a missing frame is silence). The total is summed once in floating point and each
 * output subtracts its own contribution, so the cost stays linear in N.
 */
import { GainControl, saturate16 } from "./gain.js";

export interface ConferenceMixerOptions {
  /** Samples per frame; default 160 (20 ms at 8 kHz). */
  frameSamples?: number;
}

interface Participant {
  readonly gain: GainControl;
  readonly contribution: Float64Array;
}

export class ConferenceMixer {
  private readonly participants = new Map<string, Participant>();
  private readonly frameSamples: number;
  private readonly total: Float64Array;

  constructor(options: ConferenceMixerOptions = {}) {
    this.frameSamples = options.frameSamples ?? 160;
    this.total = new Float64Array(this.frameSamples);
  }

  get names(): string[] {
    return [...this.participants.keys()];
  }

  /** Adds a participant; a name already present is a caller bug. */
  add(name: string, options: { gainDb?: number } = {}): void {
    if (this.participants.has(name)) throw new Error(`mixer: participant "${name}" already present`);
    this.participants.set(name, { gain: new GainControl(options.gainDb ?? 0), contribution: new Float64Array(this.frameSamples) });
  }

  remove(name: string): void {
    this.participants.delete(name);
  }

  /** The gain applied to what `name` says, as the others hear it. */
  setGainDb(name: string, db: number): void {
    this.participant(name).gain.setGainDb(db);
  }

  /**
   * One frame: `inputs` maps participant names to what they said (absent: silence).
   * Returns, for every participant, what it hears.
   */
  mix(inputs: Readonly<Record<string, Int16Array | undefined>>): Record<string, Int16Array> {
    for (const name of Object.keys(inputs)) this.participant(name);
    this.total.fill(0);
    for (const [name, p] of this.participants) {
      p.contribution.fill(0);
      const input = inputs[name];
      if (input) {
        if (input.length !== this.frameSamples) throw new RangeError(`mixer: frame of ${input.length} samples from "${name}", expected ${this.frameSamples}`);
        p.gain.accumulate(input, p.contribution);
      }
      for (let i = 0; i < this.frameSamples; i++) this.total[i]! += p.contribution[i]!;
    }
    const outputs: Record<string, Int16Array> = {};
    for (const [name, p] of this.participants) {
      const out = new Int16Array(this.frameSamples);
      for (let i = 0; i < this.frameSamples; i++) out[i] = saturate16(this.total[i]! - p.contribution[i]!);
      outputs[name] = out;
    }
    return outputs;
  }

  private participant(name: string): Participant {
    const p = this.participants.get(name);
    if (!p) throw new Error(`mixer: no participant "${name}"`);
    return p;
  }
}
