/** Public surface of client digest authentication (RFC 3261 §22, RFC 7616, RFC 8760). */
export { parseChallenges, parseChallengeValue, DIGEST_ALGORITHMS } from "./challenge.js";
export type { ChallengeKind, DigestAlgorithm, DigestChallenge, Qop } from "./challenge.js";
export { digestHash, digestResponse, formatCredentials, formatNonceCount, isAlgorithmAvailable } from "./digest.js";
export type { CredentialsInput, DigestInput } from "./digest.js";
export { DigestAuthenticator } from "./authenticator.js";
export type { AuthVerdict, DigestAuthenticatorOptions, DigestCredentials } from "./authenticator.js";
export { AuthenticatingSender } from "./authenticating-sender.js";
export type { AuthenticatingSenderOptions } from "./authenticating-sender.js";
export { parseAuthParamLists } from "./auth-params.js";
export type { AuthParamList } from "./auth-params.js";
