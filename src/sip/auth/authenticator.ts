/**
 * Answers digest challenges for one account (RFC 3261 §22.2–§22.3, RFC 7616 §3.4).
 * Keeps, per protection space (header kind + realm), the last challenge and its
 * nonce count, so a reused nonce counts 00000001, 00000002, … and a new nonce
 * starts again at 00000001.
 *
 * Failure rule (so a wrong password never loops): a realm that challenges again
 * without stale=true, in reply to credentials that answered that realm's latest
 * challenge, has rejected the password. Credentials sent pre-emptively with an
 * older cached nonce are not an answer, so a plain re-challenge to them (a server
 * that forgot the nonce without saying stale) is retried once with the new nonce.
 */
import { randomBytes } from "node:crypto";
import type { SipRequest, SipResponse } from "../message/index.js";
import { silentLogs, type Logger } from "../../util/log.js";
import { parseAuthParamLists } from "./auth-params.js";
import { parseChallenges, type ChallengeKind, type DigestAlgorithm, type DigestChallenge, type Qop } from "./challenge.js";
import { formatCredentials, isAlgorithmAvailable } from "./digest.js";

export interface DigestCredentials {
  authUser: string;
  password: string;
  /** When set, only challenges for this realm are answered. */
  realm?: string;
}

export interface DigestAuthenticatorOptions {
  /** Client nonce source (default: 16 random bytes as hex). */
  cnonce?: () => string;
  logger?: Logger;
}

export type AuthVerdict = "retry" | "failed";

interface SpaceState {
  challenge: DigestChallenge;
  qop: Qop | undefined;
  cnonce: string;
  /** Nonce count of the last credentials built with this nonce. */
  nc: number;
  /** `nc` when the challenge arrived: credentials with nc = challengeNc + 1 answered it. */
  challengeNc: number;
}

/**
 * Higher is stronger. RFC 8760 §2.4 has the UAC take the topmost challenge it supports
 * unless local policy says otherwise; our policy is the strongest hash, with the
 * server's order breaking ties (MD5 only when nothing better is offered).
 */
const STRENGTH: Record<DigestAlgorithm, number> = {
  "SHA-512-256": 3, "SHA-512-256-sess": 3, "SHA-256": 2, "SHA-256-sess": 2, "MD5": 1, "MD5-sess": 1,
};

const HEADER: Record<ChallengeKind, string> = { www: "Authorization", proxy: "Proxy-Authorization" };

const spaceKey = (kind: ChallengeKind, realm: string): string => `${kind} ${realm}`;

export class DigestAuthenticator {
  private readonly spaces = new Map<string, SpaceState>();
  private readonly newCnonce: () => string;
  private readonly log: Logger;

  constructor(private readonly credentials: DigestCredentials, options: DigestAuthenticatorOptions = {}) {
    this.newCnonce = options.cnonce ?? (() => randomBytes(16).toString("hex"));
    this.log = options.logger ?? silentLogs.get("sip.auth");
  }

  /**
   * Takes in the challenges of a 401/407 to `request` (the request as sent).
   * "retry": every answerable challenge is stored; resend the request (CSeq + 1,
   * old credentials removed) after addCredentials(). "failed": nothing we can
   * answer, or a realm rejected our answer to its challenge.
   */
  authorize(request: SipRequest, response: SipResponse): AuthVerdict {
    const chosen = this.strongestPerSpace(parseChallenges(response));
    if (chosen.size === 0) {
      this.log.warn(`${response.status} to ${request.method}: no digest challenge we can answer`);
      return "failed";
    }
    const sent = sentCredentials(request);
    for (const [key, challenge] of chosen) {
      const state = this.spaces.get(key);
      const ours = sent.get(key);
      // Without qop no nc is sent: take it to be the last count we built for this nonce.
      const answered = state !== undefined && ours !== undefined &&
        ours.nonce === state.challenge.nonce && (ours.nc ?? state.nc) === state.challengeNc + 1;
      // RFC 7616 §3.3: stale=true means the password was right and only the nonce expired.
      if (answered && !challenge.stale) {
        this.log.warn(`realm "${challenge.realm}" rejected the credentials of ${this.credentials.authUser}`);
        return "failed";
      }
    }
    for (const [key, challenge] of chosen) this.store(key, challenge);
    return "retry";
  }

