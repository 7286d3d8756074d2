/**
 * In-band DTMF: digits as dual tones in the outgoing audio, for peers that did not
 * negotiate telephone-event or accounts set to send tones.
 *
 * - Frequencies: ITU-T Q.23 (low group 697, 770, 852, 941 Hz; high group 1209, 1336,
 *   1477, 1633 Hz), digit = one of each.
 * - Timing: 100 ms of tone then 70 ms of silence by default, comfortably above the
 *   40 ms tone and 40 ms pause minimums receivers built to ITU-T Q.24 must accept.
 * - Levels: −8 dBm0 low group, −6 dBm0 high group (2 dB of positive twist, as
 *   telephone keypads send, to offset line loss at the higher frequencies); the
 *   sum stays about 3 dB under the codec overload point.
 *
 * While a digit (tone and its pause) is being rendered it replaces the microphone
 * audio of that stretch: the handset's own tone, already detected by the line, must
 * not reach the peer twice. Frames are rendered by the capture clock that feeds
 * the media session, so the timing follows the audio samples exactly.
 */
import { ToneGenerator } from "../../dsp/index.js";
import { err, ok, type Result } from "../../util/result.js";

const LOW_HZ = [697, 770, 852, 941] as const;
const HIGH_HZ = [1209, 1336, 1477, 1633] as const;
/** ITU-T Q.23 Figure 1: rows are the low group, columns the high group. */
const KEYPAD = ["123A", "456B", "789C", "*0#D"] as const;

export const DTMF_TONE_MS = 100;
export const DTMF_GAP_MS = 70;
export const DTMF_LOW_LEVEL_DBM0 = -8;
export const DTMF_HIGH_LEVEL_DBM0 = -6;

/** The Q.23 frequency pair of a digit (0–9, *, #, A–D, case-insensitive), or undefined. */
export function dtmfFrequencies(digit: string): { lowHz: number; highHz: number } | undefined {
  if (digit.length !== 1) return undefined;
  const key = digit.toUpperCase();
  for (let row = 0; row < KEYPAD.length; row++) {
    const column = KEYPAD[row]!.indexOf(key);
    if (column >= 0) return { lowHz: LOW_HZ[row]!, highHz: HIGH_HZ[column]! };
  }
  return undefined;
}

export interface InbandDtmfOptions {
  /** Default DTMF_GAP_MS. */
  gapMs?: number;
  /** Default DTMF_LOW_LEVEL_DBM0. */
  lowLevelDbm0?: number;
  /** Default DTMF_HIGH_LEVEL_DBM0. */
  highLevelDbm0?: number;
  /** Default 8000. */
  sampleRateHz?: number;
}

interface Pending {
  tone: ToneGenerator;
  toneSamples: number;
  totalSamples: number;
  position: number;
}

export class InbandDtmfGenerator {
  private readonly queue: Pending[] = [];
  private readonly rateHz: number;

  constructor(private readonly options: InbandDtmfOptions = {}) {
    this.rateHz = options.sampleRateHz ?? 8000;
  }

  /** True while a digit or its pause is being rendered, or more are queued. */
  get active(): boolean {
    return this.queue.length > 0;
  }

  /** Queues a digit; an unknown one (flash has no tone) is an error value. */
  enqueue(digit: string, toneMs = DTMF_TONE_MS): Result<void> {
    const pair = dtmfFrequencies(digit);
    if (!pair) return err(`"${digit}" has no DTMF tone`);
    if (!(toneMs > 0) || !Number.isFinite(toneMs)) return err(`tone duration ${toneMs} ms`);
    const tone = new ToneGenerator(
      [
        { frequencyHz: pair.lowHz, levelDbm0: this.options.lowLevelDbm0 ?? DTMF_LOW_LEVEL_DBM0 },
        { frequencyHz: pair.highHz, levelDbm0: this.options.highLevelDbm0 ?? DTMF_HIGH_LEVEL_DBM0 },
      ],
      this.rateHz,
    );
    const toneSamples = Math.round((toneMs * this.rateHz) / 1000);
    const gapSamples = Math.round(((this.options.gapMs ?? DTMF_GAP_MS) * this.rateHz) / 1000);
    this.queue.push({ tone, toneSamples, totalSamples: toneSamples + gapSamples, position: 0 });
    return ok(undefined);
  }

  /**
   * Writes the next stretch of queued digits over `frame` (tone, or silence in the
   * pause); samples after the last digit ends are left as they were. Returns true
   * if any sample was written.
   */
  render(frame: Int16Array): boolean {
    let at = 0;
    while (at < frame.length && this.queue.length > 0) {
      const digit = this.queue[0]!;
      if (digit.position < digit.toneSamples) {
        const count = Math.min(frame.length - at, digit.toneSamples - digit.position);
        digit.tone.fill(frame.subarray(at, at + count));
        digit.position += count;
        at += count;
      } else {
        const count = Math.min(frame.length - at, digit.totalSamples - digit.position);
        frame.fill(0, at, at + count);
        digit.position += count;
        at += count;
      }
      if (digit.position >= digit.totalSamples) this.queue.shift();
    }
    return at > 0;
  }

  /** Drops every queued digit (hang-up). */
  clear(): void {
    this.queue.length = 0;
  }
}
