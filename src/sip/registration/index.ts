/** Public surface of the registration client (RFC 3261 §10). */
export { RegistrationClient, RegistrationStateError } from "./registration-client.js";
export type {
  BackoffOptions,
  KeepAliveOptions,
  RegistrationDetail,
  RegistrationListener,
  RegistrationOptions,
  RegistrationState,
} from "./types.js";
export { backoffDelayMs, refreshDelayMs, DEFAULT_BACKOFF } from "./timing.js";
export { grantedExpiresSec } from "./binding.js";
