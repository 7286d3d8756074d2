/**
 * The echo a real line returns: the SLIC's 2-to-4-wire hybrid never matches the line and the
 * telephone exactly, so some of what the earpiece is sent comes back in the mouthpiece,
 * attenuated (the echo return loss, ERL; G.168 asks cancellers to cope with 6 dB and more)
 * and delayed, spread over a few milliseconds. Off unless set: the simulated line is ideal
 * otherwise. The response here is the delay, then a short decaying tail (2 ms, alternating
 * sign, as a hybrid's band-limited response does), scaled so its gain at 1 kHz is the ERL. A
 * frame captured in one audio period can only echo what was played in earlier ones, so the
 * echo comes one period (20 ms) later than `delayMs`, as a sound card's buffering adds.
 */

export interface HybridSettings {
  /** Echo return loss, dB (0..60). */
  erlDb: number;
  /** Delay to the echo's start, ms (0..60). */
  delayMs: number;
}

const SAMPLES_PER_MS = 8;
/** The tail's taps (relative), before scaling to the ERL. */
const SHAPE = [1, -0.5, 0.3, -0.2, 0.1, -0.05, 0.03, -0.02, 0.01, 0, 0, 0, 0, 0, 0, 0];

export class HybridEcho {
  private settings: HybridSettings | undefined;
  private taps = new Float64Array(0);
  /** What the earpiece was sent, newest last, as long as the delay plus the tail. */
  private history = new Float64Array(0);

  get current(): HybridSettings | undefined {
    return this.settings;
  }

  /** Undefined: no echo. */
  set(settings: HybridSettings | undefined): void {
    this.settings = settings;
    if (!settings) {
      this.taps = new Float64Array(0);
      this.history = new Float64Array(0);
      return;
    }
    const scale = 10 ** (-settings.erlDb / 20) / gainAt(1000);
    const delay = Math.round(settings.delayMs * SAMPLES_PER_MS);
    this.taps = new Float64Array(delay + SHAPE.length);
    SHAPE.forEach((tap, i) => { this.taps[delay + i] = tap * scale; });
    this.history = new Float64Array(0);
  }

  /** `captured` (one period) with the echo of what the earpiece was sent in earlier periods added. */
  apply(captured: Int16Array): Int16Array {
    if (!this.settings) return captured;
    const n = this.taps.length;
    const end = this.history.length - captured.length;
    const out = new Int16Array(captured.length);
    for (let i = 0; i < captured.length; i++) {
      let echo = 0;
      for (let k = 0; k < n; k++) echo += this.taps[k]! * (this.history[end + i - k] ?? 0);
      out[i] = Math.max(-32768, Math.min(32767, Math.round(captured[i]! + echo)));
    }
    return out;
  }

  /** What the earpiece was sent this period. */
  played(frame: Int16Array): void {
    if (!this.settings) return;
    const keep = this.taps.length + frame.length;
    const next = new Float64Array(keep);
    const old = this.history.subarray(Math.max(0, this.history.length - (keep - frame.length)));
    next.set(old, keep - frame.length - old.length);
    next.set(frame, keep - frame.length);
    this.history = next;
  }
}

/** |H(f)| of SHAPE at `hz` (8 kHz sampling). */
function gainAt(hz: number): number {
  const w = (2 * Math.PI * hz) / 8000;
  let re = 0;
  let im = 0;
  SHAPE.forEach((tap, k) => {
    re += tap * Math.cos(w * k);
    im -= tap * Math.sin(w * k);
  });
  return Math.hypot(re, im);
}
