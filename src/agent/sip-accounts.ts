/**
 * Turns the configuration's lines into SIP account settings: the registrar text a
 * person typed (host, host:port, [v6]:port or a sip:/sips: URI) becomes the
 * REGISTER Request-URI, and the address of record is user@that host.
 */
import type { AccountConfig, Config } from "../config/index.js";
import { parseOutboundProxy } from "../sip/locate/index.js";
import { parseUri } from "../sip/message/index.js";
import type { SipUri } from "../sip/message/index.js";
import type { MwiSettings } from "../sip/event/index.js";
import type { AccountSettings } from "../sip/ua/account.js";
import { err, ok } from "../util/result.js";
import type { Result } from "../util/result.js";

export function registrarUri(text: string): Result<SipUri> {
  const trimmed = text.trim();
  if (/^sips?:/i.test(trimmed)) return parseUri(trimmed);
  const bracketed = trimmed.includes(":") && !trimmed.startsWith("[") && trimmed.split(":").length > 2 ? `[${trimmed}]` : trimmed;
  return parseUri(`sip:${bracketed}`);
}

export function accountSettings(id: string, account: AccountConfig): Result<AccountSettings> {
  const registrar = registrarUri(account.registrar);
  if (!registrar.ok) return err(`${id}: registrar ${JSON.stringify(account.registrar)}: ${registrar.error}`);
  let outboundProxy: SipUri | undefined;
  if (account.outboundProxy) {
    const proxy = parseOutboundProxy(account.outboundProxy);
    if (!proxy.ok) return err(`${id}: outbound proxy ${JSON.stringify(account.outboundProxy)}: ${proxy.error}`);
    outboundProxy = proxy.value;
  }
  const domain = registrar.value;
  const mwi = mwiSettings(account);
  if (!mwi.ok) return err(`${id}: mwiUri ${JSON.stringify(account.mwiUri)}: ${mwi.error}`);
  return ok({
    id,
    aor: { scheme: domain.scheme, user: account.user, password: undefined, host: domain.host, port: domain.port, params: {}, headers: {} },
    registrar: domain,
    outboundProxy,
    authUser: account.authUser || account.user,
    password: account.password,
    displayName: account.displayName,
    protocol: account.transport,
    registerExpiresSec: account.registerExpires,
    keepAlive: { mode: account.keepAlive, intervalMs: account.keepAliveIntervalSec * 1000 },
    mwi: mwi.value,
    anonymousMethod: account.anonymousMethod,
  });
}

/** RFC 3842 subscription: to mwiUri (a URI, or a host meaning the account's user there), else to our own AOR. */
function mwiSettings(account: AccountConfig): Result<MwiSettings> {
  if (!account.mwiSubscribe) return ok({ subscribe: false });
  if (!account.mwiUri) return ok({ subscribe: true, expiresSec: account.mwiExpiresSec });
  const uri = registrarUri(account.mwiUri);
  if (!uri.ok) return uri;
  const withUser = /^sips?:/i.test(account.mwiUri.trim()) ? uri.value : { ...uri.value, user: account.user };
  return ok({ subscribe: true, uri: withUser, expiresSec: account.mwiExpiresSec });
}

/** Settings for every enabled line, with an error naming the line for any that cannot be used. */
export function enabledAccounts(config: Config): Result<AccountSettings[]> {
  const out: AccountSettings[] = [];
  for (const [index, line] of config.lines.entries()) {
    if (!line.enabled) continue;
    const settings = accountSettings(`line${index}`, line.account);
    if (!settings.ok) return settings;
    out.push(settings.value);
  }
  return ok(out);
}
