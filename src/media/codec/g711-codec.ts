/** G.711 behind the AudioCodec interface: PCMU (payload type 0) and PCMA (8), RFC 3551 §4.5.14. */
import type { AudioCodec } from "./audio-codec.js";
import { decodeAlaw, decodeUlaw, encodeAlaw, encodeUlaw } from "./g711.js";

export type G711Name = "PCMU" | "PCMA";

export class G711Codec implements AudioCodec {
  readonly payloadType: 0 | 8;
  readonly clockRateHz = 8000;
  private readonly encodeFrame: (pcm: Int16Array, out: Uint8Array) => void;
  private readonly decodeFrame: (codes: Uint8Array, out: Int16Array) => number;

  constructor(readonly name: G711Name) {
    const ulaw = name === "PCMU";
    this.payloadType = ulaw ? 0 : 8;
    this.encodeFrame = ulaw ? encodeUlaw : encodeAlaw;
    this.decodeFrame = ulaw ? decodeUlaw : decodeAlaw;
  }

  encodedLength(samples: number): number {
    return samples;
  }

  decodedLength(bytes: number): number {
    return bytes;
  }

  encode(pcm: Int16Array, out: Uint8Array): number {
    this.encodeFrame(pcm, out);
    return pcm.length;
  }

  decode(payload: Uint8Array, out: Int16Array): number {
    return this.decodeFrame(payload, out);
  }
}

/** μ-law, static payload type 0. */
export const PCMU = new G711Codec("PCMU");
/** A-law, static payload type 8. */
export const PCMA = new G711Codec("PCMA");
