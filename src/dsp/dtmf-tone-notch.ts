/**
 * Notches at the frequencies of a tone the line is playing (dial tone, 350–450 Hz),
 * so its echo from the SLIC's hybrid does not count against a key's purity in the
 * DTMF detector while the user dials over it. One biquad notch per frequency,
 * H(z) = (1 − 2cos ω₀ z⁻¹ + z⁻²) / (1 − 2r cos ω₀ z⁻¹ + r² z⁻²), 3 dB wide `widthHz`.
 */
export class DtmfToneNotch {
  private readonly b1: Float64Array;
  private readonly a1: Float64Array;
  private readonly a2: number;
  private readonly state: Float64Array;

  constructor(readonly frequenciesHz: readonly number[], widthHz = 40, private readonly sampleRateHz = 8000) {
    const r = 1 - (Math.PI * widthHz) / sampleRateHz;
    this.b1 = Float64Array.from(frequenciesHz, (f) => -2 * Math.cos((2 * Math.PI * f) / sampleRateHz));
    this.a1 = this.b1.map((b) => b * r);
    this.a2 = r * r;
    this.state = new Float64Array(4 * frequenciesHz.length);
  }

  /** Filters one sample through every notch in turn. */
  process(sample: number): number {
    let x = sample;
    for (let k = 0; k < this.b1.length; k++) {
      const s = this.state;
      const o = 4 * k;
      const y = x + this.b1[k]! * s[o]! + s[o + 1]! - this.a1[k]! * s[o + 2]! - this.a2 * s[o + 3]!;
      s[o + 1] = s[o]!;
      s[o] = x;
      s[o + 3] = s[o + 2]!;
      s[o + 2] = y;
      x = y;
    }
    return x;
  }

  /** Power gain |H|² of the cascade at `frequencyHz`. */
  powerGain(frequencyHz: number): number {
    const w = (2 * Math.PI * frequencyHz) / this.sampleRateHz;
    let gain = 1;
    for (let k = 0; k < this.b1.length; k++) {
      // Numerator and denominator at z = e^{jω}: 1 + b1 e^{−jω} + e^{−2jω}, 1 + a1 e^{−jω} + a2 e^{−2jω}.
      const numRe = 1 + this.b1[k]! * Math.cos(w) + Math.cos(2 * w);
      const numIm = -this.b1[k]! * Math.sin(w) - Math.sin(2 * w);
      const denRe = 1 + this.a1[k]! * Math.cos(w) + this.a2 * Math.cos(2 * w);
      const denIm = -this.a1[k]! * Math.sin(w) - this.a2 * Math.sin(2 * w);
      gain *= (numRe * numRe + numIm * numIm) / (denRe * denRe + denIm * denIm);
    }
    return gain;
  }
}
