/**
 * What a telephone with call-waiting caller ID (CID-CW) does when its earpiece carries the
 * CPE alerting signal (2130 + 2750 Hz for 80 ms, Telcordia GR-30-CORE §2.2; ETSI EN 300 659-2
 * DT-AS is the same pair): once the signal has ended it answers with a DTMF acknowledgement
 * ('A' for Bell sets) within the 160 ms the exchange waits, and its display then reads the
 * FSK message that follows. Frames are 20 ms: the signal spans three or four of them.
 */
import { goertzelPower, rms } from "../../src/dsp/index.js";

/** Both tones must carry this share of the frame's energy each (a call's speech or tones do not). */
const TONE_SHARE = 0.25;
/** Quieter frames are not considered (−40 dBm0 and below is line noise). */
const LEAST_MEAN_SQUARE = 100;
/** Frames of the signal needed to call it one: 40 ms of an 80 ms signal. */
const FRAMES_NEEDED = 2;

export class CasResponder {
  private framesHeard = 0;

  /** `ack` sends the acknowledgement key into the mouthpiece. */
  constructor(private readonly ack: () => void) {}

  /** One frame the earpiece carried while off-hook. */
  hear(frame: Int16Array): void {
    if (isAlertingSignal(frame)) {
      this.framesHeard++;
      return;
    }
    if (this.framesHeard >= FRAMES_NEEDED) this.ack();
    this.framesHeard = 0;
  }
}

function isAlertingSignal(frame: Int16Array): boolean {
  const meanSquare = rms(frame) ** 2;
  if (meanSquare < LEAST_MEAN_SQUARE) return false;
  // goertzelPower is the tone's own mean square, so each share is that tone's part of the frame's.
  const share = (hz: number): number => goertzelPower(frame, hz) / meanSquare;
  return share(2130) > TONE_SHARE && share(2750) > TONE_SHARE;
}
