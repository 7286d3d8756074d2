/**
 * AES in counter mode as SRTP uses it (RFC 3711 §4.1.1). The 128-bit counter
 * block is the IV with a 16-bit block number added in its low bits; packets
 * stay far below 2^16 blocks, so node's aes-128-ctr (which counts over the
 * whole block) produces the same keystream.
 */
import { createCipheriv, type KeyObject } from "node:crypto";

/** RFC 3711 §4.1.1: IV = (k_s · 2^16) XOR (SSRC · 2^64) XOR (i · 2^16), i the 48-bit packet index. */
export function counterIv(salt: Uint8Array, ssrc: number, index: number): Buffer {
  const iv = Buffer.alloc(16);
  iv.set(salt.subarray(0, 14));
  iv.writeUInt32BE((iv.readUInt32BE(4) ^ ssrc) >>> 0, 4);
  const high = Math.floor(index / 0x1_0000_0000);
  iv.writeUInt16BE(iv.readUInt16BE(8) ^ (high & 0xffff), 8);
  iv.writeUInt32BE((iv.readUInt32BE(10) ^ index) >>> 0, 10);
  return iv;
}

/** Encrypts or decrypts (the same XOR) `input` into `output` with the keystream that starts at `iv`. */
export function aesCmTransform(key: KeyObject, iv: Uint8Array, input: Uint8Array, output: Uint8Array): void {
  const cipher = createCipheriv("aes-128-ctr", key, iv);
  const body = cipher.update(input);
  output.set(body);
  const tail = cipher.final();
  if (tail.length > 0) output.set(tail, body.length);
}

/** `length` octets of raw keystream from `iv` (key derivation, RFC 3711 §4.3.3; tests against §B.2). */
export function aesCmKeystream(key: KeyObject, iv: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  aesCmTransform(key, iv, out, out);
  return out;
}
