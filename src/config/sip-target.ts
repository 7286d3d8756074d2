/**
 * Checks the text a user types for a registrar or outbound proxy: `host`, `host:port`,
 * `[v6]:port`, a bare IPv6 address, or a `sip:` / `sips:` URI with host, optional port and
 * `;params` (RFC 3261 §25.1 hostport and uri-parameters). A registrar URI has no user
 * part (RFC 3261 §10.2: the Request-URI of REGISTER names the domain only); other targets
 * (a forward, a message-waiting subscription) may ask for one with `allowUser`.
 * Deliberately small: it catches typos, it does not parse for the SIP stack.
 */
import { isIPv4, isIPv6 } from "node:net";
import { err, ok, type Result } from "../util/result.js";

export interface SipTarget {
  /** True for a sips: URI (TLS required, RFC 3261 §26.2.2). */
  secure: boolean;
}

const LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LABEL = /^[A-Za-z]/;
const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]+$/;
const SCHEME = /^(sips?):/i;
/** RFC 3261 §25.1 user: unreserved / escaped / user-unreserved. */
export const SIP_USER = /^([A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+$/;

export interface SipTargetRules {
  /** Accept `sip:user@host` (default: refused, as for a registrar). */
  allowUser?: boolean;
}

export function checkSipTarget(text: string, rules: SipTargetRules = {}): Result<SipTarget, string> {
  const scheme = SCHEME.exec(text);
  if (scheme === null) {
    if (isIPv6(text)) return ok({ secure: false });
    const hostport = checkHostPort(text);
    return hostport === undefined ? ok({ secure: false }) : err(hostport);
  }
  let rest = text.slice(scheme[0].length);
  const at = rest.indexOf("@");
  if (at >= 0 && rules.allowUser !== true) return err("must not contain a user part (write sip:host, not sip:user@host)");
  if (at >= 0) {
    if (!SIP_USER.test(rest.slice(0, at))) return err(`has a malformed user part before "@" (got ${JSON.stringify(text)})`);
    rest = rest.slice(at + 1);
  }
  if (rest.includes("?")) return err("must not contain URI headers (\"?…\")");
  const [hostport = "", ...params] = rest.split(";");
  const problem = checkHostPort(hostport) ?? params.map(checkParam).find((p) => p !== undefined);
  if (problem !== undefined) return err(problem);
  return ok({ secure: scheme[1].toLowerCase() === "sips" });
}

function checkHostPort(text: string): string | undefined {
  let host = text;
  let port: string | undefined;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return `has an unclosed "[" (got ${JSON.stringify(text)})`;
    if (!isIPv6(text.slice(1, close))) return `must hold an IPv6 address between [ ] (got ${JSON.stringify(text)})`;
    const after = text.slice(close + 1);
    if (after === "") return undefined;
    if (!after.startsWith(":")) return `has unexpected text after "]" (got ${JSON.stringify(text)})`;
    port = after.slice(1);
    host = "";
  } else {
    const colon = text.lastIndexOf(":");
    if (colon >= 0) {
      port = text.slice(colon + 1);
      host = text.slice(0, colon);
    }
  }
  const general = `must be a host name or IP address, optionally with :port, or a sip:/sips: URI (got ${JSON.stringify(text)})`;
  if (port !== undefined && !/^[0-9]*$/.test(port)) return general;
  if (port !== undefined && !isPort(port)) return `port must be a number from 1 to 65535 (got ${JSON.stringify(port)})`;
  if (host === "" && !text.startsWith("[")) return `must name a host (got ${JSON.stringify(text)})`;
  if (host !== "" && !isHost(host)) return general;
  return undefined;
}

function isPort(text: string): boolean {
  if (text.length === 0 || text.length > 5) return false;
  const port = Number(text);
  return port >= 1 && port <= 65535;
}

/** IPv4 dotted quad, or a host name whose last label starts with a letter (RFC 3261 §25.1 toplabel). */
function isHost(text: string): boolean {
  if (isIPv4(text)) return true;
  const name = text.endsWith(".") ? text.slice(0, -1) : text;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split(".");
  return labels.every((l) => LABEL.test(l)) && TOP_LABEL.test(labels[labels.length - 1]);
}

function checkParam(param: string): string | undefined {
  const [name = "", value, ...extra] = param.split("=");
  if (!TOKEN.test(name) || extra.length > 0 || (value !== undefined && !TOKEN.test(value))) {
    return `has a malformed URI parameter (got ${JSON.stringify(";" + param)})`;
  }
  return undefined;
}
