/**
 * SDES key lines (RFC 4568 §9.1, the SRTP security descriptions of §6):
 *   a=crypto:<tag> <suite> inline:<base64 key‖salt>[|<lifetime>][|<MKI>:<length>] [session params]
 * read into keys, written back, and made fresh from crypto-strength randomness.
 * A line we cannot honour comes back as an error saying why, never as a throw.
 */
import { randomBytes } from "node:crypto";
import { err, ok, type Result } from "../../util/result.js";
import type { CryptoAttribute } from "../sdp/types.js";
import { srtpSuite, type SrtpSuite } from "./suite.js";

export interface SdesKey {
  /** 1–9 decimal digits (RFC 4568 §9.1). */
  readonly tag: number;
  readonly suite: SrtpSuite;
  readonly masterKey: Uint8Array;
  readonly masterSalt: Uint8Array;
  /** Packets the key may protect (§6.1); kept as read, written back as 2^n when a power of two. */
  readonly lifetime?: number;
  /** §6.1: MKI value and its length in octets; the value is carried in every packet. */
  readonly mki?: { readonly value: bigint; readonly length: number };
}

/** §6.2.1: an AES_CM_128_HMAC_SHA1 key lives at most 2^48 SRTP packets. */
const MAX_LIFETIME = 2 ** 48;
const MAX_TAG = 999_999_999;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Session parameters (§6.3) we honour: KDR=0 is our key derivation rate; WSH only hints a window, ours is 64. */
function unsupportedSessionParam(param: string): string | undefined {
  if (/^KDR=0$/.test(param) || /^WSH=\d{1,9}$/.test(param)) return undefined;
  return `session parameter ${param} is not supported`;
}

export function parseSdesKey(line: CryptoAttribute): Result<SdesKey> {
  if (!Number.isInteger(line.tag) || line.tag < 0 || line.tag > MAX_TAG) return err(`bad crypto tag ${line.tag}`);
  const suite = srtpSuite(line.suite);
  if (!suite) return err(`unknown crypto suite ${line.suite}`);
  for (const param of (line.sessionParams ?? "").split(/\s+/).filter((p) => p !== "")) {
    const why = unsupportedSessionParam(param);
    if (why) return err(why);
  }
  if (line.keyParams.includes(";")) return err("several keys in one line (MKI key switching) are not supported");
  if (!line.keyParams.startsWith("inline:")) return err(`key method of "${line.keyParams}" is not inline:`);
  const [keySalt = "", ...rest] = line.keyParams.slice("inline:".length).split("|");
  if (keySalt.length % 4 !== 0 || !BASE64.test(keySalt)) return err(`key "${keySalt}" is not base64`);
  const bytes = Buffer.from(keySalt, "base64");
  const expected = suite.keyLength + suite.saltLength;
  if (bytes.length !== expected) return err(`${suite.name} needs ${expected} octets of key and salt, got ${bytes.length}`);

  let lifetime: number | undefined;
  let mki: SdesKey["mki"];
  for (const [i, field] of rest.entries()) {
    const isMki = field.includes(":");
    if (isMki && i === rest.length - 1 && mki === undefined) {
      const parsed = parseMki(field);
      if (!parsed.ok) return parsed;
      mki = parsed.value;
    } else if (!isMki && i === 0) {
      const parsed = parseLifetime(field);
      if (!parsed.ok) return parsed;
      lifetime = parsed.value;
    } else {
      return err(`unexpected key parameter "${field}"`);
    }
  }
  return ok({
    tag: line.tag,
    suite,
    masterKey: new Uint8Array(bytes.subarray(0, suite.keyLength)),
    masterSalt: new Uint8Array(bytes.subarray(suite.keyLength)),
    ...(lifetime === undefined ? {} : { lifetime }),
    ...(mki === undefined ? {} : { mki }),
  });
}

/** §6.1: lifetime = ["2^"] 1*(DIGIT), at most the suite's maximum. */
function parseLifetime(field: string): Result<number> {
  const power = /^2\^(\d{1,2})$/.exec(field);
  const value = power ? 2 ** Number(power[1]) : /^\d{1,15}$/.test(field) ? Number(field) : NaN;
  if (Number.isNaN(value)) return err(`bad key lifetime "${field}"`);
  if (value < 1 || value > MAX_LIFETIME) return err(`key lifetime ${field} is outside 1 … 2^48`);
  return ok(value);
}

/** §6.1: mki = mki-value ":" mki-length, the value decimal, the length 1–128 octets. */
function parseMki(field: string): Result<{ value: bigint; length: number }> {
  const m = /^(\d{1,39}):(\d{1,3})$/.exec(field);
  if (!m) return err(`bad MKI "${field}"`);
  const value = BigInt(m[1]!);
  const length = Number(m[2]);
  if (length < 1 || length > 128) return err(`MKI length ${length} is outside 1 … 128`);
  if (value >= 1n << BigInt(8 * length)) return err(`MKI value ${value} does not fit in ${length} octets`);
  return ok({ value, length });
}

/** The MKI as the octets carried in each packet (network order). */
export function mkiBytes(mki: NonNullable<SdesKey["mki"]>): Uint8Array {
  const out = new Uint8Array(mki.length);
  let v = mki.value;
  for (let i = mki.length - 1; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

export function formatSdesKey(key: SdesKey): CryptoAttribute {
  const keySalt = Buffer.concat([key.masterKey, key.masterSalt]).toString("base64");
  const lifetime = key.lifetime === undefined ? "" : `|${Number.isInteger(Math.log2(key.lifetime)) ? `2^${Math.log2(key.lifetime)}` : key.lifetime}`;
  const mki = key.mki === undefined ? "" : `|${key.mki.value}:${key.mki.length}`;
  return { tag: key.tag, suite: key.suite.name, keyParams: `inline:${keySalt}${lifetime}${mki}` };
}

/** A fresh master key and salt (RFC 4568 §6.1: from a cryptographically strong random source). */
export function generateSdesKey(tag: number, suite: SrtpSuite, random: (octets: number) => Uint8Array = randomBytes): SdesKey {
  const bytes = random(suite.keyLength + suite.saltLength);
  return { tag, suite, masterKey: new Uint8Array(bytes.subarray(0, suite.keyLength)), masterSalt: new Uint8Array(bytes.subarray(suite.keyLength)) };
}
