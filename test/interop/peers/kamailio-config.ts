/**
 * Writes the kamailio.cfg the test registrar/proxy runs: our own script, no database.
 *
 *  REGISTER → digest (401) against the static users → save in memory (usrloc db_mode 0)
 *  OPTIONS to the server itself → 200
 *  in-dialog → loose_route + t_relay
 *  other initial requests → proxy auth (407) unless from a trusted peer
 *                         → static route by R-URI user, else location lookup (404 if none)
 *                         → record_route + t_relay
 *  TCP/TLS: REGISTER stores the connection's source (fix_nated_register) and dialogs get a
 *  Contact alias, so Kamailio reaches clients that do not listen, over their own connection.
 */
import { randomBytes } from "node:crypto";

export interface KamailioUser {
  user: string;
  password: string;
}

/** A source whose requests are relayed without proxy authentication (e.g. a SIPp UAC). */
export interface TrustedPeer {
  address: string;
  /** Source port; omit to trust every port of the address (SIPp over TCP uses a random one). */
  port?: number;
}

export interface KamailioConfigInput {
  users: KamailioUser[];
  realm: string;
  udpPort: number;
  tcpPort: number;
  /** TLS listener, only when given. */
  tls?: { port: number; certPath: string; keyPath: string; caCertPath: string };
  minExpiresSec: number;
  maxExpiresSec: number;
  defaultExpiresSec: number;
  /** Reply 423 Interval Too Brief below minExpires, instead of raising the expiry. */
  rejectBriefExpires: boolean;
  /** Offer qop=auth in challenges. */
  qop: boolean;
  trustedPeers: TrustedPeer[];
  /** R-URI user → SIP URI of a peer that does not register, e.g. "sip:127.0.0.1:5070". */
  staticRoutes: Record<string, string>;
  recordRoute: boolean;
  /** Reason phrase of the 200 to OPTIONS, unique per instance so probes know who answered. */
  keepaliveReason: string;
  /** Path of the ctl module's socket, used by kamcmd. */
  ctlSocket: string;
  modulesDir: string;
  logLevel: number;
}

