/**
 * The registration client's public types. The state names are a contract: the
 * web API reports them as-is (`GET /api/status` → `registration`).
 */
import type { SipUri } from "../message/index.js";
import type { RequestSender } from "../ua/types.js";
import type { Clock } from "../../util/clock.js";
import type { Logs } from "../../util/log.js";

export type RegistrationState = "unregistered" | "registering" | "registered" | "failed";

/** What came with a state change; fields are present when they apply. */
export interface RegistrationDetail {
  /** Status code of the response that caused the change (408 for a timeout, 503 for a transport error). */
  status?: number;
  reason?: string;
  /** registered: the expiry the registrar granted for our Contact. */
  expiresSec?: number;
  /** failed: when the next attempt will be made. */
  retryInMs?: number;
}

export type RegistrationListener = (state: RegistrationState, detail: RegistrationDetail) => void;

export interface KeepAliveOptions {
  /**
   * "crlf": call sendCrlf() periodically (RFC 5626 §4.4.1 on a reliable flow);
   * "options": send OPTIONS to the registrar and re-register if it goes unanswered;
   * "off": nothing between refreshes.
   */
  mode: "crlf" | "options" | "off";
  /** Nominal interval; each wait is randomised to 80–100 % of it (RFC 5626 §4.4.1). */
  intervalMs: number;
  /** Required for "crlf": sends a double CRLF on the registration's flow. */
  sendCrlf?: () => void;
}

export interface BackoffOptions {
  /** RFC 5626 §4.5 base-time; default 30 s (our single flow has failed). */
  baseMs: number;
  /** RFC 5626 §4.5 max-time; default 1800 s. */
  maxMs: number;
}

export interface RegistrationOptions {
  /** Address of record: `sip:user@domain`, used in To and From. */
  aor: SipUri;
  /** Request-URI of REGISTER: `sip:domain`. */
  registrar: SipUri;
  /** Our current Contact URI, asked for at each REGISTER (it may change with the network). */
  contact: () => SipUri;
  displayName?: string;
  /** Expiry asked for, in seconds; default 300. */
  expiresSec?: number;
  /** Sends requests; usually the UA core wrapped by the digest-authenticating sender. */
  sender: RequestSender;
  clock: Clock;
  logs: Logs;
  /** Uniform in [0, 1); used for jitter. Default Math.random. */
  random?: () => number;
  keepAlive?: KeepAliveOptions;
  backoff?: Partial<BackoffOptions>;
  /** Upper bound on how long stop() waits for the un-REGISTER to be answered; default 5000 ms. */
  stopTimeoutMs?: number;
  userAgent?: string;
  /** Methods for the Allow header; default INVITE, ACK, CANCEL, BYE, OPTIONS. */
  allow?: readonly string[];
  /** Instance id for log lines (e.g. the line number or the user). */
  logId?: string;
}
