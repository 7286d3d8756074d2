/**
 * The boundary every audio codec keeps, so the media session can pick one from the
 * SDP answer without knowing which: 16-bit PCM frames in, RTP payload bytes out,
 * and back. G.711 is the first; later codecs implement the same interface.
 */
export interface AudioCodec {
  /** The RTP/SDP encoding name (RFC 3551 §6), e.g. "PCMU". */
  readonly name: string;
  /** The static payload type (RFC 3551 §6), or the default dynamic one. */
  readonly payloadType: number;
  /** RTP clock rate, which is also the PCM sample rate here (8000 for G.711). */
  readonly clockRateHz: number;
  /** Bytes of payload that `samples` PCM samples encode to. */
  encodedLength(samples: number): number;
  /** PCM samples that a payload of `bytes` bytes decodes to. */
  decodedLength(bytes: number): number;
  /**
   * Encodes all of `pcm` into the start of `out`; returns the bytes written.
   * Throws RangeError if `out` is shorter than encodedLength(pcm.length) (a caller bug).
   */
  encode(pcm: Int16Array, out: Uint8Array): number;
  /**
   * Decodes `payload` into the start of `out`; returns the samples written. A payload
   * from the network MUST NOT make it throw: what does not fit in `out` is ignored.
   */
  decode(payload: Uint8Array, out: Int16Array): number;
}
