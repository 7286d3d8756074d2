/**
 * The admin password is stored only as an scrypt hash (RFC 7914), written as
 * `scrypt$N$r$p$salt$hash` with salt and hash in base64. Parameters are read back
 * from the string, within bounds, so a hand-edited hash cannot exhaust memory.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";
import type { Config } from "./schema.js";

/** N = 2^15, r = 8: about 32 MiB and well under a second on a Raspberry Pi. */
const DEFAULT_PARAMS = { N: 32_768, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
/** Longer attempts are refused without hashing, so a login cannot be made expensive. */
const MAX_PASSWORD_LENGTH = 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = DEFAULT_PARAMS;
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, { N, r, p, salt, key: Buffer.alloc(KEY_BYTES) });
  return ["scrypt", N, r, p, salt.toString("base64"), key.toString("base64")].join("$");
}

/** True when `text` is a hash this module can verify. */
export function isPasswordHash(text: string): boolean {
  return parseHash(text) !== undefined;
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (parsed === undefined || password.length > MAX_PASSWORD_LENGTH) return false;
  const key = await derive(password, parsed);
  return timingSafeEqual(key, parsed.key);
}

/** False when no admin password has been set yet. */
export async function verifyAdminPassword(config: Config, password: string): Promise<boolean> {
  const hash = config.admin.passwordHash;
  return hash === undefined ? false : verifyPassword(hash, password);
}

function derive(password: string, params: ParsedHash): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 128 * params.N * params.r * 2 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFC"), params.salt, params.key.length, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

function parseHash(text: string): ParsedHash | undefined {
  const parts = text.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined;
  if (!parts.slice(1, 4).every((part) => /^[0-9]{1,8}$/.test(part))) return undefined;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = decode(parts[4]);
  const key = decode(parts[5]);
  if (salt === undefined || key === undefined) return undefined;
  const powerOfTwo = N >= 1024 && N <= 1_048_576 && (N & (N - 1)) === 0;
  if (!powerOfTwo || r < 1 || r > 32 || p < 1 || p > 16 || 128 * N * r > MAX_MEMORY_BYTES) return undefined;
  if (salt.length < 8 || salt.length > 64 || key.length < 16 || key.length > 64) return undefined;
  return { N, r, p, salt, key };
}

function decode(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  return bytes.toString("base64") === text ? bytes : undefined;
}
