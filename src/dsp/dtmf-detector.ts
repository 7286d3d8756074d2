/**
 * DTMF detection on 8 kHz 16-bit audio, to ITU-T Q.24's acceptance rules: a key is
 * reported once its tones have lasted `minDurationMs` (Q.24: 40 ms accepted, 20 ms
 * rejected; the default 26 ms sits between them once the timing below is applied), an
 * interruption up to `bridgeMs` does not split it (Q.24: 10 ms), and a pause longer than
 * that separates two presses (Q.24: 40 ms).
 *
 * Every hop (4 ms) the last 16 ms are analysed (dtmf-analysis.ts). The edges of a press
 * are where the tone power crosses a quarter of its peak (−6 dB): there the tone's edge
 * is at the block's centre, so start and duration do not depend on the level.
 *
 * Each press gives one `begin` (as soon as it is accepted) and one `end` (when it
 * stops, with its duration). Positions are sample indices since construction.
 */
import { DEFAULT_DTMF_LIMITS, DTMF_FREQUENCIES, DtmfAnalysis, type DtmfLimits } from "./dtmf-analysis.js";
import { DtmfToneNotch } from "./dtmf-tone-notch.js";

export type DtmfEvent =
  | { type: "begin"; key: string; startSample: number }
  | { type: "end"; key: string; startSample: number; durationSamples: number };

export interface DtmfDetectorOptions {
  limits?: Partial<DtmfLimits>;
  /** Shortest press reported, ms (default 26). */
  minDurationMs?: number;
  /** Longest interruption bridged within one press, ms (default 24). */
  bridgeMs?: number;
}

const SAMPLE_RATE_HZ = 8000;
const BLOCK_SAMPLES = 128;
const HOP_SAMPLES = 32;

interface Press {
  key: string;
  peak: number;
  /** Centres and powers of the blocks seen so far, until the start is fixed. */
  blocks: Array<{ centre: number; power: number }>;
  startCentre: number | undefined;
  lastStrongCentre: number;
  core: boolean;
  begun: boolean;
}

export class DtmfDetector {
  private readonly analysis: DtmfAnalysis;
  /** The last block, written twice (at i and i + BLOCK) so any block is contiguous. */
  private readonly ring = new Int16Array(2 * BLOCK_SAMPLES);
  private readonly minDurationSamples: number;
  private readonly bridgeSamples: number;
  /** Samples taken in since construction. */
  private position = 0;
  private sinceHop = 0;
  private press: Press | undefined;
  private notch: { filter: DtmfToneNotch; samples: Float64Array; gains: number[] } | undefined;

  constructor(options: DtmfDetectorOptions = {}) {
    this.analysis = new DtmfAnalysis(BLOCK_SAMPLES, HOP_SAMPLES, { ...DEFAULT_DTMF_LIMITS, ...options.limits });
    this.minDurationSamples = ((options.minDurationMs ?? 26) * SAMPLE_RATE_HZ) / 1000;
    this.bridgeSamples = ((options.bridgeMs ?? 24) * SAMPLE_RATE_HZ) / 1000;
  }

  /** Samples consumed so far (the index the next sample will have). */
  get samplesSeen(): number {
    return this.position;
  }

  /**
   * Tells the detector which tone the line is playing to the phone (its frequencies,
   * e.g. dial tone's 350 and 440 Hz), whose echo comes back with the keys dialed over
   * it; undefined when none. Like spandsp's dial-tone filter, but for any region's tone.
   */
  setPlayingTone(frequenciesHz: readonly number[] | undefined): void {
    if (!frequenciesHz || frequenciesHz.length === 0) {
      this.notch = undefined;
      return;
    }
    const filter = new DtmfToneNotch(frequenciesHz);
    this.notch = { filter, samples: new Float64Array(2 * BLOCK_SAMPLES), gains: DTMF_FREQUENCIES.map((f) => filter.powerGain(f)) };
  }

  /** Takes the next samples, returns what they completed (begin/end events, in order). */
  process(samples: ArrayLike<number>): DtmfEvent[] {
    const events: DtmfEvent[] = [];
    for (let i = 0; i < samples.length; i++) {
      const at = this.position % BLOCK_SAMPLES;
      if (this.notch) this.notch.samples[at] = this.notch.samples[at + BLOCK_SAMPLES] = this.notch.filter.process(samples[i]!);
      this.ring[at] = this.ring[at + BLOCK_SAMPLES] = samples[i]!;
      this.position++;
      if (++this.sinceHop < HOP_SAMPLES) continue;
      this.sinceHop = 0;
      this.hop(events);
    }
    return events;
  }

  /**
   * Ends any press at once (an `end` if it had begun) and forgets the audio so far; the
   * next sample keeps counting from the same position. Used when the input is muted.
   */
  flush(): DtmfEvent[] {
    const events: DtmfEvent[] = [];
    this.finish(events);
    this.analysis.reset();
    this.ring.fill(0);
    this.notch?.samples.fill(0);
    return events;
  }

  private hop(events: DtmfEvent[]): void {
    const look = this.analysis.look(this.ring, this.position % BLOCK_SAMPLES, this.notch);
    const centre = this.position - BLOCK_SAMPLES / 2;
    if (look.key !== undefined && this.press && this.press.key !== look.key) this.finish(events);
    if (look.key !== undefined) this.add(look.key, look.power, look.core, centre);
    const press = this.press;
    if (!press) return;
    if (centre - press.lastStrongCentre > this.bridgeSamples) {
      this.finish(events);
      return;
    }
    if (press.begun || !press.core) return;
    const start = this.startOf(press);
    if (press.lastStrongCentre - start + HOP_SAMPLES >= this.minDurationSamples) {
      press.begun = true;
      press.startCentre = start;
      press.blocks = [];
      events.push({ type: "begin", key: press.key, startSample: start - HOP_SAMPLES / 2 });
    }
  }

  private add(key: string, power: number, core: boolean, centre: number): void {
    const press = this.press ?? (this.press = { key, peak: 0, blocks: [], startCentre: undefined, lastStrongCentre: centre, core, begun: false });
    press.peak = Math.max(press.peak, power);
    press.core ||= core;
    if (!press.begun) press.blocks.push({ centre, power });
    // −6 dB of the peak: the tone's edge is at the block's centre.
    if (power >= press.peak / 4) press.lastStrongCentre = centre;
  }

  private startOf(press: Press): number {
    const first = press.blocks.find((b) => b.power >= press.peak / 4);
    return first ? first.centre : press.lastStrongCentre;
  }

  private finish(events: DtmfEvent[]): void {
    const press = this.press;
    this.press = undefined;
    if (!press?.begun) return;
    const startSample = press.startCentre! - HOP_SAMPLES / 2;
    events.push({ type: "end", key: press.key, startSample, durationSamples: press.lastStrongCentre - startSample + HOP_SAMPLES });
  }
}
