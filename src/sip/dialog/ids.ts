/**
 * Fresh identifiers for dialogs: tags (RFC 3261 §19.3, at least 32 bits of
 * randomness), Call-IDs (§8.1.1.4, globally unique) and initial CSeq numbers
 * (§8.1.1.5, below 2^31).
 */
import { randomBytes, randomInt } from "node:crypto";

/** A To/From tag with 64 random bits. */
export function newTag(): string {
  return randomBytes(8).toString("hex");
}

/** A Call-ID with 96 random bits, optionally `@host`. */
export function newCallId(host?: string): string {
  const local = randomBytes(12).toString("hex");
  return host ? `${local}@${host}` : local;
}

/**
 * A random initial local CSeq. RFC 3261 §8.1.1.5 requires < 2^31; we stay below
 * 2^30 so a long dialog can keep incrementing without reaching the limit.
 */
export function initialCSeq(): number {
  return randomInt(1, 2 ** 30);
}