/** Characters that cannot end a Kamailio string literal or start a pseudo-variable. */
const SAFE_TOKEN = /^[A-Za-z0-9._~!*()+,;=:@&%?/<>\[\]{}|^'-]+$/;

function literal(what: string, value: string): string {
  if (!SAFE_TOKEN.test(value)) throw new Error(`${what} ${JSON.stringify(value)} has characters the test config cannot hold`);
  return `"${value}"`;
}

function port(what: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new Error(`${what} ${value} is not a port`);
  return value;
}

const MODULES = [
  "kex", "corex", "tm", "tmx", "sl", "rr", "pv", "maxfwd", "usrloc", "registrar", "textops",
  "siputils", "xlog", "sanity", "ctl", "auth", "nathelper",
];

export function renderKamailioConfig(input: KamailioConfigInput): string {
  const realm = literal("realm", input.realm);
  const ip = "127.0.0.1";
  const listens = [`listen=udp:${ip}:${port("udp port", input.udpPort)}`, `listen=tcp:${ip}:${port("tcp port", input.tcpPort)}`];
  if (input.tls !== undefined) listens.push(`listen=tls:${ip}:${port("tls port", input.tls.port)}`);
  const modules = input.tls === undefined ? MODULES : [...MODULES, "tls"];

  return `#!KAMAILIO
# Written by test/interop/peers/kamailio-config.ts for one test run.
debug=${input.logLevel}
log_stderror=yes
# One UDP worker keeps requests of a dialog in arrival order (an ACK then an immediate BYE
# could otherwise be forwarded by two workers the other way round).
children=1
tcp_children=2
auto_aliases=no
dns=no
rev_dns=no
dns_try_ipv6=no
tcp_connection_lifetime=3605
enable_tls=${input.tls === undefined ? "no" : "yes"}
${listens.join("\n")}
alias=${realm}
alias="localhost"

mpath=${literal("modules dir", input.modulesDir)}
${modules.map((m) => `loadmodule "${m}.so"`).join("\n")}

modparam("ctl", "binrpc", ${literal("ctl socket", `unix:${input.ctlSocket}`)})
modparam("usrloc", "db_mode", 0)
modparam("registrar", "min_expires", ${input.minExpiresSec})
modparam("registrar", "max_expires", ${input.maxExpiresSec})
modparam("registrar", "default_expires", ${input.defaultExpiresSec})
modparam("registrar", "min_expires_mode", ${input.rejectBriefExpires ? 1 : 0})
modparam("registrar", "received_avp", "$avp(RECEIVED)")
modparam("nathelper", "received_avp", "$avp(RECEIVED)")
modparam("auth", "secret", "${randomBytes(16).toString("hex")}")
modparam("tm", "fr_timer", 10000)
modparam("tm", "fr_inv_timer", 30000)
${tlsParams(input.tls)}
request_route {
  if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
  if (!sanity_check()) { xlog("L_WARN", "dropped malformed $rm from $si:$sp\\n"); exit; }
  if (is_method("OPTIONS") && uri==myself && $rU==$null) { sl_send_reply("200", ${literal("keepalive reason", input.keepaliveReason)}); exit; }
  if (has_totag()) { route(WITHINDLG); exit; }
  if (is_method("CANCEL")) { if (t_check_trans()) route(RELAY); exit; }
  if (is_method("ACK")) { if (t_check_trans()) route(RELAY); exit; }
  t_check_trans();
  if (is_method("REGISTER")) { route(REGISTRAR); exit; }
  route(PROXYAUTH);
  if (is_method("INVITE|SUBSCRIBE") && (proto==TCP || proto==TLS)) set_contact_alias();
${input.recordRoute ? '  if (is_method("INVITE|SUBSCRIBE")) record_route();\n' : ""}${staticRoutes(input.staticRoutes)}
  if (!lookup("location")) {
    xlog("L_INFO", "no binding for $rU ($rc)\\n");
    send_reply("404", "Not Found");
    exit;
  }
  route(RELAY);
}

route[WITHINDLG] {
  if (loose_route()) {
    handle_ruri_alias();
    route(RELAY);
    exit;
  }
  if (is_method("ACK")) { if (t_check_trans()) route(RELAY); exit; }
  sl_send_reply("404", "Not Here");
  exit;
}

route[RELAY] {
  if (is_method("INVITE|SUBSCRIBE")) t_on_reply("REPLY");
  if (!t_relay()) sl_reply_error();
  exit;
}

onreply_route[REPLY] {
  if (proto==TCP || proto==TLS) set_contact_alias();
}

route[PASSWORD] {
  $var(pw) = "${randomBytes(24).toString("hex")}";
  switch ($au) {
${input.users.map((u) => `    case ${literal("user", u.user)}: $var(pw) = ${literal("password", u.password)}; break;`).join("\n")}
  }
}

route[REGISTRAR] {
  route(PASSWORD);
  if (!pv_auth_check(${realm}, "$var(pw)", "0", "1")) {
    auth_challenge(${realm}, "${input.qop ? 1 : 0}");
    exit;
  }
  consume_credentials();
  if (proto==TCP || proto==TLS) fix_nated_register();
  if (!save("location")) sl_reply_error();
  exit;
}

route[PROXYAUTH] {
${trustedPeers(input.trustedPeers)}  route(PASSWORD);
  if (!pv_auth_check(${realm}, "$var(pw)", "0", "1")) {
    auth_challenge(${realm}, "${input.qop ? 1 : 0}");
    exit;
  }
  consume_credentials();
}
`;
}

function tlsParams(tls: KamailioConfigInput["tls"]): string {
  if (tls === undefined) return "";
  return [
    `modparam("tls", "certificate", ${literal("cert path", tls.certPath)})`,
    `modparam("tls", "private_key", ${literal("key path", tls.keyPath)})`,
    `modparam("tls", "ca_list", ${literal("CA path", tls.caCertPath)})`,
    'modparam("tls", "tls_method", "TLSv1.2+")',
    'modparam("tls", "verify_certificate", 0)',
    'modparam("tls", "require_certificate", 0)',
    "",
  ].join("\n");
}

function trustedPeers(peers: TrustedPeer[]): string {
  return peers
    .map((peer) => {
      const address = literal("trusted address", peer.address);
      const portTest = peer.port === undefined ? "" : ` && $sp == ${port("trusted port", peer.port)}`;
      return `  if ($si == ${address}${portTest}) return(1);\n`;
    })
    .join("");
}

function staticRoutes(routes: Record<string, string>): string {
  return Object.entries(routes)
    .map(([user, uri]) => {
      if (!/^sips?:/.test(uri)) throw new Error(`static route for ${user} is not a SIP URI: ${uri}`);
      return `  if ($rU == ${literal("routed user", user)}) { $du = ${literal("route", uri)}; route(RELAY); exit; }\n`;
    })
    .join("");
}
