/**
 * validateConfig: any value (a parsed file, a PUT body) → a complete `Config` with
 * defaults filled in, or every issue found, each naming its path and what is allowed.
 * Unknown keys inside known objects are refused (they are usually typos).
 */
import { isIP } from "node:net";
import { err, ok, type Result } from "../util/result.js";
import { isPasswordHash } from "./password.js";
import { childPath, Reader, type ConfigIssue } from "./reader.js";
import { readFeatures } from "./read-features.js";
import {
  ANONYMOUS_METHODS,
  AUDIO_CODECS,
  CALLER_ID_MODES,
  DTMF_METHODS,
  SRTP_POLICIES,
  defaultAccount,
  defaultConfig,
  defaultLine,
  defaultSip,
  KEEPALIVE_MODES,
  LOG_LEVELS,
  MAX_LINES,
  REGIONS,
  TRANSPORTS,
  type AccountConfig,
  type AdminConfig,
  type Config,
  type LineConfig,
  type MediaConfig,
  type SipConfig,
  type WebConfig,
} from "./schema.js";
import { checkSipTarget, SIP_USER } from "./sip-target.js";

const ROOT_KEYS = ["board", "web", "admin", "sip", "lines", "media", "log"] as const;
const MEDIA_KEYS = ["rtpPortMin", "rtpPortMax", "symmetricRtp"] as const;
const WEB_KEYS = ["port", "bind"] as const;
const ADMIN_KEYS = ["initialPassword", "passwordHash"] as const;
const SIP_KEYS = [
  "localPort", "tlsPort", "bindAddress", "advertisedAddress", "tlsCaFile", "udp", "tcp", "userAgent", "T1Ms", "T2Ms", "T4Ms",
] as const;
const LINE_KEYS = ["enabled", "account", "region", "dialPlan", "callerId", "features"] as const;
const ACCOUNT_KEYS = [
  "registrar", "user", "authUser", "password", "displayName", "transport",
  "outboundProxy", "registerExpires", "keepAlive", "keepAliveIntervalSec", "tlsVerify",
  "dtmfMethod", "srtp", "codecs", "anonymousMethod", "mwiSubscribe", "mwiUri", "mwiExpiresSec",
] as const;

const BOARD_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SHORT = { maxLength: 256, printable: true };

export function validateConfig(input: unknown): Result<Config, ConfigIssue[]> {
  const r = new Reader();
  const fallback = defaultConfig();
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    r.report("", "the configuration must be a JSON object");
    return err(r.issues);
  }
  const root = r.object("", input, ROOT_KEYS);

  const board = r.string("board", root.board, fallback.board, SHORT);
  if (!BOARD_NAME.test(board)) {
    r.report("board", `must be a board name of lowercase letters, digits and "-" (got ${JSON.stringify(board)})`);
  }
  const rawLines = r.array("lines", root.lines, [{}], MAX_LINES);
  if (rawLines.length === 0) r.report("lines", "must describe at least one line");
  const config: Config = {
    board,
    web: readWeb(r, root.web),
    admin: readAdmin(r, root.admin),
    sip: readSip(r, root.sip),
    lines: rawLines.map((line, i) => readLine(r, childPath("lines", i), line)),
    media: readMedia(r, root.media),
    log: { level: r.oneOf("log.level", r.object("log", root.log, ["level"]).level, LOG_LEVELS, fallback.log.level) },
  };
  config.lines.forEach((line, i) => crossCheckLine(r, childPath("lines", i), line, config.sip));
  return r.issues.length === 0 ? ok(config) : err(r.issues);
}

function readWeb(r: Reader, value: unknown): WebConfig {
  const o = r.object("web", value, WEB_KEYS);
  const fallback = defaultConfig().web;
  const bind = r.string("web.bind", o.bind, fallback.bind, SHORT);
  if (bind !== "localhost" && isIP(bind) === 0) {
    r.report("web.bind", `must be an IPv4 or IPv6 address, or "localhost" (got ${JSON.stringify(bind)})`);
  }
  return { port: r.integer("web.port", o.port, fallback.port, 0, 65535), bind };
}

function readMedia(r: Reader, value: unknown): MediaConfig {
  const o = r.object("media", value, MEDIA_KEYS);
  const d = defaultConfig().media;
  const media: MediaConfig = {
    rtpPortMin: r.integer("media.rtpPortMin", o.rtpPortMin, d.rtpPortMin, 1024, 65534),
    rtpPortMax: r.integer("media.rtpPortMax", o.rtpPortMax, d.rtpPortMax, 1025, 65535),
    symmetricRtp: r.boolean("media.symmetricRtp", o.symmetricRtp, d.symmetricRtp),
  };
  // Each call takes an even RTP port and the odd RTCP port above it (RFC 3550 §11).
  if (media.rtpPortMax - media.rtpPortMin < 3) {
    r.report("media.rtpPortMax", `must be at least 3 above media.rtpPortMin so one call's RTP and RTCP fit (got ${media.rtpPortMin}–${media.rtpPortMax})`);
  }
  return media;
}

