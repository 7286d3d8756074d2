/**
 * The echo canceller's tone disabler (ITU-T G.168 §7, after G.164 and G.165): a 2100 Hz
 * answer tone (V.25 ANS, with or without its phase reversals every 450 ms, or V.8 ANSam)
 * in either direction means a modem or fax call, which must reach G.711 untouched, so the
 * canceller steps aside; it comes back once the line has been quiet in both directions
 * for the release time.
 *
 * Detection, per frame and per direction: the 2100 Hz component (Goertzel over the frame,
 * src/dsp/measure.ts) holds at least −31 dBm0 and most of the frame's power (speech and
 * DTMF spread theirs; a tone 60 Hz off falls out of the Hann window's main lobe). After
 * `OPERATE_MS` of such frames (inside the 400 ± 100 ms operate time of G.164) the
 * canceller is disabled. A phase reversal inside a frame cancels part of that frame's
 * Goertzel sum, so one weak frame does not restart the count.
 *
 * Hold and release: disabled while either direction is above −36 dBm0; re-enabled after
 * `RELEASE_MS` (inside G.164's 250 ± 150 ms) below it in both directions. The levels are
 * this implementation's choice for a line at −70 dBm0 of noise.
 */
import { goertzelPower, sineAmplitudeForDbm0 } from "../../dsp/measure.js";

const TONE_HZ = 2100;
const OPERATE_MS = 360;
const RELEASE_MS = 250;
const DETECT_DBM0 = -31;
const HOLD_DBM0 = -36;
/** Share of the frame's power that must sit at 2100 Hz (−1.5 dB). */
const PURITY = 0.7;

/** Mean square of a sine at `dbm0`, in 16-bit units (the scale goertzelPower uses). */
function powerAt(dbm0: number): number {
  return sineAmplitudeForDbm0(dbm0) ** 2 / 2;
}
const DETECT_POWER = powerAt(DETECT_DBM0);
const HOLD_POWER = powerAt(HOLD_DBM0);

function meanSquare(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i++) sum += frame[i]! * frame[i]!;
  return frame.length === 0 ? 0 : sum / frame.length;
}

/** Counts how long one direction has carried the answer tone. */
class ToneRun {
  private toneSamples = 0;
  private weakFrames = 0;

  frame(frame: Int16Array, power: number): number {
    const tone = goertzelPower(frame, TONE_HZ);
    if (tone >= DETECT_POWER && tone >= PURITY * power) {
      this.toneSamples += frame.length;
      this.weakFrames = 0;
    } else if (++this.weakFrames > 1) {
      this.toneSamples = 0;
    }
    return this.toneSamples;
  }

  reset(): void {
    this.toneSamples = 0;
    this.weakFrames = 0;
  }
}

export class AnswerToneDisabler {
  private readonly operateSamples: number;
  private readonly releaseSamples: number;
  private readonly reference = new ToneRun();
  private readonly capture = new ToneRun();
  private quietSamples = 0;
  private disabledNow = false;

  constructor(sampleRateHz = 8000) {
    this.operateSamples = (OPERATE_MS * sampleRateHz) / 1000;
    this.releaseSamples = (RELEASE_MS * sampleRateHz) / 1000;
  }

  /** True while the canceller must pass the capture through untouched. */
  get disabled(): boolean {
    return this.disabledNow;
  }

  /** Looks at one frame of each direction; returns `disabled` for this frame. */
  frame(reference: Int16Array, capture: Int16Array): boolean {
    const referencePower = meanSquare(reference);
    const capturePower = meanSquare(capture);
    const toneSamples = Math.max(this.reference.frame(reference, referencePower), this.capture.frame(capture, capturePower));
    if (!this.disabledNow) {
      this.disabledNow = toneSamples >= this.operateSamples;
      this.quietSamples = 0;
      return this.disabledNow;
    }
    this.quietSamples = Math.max(referencePower, capturePower) < HOLD_POWER ? this.quietSamples + capture.length : 0;
    if (this.quietSamples >= this.releaseSamples) {
      this.disabledNow = false;
      this.reference.reset();
      this.capture.reset();
    }
    return this.disabledNow;
  }

  reset(): void {
    this.reference.reset();
    this.capture.reset();
    this.quietSamples = 0;
    this.disabledNow = false;
  }
}
