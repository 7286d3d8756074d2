/**
 * Packet loss concealment for G.711 (8 kHz), in the manner of ITU-T G.711 Appendix I:
 * the lost audio is replaced by repeating the last pitch period(s) of what was played,
 * joined by overlap-add, fading out as the loss goes on, and merged into the next
 * good frame by overlap-add.
 *
 *   good frames ──onGoodFrame──▶ history (last 48.75 ms played)
 *   loss starts ──conceal──▶ pitch search on history → loop of 1 period
 *                 after 10 ms → loop of 2 periods, after 20 ms → 3 (less buzz)
 *                 after 10 ms the level falls 20 % per 10 ms: silent from 60 ms
 *   next good frame ──onGoodFrame──▶ synthetic continuation cross-faded into it
 *
 * Unlike Appendix I there is no 3.75 ms output delay: instead of rewriting the tail
 * of the last good frame, the first repetition starts offset so it continues from
 * the last sample played, and that offset fades out over a quarter period.
 * Frames may be any length; nothing is allocated after construction.
 */

/** Pitch search range: 5..15 ms (200..66.7 Hz). */
const PITCH_MIN = 40;
const PITCH_MAX = 120;
/** The most recent 20 ms is what the pitch search correlates. */
const CORRELATION_LENGTH = 160;
/** Three periods at the longest pitch plus the quarter period that joins them. */
const HISTORY_LENGTH = 3 * PITCH_MAX + (PITCH_MAX >> 2);
/** 10 ms: the loop grows by one period, and attenuation starts, at each of these steps. */
const STEP_SAMPLES = 80;
const MAX_PERIODS = 3;
/** Linear attenuation after the first 10 ms: 20 % per 10 ms, so silent at 60 ms. */
const FADE_PER_SAMPLE = 0.2 / STEP_SAMPLES;
/** The merge into the first good frame grows 4 ms per extra 10 ms lost, up to 10 ms. */
const MERGE_GROWTH = 32;
const MERGE_MAX = 80;

export class G711Plc {
  /** What was played (good and concealed), most recent last. */
  private readonly history = new Int16Array(HISTORY_LENGTH);
  /** The history as it was when the current loss began; loops are cut from it. */
  private readonly source = new Int16Array(HISTORY_LENGTH);
  private readonly loop = new Float32Array(MAX_PERIODS * PITCH_MAX);
  /** Samples being cross-faded out (start offset or the previous loop) while the loop fades in. */
  private readonly fade = new Float32Array(PITCH_MAX >> 2);
  private readonly merge = new Float32Array(MERGE_MAX);
  private pitch = PITCH_MAX;
  private periods = 1;
  private loopLength = 0;
  private loopPosition = 0;
  private fadeLength = 0;
  private fadePosition = 0;
  /** Samples concealed in the current loss; 0 while audio is good. */
  private lostSamples = 0;

  /** The pitch period (samples) the current or last loss repeated. */
  get pitchPeriod(): number {
    return this.pitch;
  }

  /**
   * A good frame is about to be played. After a loss its start is replaced in place by
   * a cross-fade from the synthetic signal into it; then it is recorded as history.
   */
  onGoodFrame(pcm: Int16Array): void {
    if (this.lostSamples > 0) {
      const extraSteps = Math.ceil(this.lostSamples / STEP_SAMPLES) - 1;
      const length = Math.min(pcm.length, MERGE_MAX, (this.pitch >> 2) + MERGE_GROWTH * extraSteps);
      for (let i = 0; i < length; i++) this.merge[i] = this.nextSynthetic();
      for (let i = 0; i < length; i++) {
        const weight = (i + 1) / (length + 1);
        pcm[i] = clamp16((1 - weight) * this.merge[i]! + weight * pcm[i]!);
      }
      this.lostSamples = 0;
    }
    this.record(pcm);
  }

  /** Fills `out` with concealment for audio that did not arrive, and records it as played. */
  conceal(out: Int16Array): void {
    if (this.lostSamples === 0) this.beginLoss();
    for (let i = 0; i < out.length; i++) out[i] = clamp16(this.nextSynthetic());
    this.record(out);
  }