function readAdmin(r: Reader, value: unknown): AdminConfig {
  const o = r.object("admin", value, ADMIN_KEYS);
  const admin: AdminConfig = {};
  if (o.initialPassword !== undefined) {
    const initial = r.string("admin.initialPassword", o.initialPassword, "", { maxLength: 256, secret: true });
    if (initial !== "") admin.initialPassword = initial;
  }
  if (o.passwordHash !== undefined) {
    const hash = r.string("admin.passwordHash", o.passwordHash, "", { maxLength: 512, secret: true });
    if (hash !== "" && !isPasswordHash(hash)) {
      r.report("admin.passwordHash", "must be a hash written by dialtone (scrypt$N$r$p$salt$hash); to set a password, use admin.initialPassword");
    } else if (hash !== "") admin.passwordHash = hash;
  }
  return admin;
}

function readSip(r: Reader, value: unknown): SipConfig {
  const o = r.object("sip", value, SIP_KEYS);
  const d = defaultSip();
  const sip: SipConfig = {
    localPort: r.integer("sip.localPort", o.localPort, d.localPort, 0, 65535),
    bindAddress: r.string("sip.bindAddress", o.bindAddress, d.bindAddress, { maxLength: 64, printable: true }),
    advertisedAddress: r.string("sip.advertisedAddress", o.advertisedAddress, d.advertisedAddress, { maxLength: 253, printable: true }),
    tlsCaFile: r.string("sip.tlsCaFile", o.tlsCaFile, d.tlsCaFile, { maxLength: 4096, printable: true }),
    udp: r.boolean("sip.udp", o.udp, d.udp),
    tcp: r.boolean("sip.tcp", o.tcp, d.tcp),
    userAgent: r.string("sip.userAgent", o.userAgent, d.userAgent, { maxLength: 128, printable: true }),
    // RFC 3261 §17.1.1.1: T1 is an RTT estimate (500 ms default), T2 caps non-INVITE retransmits, T4 is the max network lifetime.
    T1Ms: r.integer("sip.T1Ms", o.T1Ms, d.T1Ms, 50, 10_000),
    T2Ms: r.integer("sip.T2Ms", o.T2Ms, d.T2Ms, 100, 60_000),
    T4Ms: r.integer("sip.T4Ms", o.T4Ms, d.T4Ms, 100, 60_000),
  };
  if (o.tlsPort !== undefined) sip.tlsPort = r.integer("sip.tlsPort", o.tlsPort, 5061, 0, 65535);
  if (isIP(sip.bindAddress) === 0) r.report("sip.bindAddress", `must be an IP address such as 0.0.0.0, :: or 127.0.0.1 (got ${JSON.stringify(sip.bindAddress)})`);
  if (sip.advertisedAddress !== "" && isIP(sip.advertisedAddress) === 0) {
    r.report("sip.advertisedAddress", `must be empty or an IP address (got ${JSON.stringify(sip.advertisedAddress)})`);
  }
  if (sip.T2Ms < sip.T1Ms) r.report("sip.T2Ms", `must be at least sip.T1Ms (${sip.T1Ms}) (got ${sip.T2Ms})`);
  if (!sip.udp && !sip.tcp && sip.tlsPort === undefined) {
    r.report("sip", "needs at least one listener: sip.udp, sip.tcp or sip.tlsPort");
  }
  return sip;
}

function readLine(r: Reader, path: string, value: unknown): LineConfig {
  const o = r.object(path, value, LINE_KEYS);
  const d = defaultLine();
  return {
    enabled: r.boolean(childPath(path, "enabled"), o.enabled, d.enabled),
    account: readAccount(r, childPath(path, "account"), o.account),
    region: r.oneOf(childPath(path, "region"), o.region, REGIONS, d.region),
    dialPlan: r.string(childPath(path, "dialPlan"), o.dialPlan, d.dialPlan, { maxLength: 4096, printable: true }),
    callerId: r.oneOf(childPath(path, "callerId"), o.callerId, CALLER_ID_MODES, d.callerId),
    features: readFeatures(r, childPath(path, "features"), o.features),
  };
}

