/**
 * Linear prediction helpers for comfort noise spectra. Convention: the all-pole
 * synthesis filter is 1/A(z) with A(z) = 1 + a1·z⁻¹ + … + ap·z⁻ᵖ, so
 * y[n] = e[n] − Σ a_j·y[n−j]; a negative first reflection coefficient k1 means
 * neighbouring samples are alike (low-pass noise), as in G.711 Appendix II / G.729.
 */

/** Step-up recursion: reflection coefficients k1..kp → predictor a1..ap, written to `out`. */
export function reflectionToPredictor(reflection: ArrayLike<number>, out: Float64Array): void {
  const order = reflection.length;
  for (let m = 0; m < order; m++) {
    const k = reflection[m]!;
    // a_j ← a_j + k·a_{m−j} for j < m, done in pairs so each old value is read before it is overwritten.
    for (let j = 0, l = m - 1; j <= l; j++, l--) {
      const aj = out[j]!;
      const al = out[l]!;
      out[j] = aj + k * al;
      if (j !== l) out[l] = al + k * aj;
    }
    out[m] = k;
  }
}

/** Autocorrelation r0..r_order of a block of samples. */
export function autocorrelation(samples: ArrayLike<number>, order: number): Float64Array {
  const r = new Float64Array(order + 1);
  for (let lag = 0; lag <= order; lag++) {
    let sum = 0;
    for (let i = lag; i < samples.length; i++) sum += samples[i]! * samples[i - lag]!;
    r[lag] = sum;
  }
  return r;
}

/**
 * Levinson–Durbin: the reflection coefficients of the best order-p predictor for the
 * autocorrelation r0..rp. Stops early (remaining coefficients 0) if the signal is
 * fully predicted or r0 is 0.
 */
export function levinsonDurbin(r: Float64Array, order: number): number[] {
  const reflection = new Array<number>(order).fill(0);
  const a = new Float64Array(order);
  let error = r[0]!;
  for (let m = 0; m < order && error > 0; m++) {
    let acc = r[m + 1]!;
    for (let j = 0; j < m; j++) acc += a[j]! * r[m - j]!;
    const k = -acc / error;
    reflection[m] = k;
    for (let j = 0, l = m - 1; j <= l; j++, l--) {
      const aj = a[j]!;
      const al = a[l]!;
      a[j] = aj + k * al;
      if (j !== l) a[l] = al + k * aj;
    }
    a[m] = k;
    error *= 1 - k * k;
  }
  return reflection;
}
