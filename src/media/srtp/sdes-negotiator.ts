/**
 * SDES key exchange for one call (RFC 4568 §5): our keys, one fresh master key
 * per suite made when the call starts and kept for the whole call (re-offers
 * and re-answers repeat them, so our sending context never changes under the
 * peer), the choice of an offered line, the check of an answer's line, and
 * the protector for what was agreed.
 */
import { randomBytes } from "node:crypto";
import type { Result } from "../../util/result.js";
import type { CryptoAttribute, SdesChoice, SdesKeying, SrtpPolicy } from "../sdp/types.js";
import { formatSdesKey, generateSdesKey, parseSdesKey, type SdesKey } from "./sdes-key.js";
import { createSdesProtector, SrtpContextPool, type SrtpSession } from "./srtp-session.js";
import { SRTP_SUITES, type SrtpSuiteName } from "./suite.js";

export interface SdesNegotiatorOptions {
  readonly policy: SrtpPolicy;
  /** Suites we offer and accept, most preferred first; default AES_CM_128_HMAC_SHA1_80 then _32. */
  readonly suites?: readonly SrtpSuiteName[];
  /** Key material source; default node:crypto randomBytes. */
  readonly random?: (octets: number) => Uint8Array;
}

export class SdesNegotiator implements SdesKeying {
  readonly policy: SrtpPolicy;
  /** Our key per suite, in preference order; the tag is the one we offer it under. */
  private readonly keys: readonly SdesKey[];
  private readonly pools = { outbound: new SrtpContextPool(), inbound: new SrtpContextPool() };

  constructor(options: SdesNegotiatorOptions) {
    this.policy = options.policy;
    const names = options.suites ?? SRTP_SUITES.map((s) => s.name);
    const suites = names.map((name) => SRTP_SUITES.find((s) => s.name === name)!);
    this.keys = suites.map((suite, i) => generateSdesKey(i + 1, suite, options.random ?? randomBytes));
  }

  offer(): readonly CryptoAttribute[] {
    return this.keys.map(formatSdesKey);
  }

  /** RFC 4568 §5.1.2: take the first offered line (the offerer's preference) whose suite and parameters we support. */
  answer(offered: readonly CryptoAttribute[]): SdesChoice | string {
    const skipped: string[] = [];
    for (const line of offered) {
      const theirs = parseSdesKey(line);
      const ours = theirs.ok ? this.keys.find((k) => k.suite === theirs.value.suite) : undefined;
      if (!theirs.ok) skipped.push(`tag ${line.tag}: ${theirs.error}`);
      else if (!ours) skipped.push(`tag ${line.tag}: ${line.suite} is not enabled here`);
      else return { local: formatSdesKey({ ...ours, tag: line.tag }), remote: line };
    }
    return skipped.join("; ") || "no a=crypto line";
  }

  /** RFC 4568 §5.1.3: the answer carries one line, with the tag and suite of one of ours, and a key we can use. */
  accept(offered: readonly CryptoAttribute[], answered: readonly CryptoAttribute[]): SdesChoice | string {
    if (answered.length !== 1) return `${answered.length} a=crypto lines in the answer, expected one`;
    const line = answered[0]!;
    const ours = offered.find((o) => o.tag === line.tag);
    if (!ours) return `tag ${line.tag} was not offered`;
    if (ours.suite !== line.suite) return `tag ${line.tag} offered ${ours.suite}, answered ${line.suite}`;
    const theirs = parseSdesKey(line);
    return theirs.ok ? { local: ours, remote: line } : theirs.error;
  }

  /** The PacketProtector for a negotiated stream (NegotiatedAudio.srtp); a key seen before keeps its context. */
  protector(choice: SdesChoice): Result<SrtpSession> {
    return createSdesProtector(choice.local, choice.remote, this.pools);
  }
}
