/**
 * The configuration document (DESIGN.md §4, contract: these keys; more may be added).
 * `validateConfig` turns any input into this shape, filling defaults for missing keys,
 * so code that receives a `Config` never checks for absent values except where the
 * type says a key is optional.
 */
import type { Level } from "../util/log.js";
import { defaultStarCodes, type StarCodeTable } from "./star-code-table.js";

export const TRANSPORTS = ["udp", "tcp", "tls"] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** NAT keep-alive for a registered account: CRLF pings (RFC 5626 §4.4.1), OPTIONS requests, or none. */
export const KEEPALIVE_MODES = ["crlf", "options", "off"] as const;
export type KeepAliveMode = (typeof KEEPALIVE_MODES)[number];

/** Tone plans and ring cadences exist for these regions (src/line must cover every one). */
export const REGIONS = ["US", "CA", "UK", "DE", "FR", "NL", "SE", "AU", "NZ", "JP"] as const;
export type Region = (typeof REGIONS)[number];

/** How caller ID is sent to the phone: Bell 202 FSK, ETSI V.23 FSK, DTMF, or not at all. */
export const CALLER_ID_MODES = ["bell202", "v23", "dtmf", "off"] as const;
export type CallerIdMode = (typeof CALLER_ID_MODES)[number];

/** How digits dialled during a call reach the far end: RFC 4733 events, tones in the audio, or SIP INFO (application/dtmf-relay). */
export const DTMF_METHODS = ["rfc4733", "inband", "info"] as const;
export type DtmfMethodSetting = (typeof DTMF_METHODS)[number];

/**
 * How a call with hidden caller ID says so (RFC 3323): an anonymous From with Privacy: id, or
 * our own From with Privacy: id only, for providers that check From against the digest user.
 */
export const ANONYMOUS_METHODS = ["from", "privacy"] as const;
export type AnonymousMethod = (typeof ANONYMOUS_METHODS)[number];

/** SRTP with SDES keys (RFC 3711, RFC 4568): never, when the peer agrees, or refuse calls without it. */
export const SRTP_POLICIES = ["off", "optional", "mandatory"] as const;
export type SrtpPolicySetting = (typeof SRTP_POLICIES)[number];

/** Audio codecs a line may offer, in the account's order of preference. */
export const AUDIO_CODECS = ["PCMU", "PCMA"] as const;
export type AudioCodecName = (typeof AUDIO_CODECS)[number];

/** What a hook flash does: North American flash (hold, 3-way, transfer) or the Nordic R key with R0–R4 (features-spec.md). */
export const FLASH_STYLES = ["northAmerican", "nordic"] as const;
export type FlashStyle = (typeof FLASH_STYLES)[number];

/** Send the flash to the far end instead of acting on it: not at all, RFC 4733 event 16, or SIP INFO application/hook-flash. */
export const FLASH_RELAYS = ["off", "rfc4733", "info"] as const;
export type FlashRelay = (typeof FLASH_RELAYS)[number];

export const LOG_LEVELS = ["debug", "info", "warn", "error"] as const satisfies readonly Level[];

/** How many analog lines one document may describe. */
export const MAX_LINES = 16;

export interface WebConfig {
  /** 0 lets the OS choose (tests). */
  port: number;
  /** An IPv4 or IPv6 address, or "localhost". */
  bind: string;
}

export interface AdminConfig {
  /** Only read at start (or in a PUT): hashed into `passwordHash`, then removed. Never stored. */
  initialPassword?: string;
  /** `scrypt$N$r$p$salt$hash` (salt and hash in base64). Absent until a password is set. */
  passwordHash?: string;
}

export interface SipConfig {
  /** UDP and TCP listening port; 0 lets the OS choose. */
  localPort: number;
  /**
   * TLS listening port. A TLS listener is opened when this is set or when an enabled
   * account uses TLS (then on localPort + 1, or any port when localPort is 0), with a
   * self-signed certificate made at first start and kept beside the configuration file.
   */
  tlsPort?: number;
  /** IP address the SIP sockets bind to; "0.0.0.0" for every IPv4 interface, "::" for both families. */
  bindAddress: string;
  /** Address put in Via and Contact (e.g. the public address behind a NAT); empty: the interface's own. */
  advertisedAddress: string;
  /** PEM file of CAs trusted for TLS servers; empty: the system's store. */
  tlsCaFile: string;
  udp: boolean;
  tcp: boolean;
  /** User-Agent header value. */
  userAgent: string;
  /** RFC 3261 §17.1.1.1 timer values, in milliseconds. */
  T1Ms: number;
  T2Ms: number;
  T4Ms: number;
}

