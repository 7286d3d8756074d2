/**
 * ITU-T G.711 μ-law and A-law companding between 16-bit linear PCM and 8-bit codes.
 *
 * The scalar functions follow the segment/step construction of G.711 Tables 1 and 2
 * on the 13-bit (A-law) and 14-bit (μ-law) magnitudes the Recommendation is written
 * in; the decoder output is scaled back up to 16 bits. Going from 16 bits down, the
 * bits below that resolution are dropped: μ-law takes sign and magnitude (|x| >> 2),
 * A-law the one's complement of negative samples ((−x − 1) >> 3).
 * Both choices are the ones spandsp makes, which the tests compare all inputs with. The frame functions are table-driven: each law has a 64 KiB
 * encode table and a 256-entry decode table, built on first use; the per-frame path
 * does not allocate.
 */

/** μ-law bias in the 14-bit domain: the first segment's decision values start at 33 − 33 = 0. */
const ULAW_BIAS = 33;
/** Largest biased μ-law magnitude (14-bit clip point 8158 + 33). */
const ULAW_MAX_BIASED = 0x1fff;

/** Index of the most significant set bit of a positive integer (0-based). */
function topBit(value: number): number {
  return 31 - Math.clz32(value);
}

/**
 * Encodes one 16-bit linear sample to a μ-law code (G.711 Table 2, bits inverted for
 * transmission: +0 is 0xFF, −0 is 0x7F).
 */
export function linearToUlaw(sample: number): number {
  const negative = sample < 0;
  // Sign and magnitude, as G.711 Table 2 is laid out; drop the two bits below 14-bit resolution.
  let biased = ((negative ? -sample : sample) >> 2) + ULAW_BIAS;
  if (biased > ULAW_MAX_BIASED) biased = ULAW_MAX_BIASED;
  const segment = topBit(biased) - 5; // 33..63 → 0, …, 4096..8191 → 7
  const step = (biased >> (segment + 1)) & 0x0f;
  return ((negative ? 0x00 : 0x80) | (segment << 4) | step) ^ 0x7f;
}

/** Decodes one μ-law code to 16-bit linear: the middle of the code's step, ×4. */
export function ulawToLinear(code: number): number {
  const inverted = ~code & 0xff;
  const segment = (inverted >> 4) & 0x07;
  const step = inverted & 0x0f;
  const magnitude = (((step << 1) + ULAW_BIAS) << segment) - ULAW_BIAS;
  return (inverted & 0x80) !== 0 ? -(magnitude << 2) : magnitude << 2;
}

/**
 * Encodes one 16-bit linear sample to an A-law code (G.711 Table 1, even bits
 * inverted for transmission: +0 is 0xD5, −0 is 0x55).
 */
export function linearToAlaw(sample: number): number {
  const negative = sample < 0;
  // 13-bit magnitude 0..4095.
  const magnitude = negative ? ~sample >> 3 : sample >> 3;
  let segment: number;
  let step: number;
  if (magnitude < 32) {
    segment = 0;
    step = magnitude >> 1;
  } else {
    segment = topBit(magnitude) - 4; // 32..63 → 1, …, 2048..4095 → 7
    step = (magnitude >> segment) & 0x0f;
  }
  return ((negative ? 0x00 : 0x80) | (segment << 4) | step) ^ 0x55;
}

/** Decodes one A-law code to 16-bit linear: the middle of the code's step, ×8. */
export function alawToLinear(code: number): number {
  const plain = (code ^ 0x55) & 0xff;
  const segment = (plain >> 4) & 0x07;
  const step = plain & 0x0f;
  const magnitude = segment === 0 ? (step << 1) + 1 : ((step << 1) + 33) << (segment - 1);
  return (plain & 0x80) !== 0 ? magnitude << 3 : -(magnitude << 3);
}

interface LawTables {
  /** Indexed by the sample's 16-bit two's-complement pattern (sample & 0xffff). */
  readonly encode: Uint8Array;
  readonly decode: Int16Array;
}

function buildTables(encodeOne: (sample: number) => number, decodeOne: (code: number) => number): LawTables {
  const encode = new Uint8Array(65536);
  for (let pattern = 0; pattern < 65536; pattern++) encode[pattern] = encodeOne((pattern << 16) >> 16);
  const decode = new Int16Array(256);
  for (let code = 0; code < 256; code++) decode[code] = decodeOne(code);
  return { encode, decode };
}

let ulawTables: LawTables | undefined;
let alawTables: LawTables | undefined;

function ulaw(): LawTables {
  return (ulawTables ??= buildTables(linearToUlaw, ulawToLinear));
}

function alaw(): LawTables {
  return (alawTables ??= buildTables(linearToAlaw, alawToLinear));
}

function encodeWith(table: Uint8Array, pcm: Int16Array, out: Uint8Array): void {
  if (out.length < pcm.length) throw new RangeError(`G.711 encode: output holds ${out.length} bytes, need ${pcm.length}`);
  for (let i = 0; i < pcm.length; i++) out[i] = table[pcm[i]! & 0xffff]!;
}

function decodeWith(table: Int16Array, codes: Uint8Array, out: Int16Array): number {
  const count = Math.min(codes.length, out.length);
  for (let i = 0; i < count; i++) out[i] = table[codes[i]!]!;
  return count;
}

/** Encodes every sample of `pcm` into `out` (one byte per sample). Throws RangeError if `out` is shorter. */
export function encodeUlaw(pcm: Int16Array, out: Uint8Array): void {
  encodeWith(ulaw().encode, pcm, out);
}

/** Decodes min(codes.length, out.length) codes into `out`; returns that count. Never throws. */
export function decodeUlaw(codes: Uint8Array, out: Int16Array): number {
  return decodeWith(ulaw().decode, codes, out);
}

/** Encodes every sample of `pcm` into `out` (one byte per sample). Throws RangeError if `out` is shorter. */
export function encodeAlaw(pcm: Int16Array, out: Uint8Array): void {
  encodeWith(alaw().encode, pcm, out);
}

/** Decodes min(codes.length, out.length) codes into `out`; returns that count. Never throws. */
export function decodeAlaw(codes: Uint8Array, out: Int16Array): number {
  return decodeWith(alaw().decode, codes, out);
}