function readAccount(r: Reader, path: string, value: unknown): AccountConfig {
  const o = r.object(path, value, ACCOUNT_KEYS);
  const d = defaultAccount();
  const at = (key: (typeof ACCOUNT_KEYS)[number]): string => childPath(path, key);
  const account: AccountConfig = {
    registrar: r.string(at("registrar"), o.registrar, d.registrar, SHORT).trim(),
    user: r.string(at("user"), o.user, d.user, SHORT),
    authUser: r.string(at("authUser"), o.authUser, d.authUser, SHORT),
    password: r.string(at("password"), o.password, d.password, { maxLength: 256, secret: true }),
    displayName: r.string(at("displayName"), o.displayName, d.displayName, { maxLength: 64, printable: true }),
    transport: r.oneOf(at("transport"), o.transport, TRANSPORTS, d.transport),
    outboundProxy: r.string(at("outboundProxy"), o.outboundProxy, d.outboundProxy, SHORT).trim(),
    registerExpires: r.integer(at("registerExpires"), o.registerExpires, d.registerExpires, 60, 86_400),
    keepAlive: r.oneOf(at("keepAlive"), o.keepAlive, KEEPALIVE_MODES, d.keepAlive),
    keepAliveIntervalSec: r.integer(at("keepAliveIntervalSec"), o.keepAliveIntervalSec, d.keepAliveIntervalSec, 5, 3600),
    tlsVerify: r.boolean(at("tlsVerify"), o.tlsVerify, d.tlsVerify),
    dtmfMethod: r.oneOf(at("dtmfMethod"), o.dtmfMethod, DTMF_METHODS, d.dtmfMethod),
    srtp: r.oneOf(at("srtp"), o.srtp, SRTP_POLICIES, d.srtp),
    codecs: readCodecs(r, at("codecs"), o.codecs, d.codecs),
    anonymousMethod: r.oneOf(at("anonymousMethod"), o.anonymousMethod, ANONYMOUS_METHODS, d.anonymousMethod),
    mwiSubscribe: r.boolean(at("mwiSubscribe"), o.mwiSubscribe, d.mwiSubscribe),
    mwiUri: r.string(at("mwiUri"), o.mwiUri, d.mwiUri, SHORT).trim(),
    mwiExpiresSec: r.integer(at("mwiExpiresSec"), o.mwiExpiresSec, d.mwiExpiresSec, 60, 86_400),
  };
  if (account.user !== "" && !SIP_USER.test(account.user)) {
    r.report(at("user"), `must be a SIP user name: letters, digits and -_.!~*'()&=+$,;?/ or %HH escapes (got ${JSON.stringify(account.user)})`);
  }
  return account;
}

/** A preference list of known codecs: not empty, no codec twice. */
function readCodecs(r: Reader, path: string, value: unknown, fallback: AccountConfig["codecs"]): AccountConfig["codecs"] {
  const items = r.array(path, value, fallback, AUDIO_CODECS.length);
  const codecs = items.map((item, i) => r.oneOf(childPath(path, i), item, AUDIO_CODECS, "PCMU"));
  if (codecs.length === 0) r.report(path, `must name at least one of ${AUDIO_CODECS.join(", ")}`);
  if (new Set(codecs).size !== codecs.length) r.report(path, `must not name a codec twice (got ${JSON.stringify(items)})`);
  return codecs;
}

/** Checks that need more than one field: targets, sips vs transport, required fields of an enabled line. */
function crossCheckLine(r: Reader, path: string, line: LineConfig, sip: SipConfig): void {
  const account = line.account;
  const at = (key: string): string => childPath(childPath(path, "account"), key);
  for (const key of ["registrar", "outboundProxy"] as const) {
    if (account[key] === "") continue;
    const target = checkSipTarget(account[key]);
    if (!target.ok) r.report(at(key), target.error);
    // RFC 3261 §26.2.2: a sips: URI must be reached over TLS.
    else if (target.value.secure && account.transport !== "tls") {
      r.report(at("transport"), `must be tls because ${key} is a sips: URI (got ${JSON.stringify(account.transport)})`);
    }
  }
  if (account.mwiUri !== "") {
    const mwi = checkSipTarget(account.mwiUri, { allowUser: true });
    if (!mwi.ok) r.report(at("mwiUri"), mwi.error);
  }
  if (!line.enabled) return;
  for (const key of ["registrar", "user"] as const) {
    if (account[key] === "" && !r.hasIssue(at(key))) r.report(at(key), "is required when the line is enabled");
  }
  if (account.transport === "udp" && !sip.udp) r.report(at("transport"), "is udp, but sip.udp is false");
}
