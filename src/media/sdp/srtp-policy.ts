/**
 * SRTP in offer/answer (RFC 4568 §5 with RFC 3264) under the account's
 * policy. RFC 4568 puts a=crypto on RTP/SAVP; "optional" also offers it on
 * RTP/AVP (best-effort SRTP, as many phones and PBXes do) so a peer without
 * SRTP still connects. The keys themselves are the SdesKeying's business.
 */
import type { StreamDescription } from "./read-description.js";
import type { CryptoAttribute, SdesChoice, SdesKeying } from "./types.js";

/** Profile and a=crypto lines of our offer. */
export function offeredSecurity(keying: SdesKeying | undefined): { protocol: "RTP/AVP" | "RTP/SAVP"; crypto: readonly CryptoAttribute[] } {
  if (!keying || keying.policy === "off") return { protocol: "RTP/AVP", crypto: [] };
  return { protocol: keying.policy === "mandatory" ? "RTP/SAVP" : "RTP/AVP", crypto: keying.offer() };
}

/** Answerer: the keys for an offered stream ({} for plain RTP), or why the policy refuses it (the stream is rejected). */
export function answeredSecurity(stream: StreamDescription, keying: SdesKeying | undefined): { srtp?: SdesChoice } | string {
  const policy = keying?.policy ?? "off";
  const savp = stream.protocol === "RTP/SAVP";
  if (!keying || policy === "off") return savp ? "RTP/SAVP offered, SRTP is off here" : {};
  if (stream.crypto.length === 0) {
    if (savp) return "RTP/SAVP offered without a=crypto";
    return policy === "mandatory" ? "plain RTP offered, SRTP is mandatory here" : {};
  }
  const choice = keying.answer(stream.crypto);
  if (typeof choice !== "string") return { srtp: choice };
  // Best effort on RTP/AVP: keys we cannot use mean plain RTP, unless SRTP is required.
  return savp || policy === "mandatory" ? `no usable a=crypto (${choice})` : {};
}

/** Offerer: the keys the answer agreed to ({} for plain RTP), or why the answer does not do for us. */
export function acceptedSecurity(ours: StreamDescription, theirs: StreamDescription, keying: SdesKeying | undefined): { srtp?: SdesChoice } | string {
  if (!keying || keying.policy === "off" || ours.crypto.length === 0) return {};
  if (theirs.crypto.length === 0) {
    if (keying.policy === "mandatory" || ours.protocol === "RTP/SAVP" || theirs.protocol === "RTP/SAVP") {
      return `SRTP is ${keying.policy}: the answer has no a=crypto`;
    }
    return {};
  }
  const choice = keying.accept(ours.crypto, theirs.crypto);
  return typeof choice === "string" ? `the answer's a=crypto does not fit our offer (${choice})` : { srtp: choice };
}