  /** Forgets the history (a new stream begins). */
  reset(): void {
    this.history.fill(0);
    this.lostSamples = 0;
  }

  private beginLoss(): void {
    this.source.set(this.history);
    this.pitch = findPitch(this.source);
    this.periods = 1;
    this.buildLoop();
    this.loopPosition = 0;
    // The first repetition starts where the last played sample left off: offset by the
    // difference, the offset fading out over a quarter period.
    const offset = this.source[HISTORY_LENGTH - 1]! - this.loop[this.loopLength - 1]!;
    this.fadeLength = this.pitch >> 2;
    for (let i = 0; i < this.fadeLength; i++) this.fade[i] = this.loop[i]! + offset;
    this.fadePosition = 0;
  }

  /** One more synthetic sample, attenuated by how long the loss has lasted. */
  private nextSynthetic(): number {
    const t = this.lostSamples++;
    if (t > 0 && t % STEP_SAMPLES === 0 && this.periods < MAX_PERIODS) this.growLoop();
    const gain = t < STEP_SAMPLES ? 1 : Math.max(0, 1 - (t - STEP_SAMPLES) * FADE_PER_SAMPLE);
    let sample = this.loop[this.loopPosition]!;
    if (this.fadePosition < this.fadeLength) {
      const weight = (this.fadePosition + 1) / (this.fadeLength + 1);
      sample = (1 - weight) * this.fade[this.fadePosition++]! + weight * sample;
    }
    this.loopPosition = (this.loopPosition + 1) % this.loopLength;
    return gain * sample;
  }

  /** Switches to a loop one period longer, keeping the waveform's place, cross-faded. */
  private growLoop(): void {
    this.fadeLength = this.pitch >> 2;
    for (let i = 0; i < this.fadeLength; i++) this.fade[i] = this.loop[(this.loopPosition + i) % this.loopLength]!;
    this.fadePosition = 0;
    this.periods++;
    this.buildLoop();
    // Same source sample as before: one period further into the longer loop.
    this.loopPosition += this.pitch;
  }

  /**
   * The last `periods` pitch periods of the source, made seamless when looped: the
   * final quarter period is cross-faded into the quarter period before the loop's
   * start, so the end runs into the beginning as the original signal did.
   */
  private buildLoop(): void {
    const length = this.periods * this.pitch;
    const quarter = this.pitch >> 2;
    const base = HISTORY_LENGTH - length;
    for (let k = 0; k < length - quarter; k++) this.loop[k] = this.source[base + k]!;
    for (let j = 0; j < quarter; j++) {
      const weight = (j + 1) / (quarter + 1);
      const k = length - quarter + j;
      this.loop[k] = (1 - weight) * this.source[base + k]! + weight * this.source[base - quarter + j]!;
    }
    this.loopLength = length;
  }

  private record(frame: Int16Array): void {
    if (frame.length >= HISTORY_LENGTH) {
      this.history.set(frame.subarray(frame.length - HISTORY_LENGTH));
      return;
    }
    this.history.copyWithin(0, frame.length);
    this.history.set(frame, HISTORY_LENGTH - frame.length);
  }
}

/**
 * The lag in [PITCH_MIN, PITCH_MAX] at which the last 20 ms of `signal` best matches
 * the signal that far back: the peak of the normalized cross-correlation. Silence
 * (or no positive correlation) gives PITCH_MAX.
 */
function findPitch(signal: Int16Array): number {
  const windowStart = signal.length - CORRELATION_LENGTH;
  let bestLag = PITCH_MAX;
  let bestScore = 0;
  for (let lag = PITCH_MIN; lag <= PITCH_MAX; lag++) {
    let product = 0;
    let energy = 0;
    for (let i = 0; i < CORRELATION_LENGTH; i++) {
      const past = signal[windowStart - lag + i]!;
      product += signal[windowStart + i]! * past;
      energy += past * past;
    }
    if (product <= 0 || energy === 0) continue;
    const score = product / Math.sqrt(energy);
    if (score > bestScore) {
      bestScore = score;
      bestLag = lag;
    }
  }
  return bestLag;
}

function clamp16(value: number): number {
  const rounded = Math.round(value);
  return rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
}
