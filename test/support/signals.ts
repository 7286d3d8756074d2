/** Test signals: sampled sines (rounded to 16-bit) at 8 kHz unless told otherwise. */
export interface SineOptions {
  frequencyHz: number;
  amplitude: number;
  phaseRad?: number;
  sampleRateHz?: number;
  /** Index of the first sample, so consecutive frames continue one sine. */
  startSample?: number;
}

export function sine(length: number, options: SineOptions): Int16Array {
  const { frequencyHz, amplitude, phaseRad = 0, sampleRateHz = 8000, startSample = 0 } = options;
  const omega = (2 * Math.PI * frequencyHz) / sampleRateHz;
  return Int16Array.from({ length }, (_, i) =>
    Math.max(-32768, Math.min(32767, Math.round(amplitude * Math.sin(omega * (startSample + i) + phaseRad)))),
  );
}

/** Sums signals sample by sample (same length), clipped to 16 bits. */
export function mix(...signals: Int16Array[]): Int16Array {
  return Int16Array.from(signals[0]!, (_, i) => Math.max(-32768, Math.min(32767, signals.reduce((sum, s) => sum + s[i]!, 0))));
}

/** Concatenates frames into one signal. */
export function concat(frames: Int16Array[]): Int16Array {
  const out = new Int16Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const frame of frames) {
    out.set(frame, at);
    at += frame.length;
  }
  return out;
}
