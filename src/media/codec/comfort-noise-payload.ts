/**
 * The RFC 3389 comfort noise (CN) payload, static payload type 13 at 8 kHz (RFC 3551):
 *
 *    0                   1                   2
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 …
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |0|    level    |      N1       |      N2       | … NP
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * level: the noise level's magnitude in dBov (0 … 127 meaning 0 … −127 dBov); the top
 * bit is reserved and sent as 0. N1 … NP: optional reflection coefficients, one byte
 * each, the model order being the payload length − 1.
 */
import { err, ok, type Result } from "../../util/result.js";

/** RFC 3551 §6: the static payload type of CN for 8 kHz. */
export const COMFORT_NOISE_PAYLOAD_TYPE = 13;

export interface ComfortNoise {
  /** Noise level, 0 down to −127 dBov (RFC 3389 §3.1). */
  readonly levelDbov: number;
  /** Reflection coefficients k1 … kP in [−1, 1]; empty when no spectrum was sent (white noise). */
  readonly reflectionCoefficients: readonly number[];
}

/**
 * A coefficient byte N stands for k = (N − 127) / 128 (RFC 3389 §3.2's uniform
 * quantizer over (−1, 1), as deployed decoders read it): 0 → −0.992, 127 → 0, 254 → 0.992.
 */
export function dequantizeReflection(byte: number): number {
  return (byte - 127) / 128;
}

/** The byte closest to `k`, within 0 … 254. */
export function quantizeReflection(k: number): number {
  return Math.max(0, Math.min(254, Math.round(k * 128 + 127)));
}

/** RFC 3389 §3: reads a CN payload. An empty payload is the only malformed one. */
export function parseComfortNoise(payload: Uint8Array): Result<ComfortNoise, string> {
  if (payload.length === 0) return err("CN payload is empty: it must carry at least the noise level byte");
  // RFC 3389 §3.1: the most significant bit is unused; read the level from the other seven.
  const levelDbov = -(payload[0]! & 0x7f);
  const reflectionCoefficients = Array.from(payload.subarray(1), dequantizeReflection);
  return ok({ levelDbov, reflectionCoefficients });
}

/** RFC 3389 §3: writes a CN payload; the level is rounded to whole dB within 0 … −127. */
export function serializeComfortNoise(noise: ComfortNoise): Uint8Array {
  const out = new Uint8Array(1 + noise.reflectionCoefficients.length);
  const magnitude = Math.round(-noise.levelDbov);
  out[0] = Number.isFinite(magnitude) ? Math.max(0, Math.min(127, magnitude)) : 127;
  noise.reflectionCoefficients.forEach((k, i) => (out[1 + i] = quantizeReflection(k)));
  return out;
}