  /**
   * Adds credentials for every protection space we hold a nonce for (nc + 1),
   * except spaces the request already carries credentials for. Used for the
   * retry after authorize() and pre-emptively for later requests (REGISTER
   * refresh). Never add to CANCEL (RFC 3261 §22.1: it cannot be challenged).
   */
  addCredentials(request: SipRequest): void {
    const present = sentCredentials(request);
    for (const [key, state] of this.spaces) {
      if (present.has(key)) continue;
      state.nc += 1;
      const { challenge } = state;
      request.headers.append(HEADER[challenge.kind], formatCredentials({
        algorithm: challenge.algorithm,
        username: this.credentials.authUser,
        password: this.credentials.password,
        realm: challenge.realm,
        nonce: challenge.nonce,
        cnonce: state.cnonce,
        nc: state.nc,
        qop: state.qop,
        method: request.method,
        uri: request.uri,
        body: request.body,
        opaque: challenge.opaque,
        userhash: challenge.userhash,
      }));
    }
  }

  /** Drops every cached nonce (e.g. after the account's settings change). */
  forget(): void {
    this.spaces.clear();
  }

  private strongestPerSpace(challenges: DigestChallenge[]): Map<string, DigestChallenge> {
    const best = new Map<string, DigestChallenge>();
    for (const c of challenges) {
      if (!isAlgorithmAvailable(c.algorithm)) continue;
      if (this.credentials.realm !== undefined && c.realm !== this.credentials.realm) continue;
      const key = spaceKey(c.kind, c.realm);
      const current = best.get(key);
      if (!current || STRENGTH[c.algorithm] > STRENGTH[current.algorithm]) best.set(key, c);
    }
    return best;
  }

  private store(key: string, challenge: DigestChallenge): void {
    const previous = this.spaces.get(key);
    // RFC 7616 §3.4: the count continues while the nonce is reused, and restarts with a new one.
    const sameNonce = previous !== undefined && previous.challenge.nonce === challenge.nonce;
    const nc = sameNonce ? previous.nc : 0;
    this.spaces.set(key, {
      challenge,
      // RFC 3261 §22.4 / RFC 7616 §3.4: qop=auth where offered; auth-int only when it is all that is offered.
      qop: challenge.qop === undefined ? undefined : challenge.qop.includes("auth") ? "auth" : "auth-int",
      cnonce: sameNonce ? previous.cnonce : this.newCnonce(),
      nc,
      challengeNc: nc,
    });
    this.log.debug(`challenge from ${challenge.kind} realm "${challenge.realm}" (${challenge.algorithm}${challenge.stale ? ", stale" : ""})`);
  }
}

/** The credentials a request carries, by protection space: the nonce and nonce count used. */
function sentCredentials(request: SipRequest): Map<string, { nonce: string; nc: number | undefined }> {
  const out = new Map<string, { nonce: string; nc: number | undefined }>();
  for (const kind of ["www", "proxy"] as const) {
    for (const value of request.headers.getAll(HEADER[kind])) {
      for (const { scheme, params } of parseAuthParamLists(value)) {
        const realm = params.get("realm");
        if (scheme.toLowerCase() !== "digest" || realm === undefined) continue;
        const nc = Number.parseInt(params.get("nc") ?? "", 16);
        out.set(spaceKey(kind, realm), { nonce: params.get("nonce") ?? "", nc: Number.isNaN(nc) ? undefined : nc });
      }
    }
  }
  return out;
}
