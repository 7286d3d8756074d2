/**
 * Linear prediction analysis for comfort noise spectra. Convention: the all-pole
 * synthesis filter is 1/A(z) with A(z) = 1 + a1·z⁻¹ + … + ap·z⁻ᵖ, so
 * y[n] = e[n] − Σ a_j·y[n−j], built from reflection coefficients by the step-up
 * recursion a_j ← a_j + k_m·a_{m−j}, a_m = k_m; a negative k1 means neighbouring
 * samples are alike (low-pass noise), as in G.711 Appendix II / G.729.
 */

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
