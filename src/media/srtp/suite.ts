/**
 * The SRTP crypto suites we speak, as named in a=crypto (RFC 4568 §6.2):
 * AES-128 counter mode with HMAC-SHA1, the RTP tag 80 or 32 bits. Both keep
 * an 80-bit tag on SRTCP (RFC 4568 §6.2.2, RFC 3711 §5.2).
 */
export type SrtpSuiteName = "AES_CM_128_HMAC_SHA1_80" | "AES_CM_128_HMAC_SHA1_32";

export interface SrtpSuite {
  readonly name: SrtpSuiteName;
  /** Master (and session) encryption key, octets. */
  readonly keyLength: 16;
  /** Master (and session) salt, octets. */
  readonly saltLength: 14;
  /** Session authentication key for HMAC-SHA1 (RFC 3711 §4.2.1, n_a = 160 bits). */
  readonly authKeyLength: 20;
  readonly rtpTagLength: number;
  readonly rtcpTagLength: number;
}

function suite(name: SrtpSuiteName, rtpTagLength: number): SrtpSuite {
  return { name, keyLength: 16, saltLength: 14, authKeyLength: 20, rtpTagLength, rtcpTagLength: 10 };
}

/** Our preference order: the 80-bit tag first. */
export const SRTP_SUITES: readonly SrtpSuite[] = [suite("AES_CM_128_HMAC_SHA1_80", 10), suite("AES_CM_128_HMAC_SHA1_32", 4)];

export function srtpSuite(name: string): SrtpSuite | undefined {
  return SRTP_SUITES.find((s) => s.name === name);
}