export interface AccountConfig {
  /** Host, IP or host:port, or a sip:/sips: URI without a user part. Empty when unused. */
  registrar: string;
  user: string;
  /** Digest user name; empty means the same as `user`. */
  authUser: string;
  /** Write-only: shown as "********" by `redacted`. */
  password: string;
  displayName: string;
  transport: Transport;
  /** Same forms as `registrar`; empty means none. */
  outboundProxy: string;
  /** Seconds asked for in REGISTER (RFC 3261 §10.2.1.1). */
  registerExpires: number;
  keepAlive: KeepAliveMode;
  keepAliveIntervalSec: number;
  /** Verify the TLS server certificate and name. */
  tlsVerify: boolean;
  dtmfMethod: DtmfMethodSetting;
  srtp: SrtpPolicySetting;
  /** Most preferred first; at least one, no repeats. */
  codecs: AudioCodecName[];
  anonymousMethod: AnonymousMethod;
  /** SUBSCRIBE to message-summary (RFC 3842); unsolicited NOTIFYs are accepted either way. */
  mwiSubscribe: boolean;
  /**
   * Where to subscribe; empty means the account's own AOR. The registrar's forms, or a
   * sip:/sips: URI with a user part (a host form means the account's user at that host).
   */
  mwiUri: string;
  /** Expires asked for in the SUBSCRIBE, seconds. */
  mwiExpiresSec: number;
}

/**
 * A line's calling features (features-spec.md). Numbers are digits, * and # (a leading +
 * allowed) or a sip:/sips: URI; empty means off.
 */
export interface FeatureConfig {
  callWaiting: boolean;
  /** Caller ID of the waiting call (Bell 202 with CAS/ACK, SR-TSV-002476). */
  callWaitingCallerId: boolean;
  threeWay: boolean;
  transfer: boolean;
  flashStyle: FlashStyle;
  flashRelay: FlashRelay;
  dnd: boolean;
  forwardAll: string;
  forwardBusy: string;
  forwardNoAnswer: string;
  /** Ringing time before a no-answer forward, 1..300 s. */
  forwardNoAnswerDelaySec: number;
  /** Hide our caller ID on every call (RFC 3323 Privacy: id). */
  blockCallerId: boolean;
  /** Refuse anonymous callers with 433 (RFC 5079). */
  anonymousCallRejection: boolean;
  /** Number dialled by itself at off-hook (hot line) or after hotlineDelaySec without a key (warm line). */
  hotline: string;
  /** 0 = hot line; 1..60 = warm line. */
  hotlineDelaySec: number;
  /** Send visual message-waiting (VMWI FSK) while on-hook. */
  visualMwi: boolean;
  starCodes: StarCodeTable;
}

export interface LineConfig {
  enabled: boolean;
  account: AccountConfig;
  region: Region;
  /** Empty means the built-in plan for the region. */
  dialPlan: string;
  callerId: CallerIdMode;
  features: FeatureConfig;
}

/** RTP for every line: the UDP port range (even RTP ports, RTCP on the next odd one) and NAT handling. */
export interface MediaConfig {
  rtpPortMin: number;
  rtpPortMax: number;
  /** Send RTP to where the peer's packets come from once they arrive (symmetric RTP, for NAT). */
  symmetricRtp: boolean;
}

export interface LogConfig {
  level: Level;
}

export interface Config {
  /** Name of a board description under board/. */
  board: string;
  web: WebConfig;
  admin: AdminConfig;
  sip: SipConfig;
  lines: LineConfig[];
  media: MediaConfig;
  log: LogConfig;
}

export function defaultAccount(): AccountConfig {
  return {
    registrar: "",
    user: "",
    authUser: "",
    password: "",
    displayName: "",
    transport: "udp",
    outboundProxy: "",
    registerExpires: 300,
    keepAlive: "crlf",
    keepAliveIntervalSec: 30,
    tlsVerify: true,
    dtmfMethod: "rfc4733",
    srtp: "off",
    codecs: ["PCMU", "PCMA"],
    anonymousMethod: "from",
    mwiSubscribe: false,
    mwiUri: "",
    mwiExpiresSec: 3600,
  };
}

export function defaultFeatures(): FeatureConfig {
  return {
    callWaiting: true, callWaitingCallerId: true, threeWay: true, transfer: true,
    flashStyle: "northAmerican", flashRelay: "off",
    dnd: false, forwardAll: "", forwardBusy: "", forwardNoAnswer: "", forwardNoAnswerDelaySec: 20,
    blockCallerId: false, anonymousCallRejection: false,
    hotline: "", hotlineDelaySec: 0, visualMwi: true,
    starCodes: defaultStarCodes(),
  };
}

export function defaultLine(): LineConfig {
  return { enabled: false, account: defaultAccount(), region: "US", dialPlan: "", callerId: "bell202", features: defaultFeatures() };
}

export function defaultSip(): SipConfig {
  return {
    localPort: 5060, bindAddress: "0.0.0.0", advertisedAddress: "", tlsCaFile: "",
    udp: true, tcp: true, userAgent: "dialtone", T1Ms: 500, T2Ms: 4000, T4Ms: 5000,
  };
}

/** A fresh document: one disabled line, simulated board, web page on 127.0.0.1:8080. */
export function defaultConfig(): Config {
  return {
    board: "sim",
    web: { port: 8080, bind: "127.0.0.1" },
    admin: {},
    sip: defaultSip(),
    lines: [defaultLine()],
    media: { rtpPortMin: 10000, rtpPortMax: 20000, symmetricRtp: true },
    log: { level: "info" },
  };
}
