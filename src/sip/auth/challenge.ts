/**
 * Digest challenges from WWW-Authenticate (401) and Proxy-Authenticate (407)
 * header fields (RFC 3261 §22.2–§22.3, RFC 7616 §3.3, RFC 8760 for SHA-512-256
 * in SIP). A challenge we could never answer (other scheme, unknown algorithm,
 * missing realm or nonce, only unknown qop values) is skipped, never thrown on.
 */
import type { SipResponse } from "../message/index.js";
import { parseAuthParamLists } from "./auth-params.js";

export type DigestAlgorithm = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess" | "SHA-512-256" | "SHA-512-256-sess";
export type Qop = "auth" | "auth-int";
/** Which header the challenge came from: "www" answers with Authorization, "proxy" with Proxy-Authorization. */
export type ChallengeKind = "www" | "proxy";

export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = [
  "MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess",
];

export interface DigestChallenge {
  kind: ChallengeKind;
  realm: string;
  nonce: string;
  opaque: string | undefined;
  /** RFC 7616 §3.3: absent means MD5. */
  algorithm: DigestAlgorithm;
  /** Offered qop values we know, in the server's order; undefined when the challenge has no qop (RFC 2617 compatibility). */
  qop: readonly Qop[] | undefined;
  /** RFC 7616 §3.3: the nonce was stale, the credentials themselves were right. */
  stale: boolean;
  /** RFC 7616 §3.3 protection space, as the listed URIs. */
  domain: readonly string[];
  /** RFC 7616 §3.4.4: the server accepts (and prefers) a hashed username. */
  userhash: boolean;
}

/** Every digest challenge of a 401/407, WWW-Authenticate first then Proxy-Authenticate, in header order. */
export function parseChallenges(response: SipResponse): DigestChallenge[] {
  const out: DigestChallenge[] = [];
  for (const value of response.headers.getAll("WWW-Authenticate")) out.push(...parseChallengeValue(value, "www"));
  for (const value of response.headers.getAll("Proxy-Authenticate")) out.push(...parseChallengeValue(value, "proxy"));
  return out;
}

/** The digest challenges in one header field value (usually one). */
export function parseChallengeValue(value: string, kind: ChallengeKind): DigestChallenge[] {
  const out: DigestChallenge[] = [];
  for (const { scheme, params } of parseAuthParamLists(value)) {
    if (scheme.toLowerCase() !== "digest") continue;
    const realm = params.get("realm");
    const nonce = params.get("nonce");
    const algorithm = parseAlgorithm(params.get("algorithm"));
    if (realm === undefined || nonce === undefined || algorithm === undefined) continue;
    const qop = parseQop(params.get("qop"));
    if (qop !== undefined && qop.length === 0) continue;
    out.push({
      kind,
      realm,
      nonce,
      opaque: params.get("opaque"),
      algorithm,
      qop,
      stale: params.get("stale")?.toLowerCase() === "true",
      domain: (params.get("domain") ?? "").split(/\s+/).filter((d) => d !== ""),
      userhash: params.get("userhash")?.toLowerCase() === "true",
    });
  }
  return out;
}

function parseAlgorithm(text: string | undefined): DigestAlgorithm | undefined {
  if (text === undefined) return "MD5";
  const lower = text.toLowerCase();
  return DIGEST_ALGORITHMS.find((a) => a.toLowerCase() === lower);
}

/** qop-options is a quoted, comma-separated list (RFC 3261 §25.1); unknown values are dropped. */
function parseQop(text: string | undefined): Qop[] | undefined {
  if (text === undefined) return undefined;
  const out: Qop[] = [];
  for (const part of text.split(",")) {
    const value = part.trim().toLowerCase();
    if ((value === "auth" || value === "auth-int") && !out.includes(value)) out.push(value);
  }
  return out;
}
