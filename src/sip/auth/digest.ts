/**
 * The digest computation (RFC 7616 §3.4.1–§3.4.4, RFC 2617 §3.2.2.1 when the
 * challenge has no qop) and the Authorization / Proxy-Authorization value that
 * carries it (RFC 3261 §22.4 credentials).
 */
import { createHash, getHashes } from "node:crypto";
import { quoteString as quote } from "../message/index.js";
import type { DigestAlgorithm, Qop } from "./challenge.js";

const NODE_HASH: Record<DigestAlgorithm, string> = {
  "MD5": "md5",
  "MD5-sess": "md5",
  "SHA-256": "sha256",
  "SHA-256-sess": "sha256",
  "SHA-512-256": "sha512-256",
  "SHA-512-256-sess": "sha512-256",
};

const available = new Set(getHashes().map((h) => h.toLowerCase()));

/** False when this Node/OpenSSL build lacks the hash (SHA-512/256 on some builds). */
export function isAlgorithmAvailable(algorithm: DigestAlgorithm): boolean {
  return available.has(NODE_HASH[algorithm]);
}

/** H(data) as lower-case hex, UTF-8 for strings (RFC 7616 §3.4.1, charset UTF-8). */
export function digestHash(algorithm: DigestAlgorithm, data: string | Uint8Array): string {
  return createHash(NODE_HASH[algorithm]).update(data).digest("hex");
}

export interface DigestInput {
  algorithm: DigestAlgorithm;
  /** The user's name in the realm, never hashed here. */
  username: string;
  password: string;
  realm: string;
  nonce: string;
  /** Client nonce; used with qop and by the -sess algorithms. */
  cnonce: string;
  /** Nonce count, 1 for the first request with this nonce. */
  nc: number;
  /** undefined: the RFC 2617 form without qop, nc and cnonce. */
  qop: Qop | undefined;
  method: string;
  /** The digest-uri: the Request-URI as written (RFC 3261 §22.4). */
  uri: string;
  /** The message body, needed for qop=auth-int. */
  body: Uint8Array;
}

/** nc-value: 8 lower-case hex digits (RFC 7616 §3.4). */
export function formatNonceCount(nc: number): string {
  return (nc >>> 0).toString(16).padStart(8, "0");
}

/** request-digest (RFC 7616 §3.4.1). */
export function digestResponse(input: DigestInput): string {
  const H = (data: string | Uint8Array): string => digestHash(input.algorithm, data);
  // RFC 7616 §3.4.2: A1, and for -sess the hash of it joined with both nonces.
  let ha1 = H(`${input.username}:${input.realm}:${input.password}`);
  if (input.algorithm.endsWith("-sess")) ha1 = H(`${ha1}:${input.nonce}:${input.cnonce}`);
  // RFC 7616 §3.4.3: A2, with the body's hash for auth-int.
  const a2 = input.qop === "auth-int" ? `${input.method}:${input.uri}:${H(input.body)}` : `${input.method}:${input.uri}`;
  const ha2 = H(a2);
  if (input.qop === undefined) return H(`${ha1}:${input.nonce}:${ha2}`); // RFC 2617 §3.2.2.1 without qop
  return H(`${ha1}:${input.nonce}:${formatNonceCount(input.nc)}:${input.cnonce}:${input.qop}:${ha2}`);
}

export interface CredentialsInput extends DigestInput {
  opaque: string | undefined;
  /** RFC 7616 §3.4.4: send H(username:realm) instead of the name. */
  userhash: boolean;
}

/** The credentials value: `Digest username="…", realm="…", nonce="…", uri="…", response="…", …`. */
export function formatCredentials(input: CredentialsInput): string {
  const username = input.userhash ? digestHash(input.algorithm, `${input.username}:${input.realm}`) : input.username;
  const parts = [
    `username=${quote(username)}`,
    `realm=${quote(input.realm)}`,
    `nonce=${quote(input.nonce)}`,
    `uri=${quote(input.uri)}`,
    `response=${quote(digestResponse(input))}`,
    `algorithm=${input.algorithm}`,
  ];
  if (input.qop !== undefined || input.algorithm.endsWith("-sess")) parts.push(`cnonce=${quote(input.cnonce)}`);
  if (input.opaque !== undefined) parts.push(`opaque=${quote(input.opaque)}`);
  if (input.qop !== undefined) parts.push(`qop=${input.qop}`, `nc=${formatNonceCount(input.nc)}`);
  if (input.userhash) parts.push("userhash=true");
  return `Digest ${parts.join(", ")}`;
}
