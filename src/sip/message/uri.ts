/**
 * SIP and SIPS URIs (RFC 3261 §19.1, grammar §25.1) and tel URIs (RFC 3966).
 * Parsed on demand; the message parser only checks a Request-URI's outline.
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isScheme } from "./grammar.js";
import { formatHostPort, readHostPort } from "./host.js";
import { emptyParams } from "./params.js";
import { decodeEscapes, escapeUriPart, PARAM_CHARS, PASSWORD_CHARS, HEADER_CHARS, USER_CHARS } from "./uri-escape.js";
import type { SipUri } from "./types.js";

/** parseUri's error for a well-formed URI of a scheme we do not handle (a UA answers 416, §8.2.2.1). */
export const UNSUPPORTED_SCHEME = "Unsupported URI scheme";

export function parseUri(text: string): Result<SipUri> {
  const colon = text.indexOf(":");
  const scheme = colon > 0 ? text.slice(0, colon) : "";
  if (!isScheme(scheme) || hasSpaceOrAngle(text)) return err("Bad URI");
  const lower = scheme.toLowerCase();
  if (lower === "sip" || lower === "sips") return parseSipUri(lower, text.slice(colon + 1));
  if (lower === "tel") return parseTelUri(text.slice(colon + 1));
  return err(UNSUPPORTED_SCHEME);
}

function parseSipUri(scheme: "sip" | "sips", rest: string): Result<SipUri> {
  // No unescaped "@" may follow the userinfo (§25.1), so the last "@" ends it.
  const at = rest.lastIndexOf("@");
  let user: string | undefined;
  let password: string | undefined;
  if (at >= 0) {
    const userinfo = rest.slice(0, at);
    const colon = userinfo.indexOf(":");
    const rawUser = colon < 0 ? userinfo : userinfo.slice(0, colon);
    if (rawUser.length === 0) return err("Bad URI user");
    user = decodeEscapes(rawUser);
    if (colon >= 0) password = decodeEscapes(userinfo.slice(colon + 1));
    if (user === undefined || (colon >= 0 && password === undefined)) return err("Bad URI escape");
  }
  const hostStart = at + 1;
  let hostEnd = hostStart;
  while (hostEnd < rest.length && rest.charCodeAt(hostEnd) !== 0x3b && rest.charCodeAt(hostEnd) !== 0x3f) hostEnd++;
  const hostPort = readHostPort(rest.slice(hostStart, hostEnd));
  if (!hostPort) return err("Bad URI host");

  const params = emptyParams();
  let i = hostEnd;
  while (i < rest.length && rest.charCodeAt(i) === 0x3b) {
    let end = i + 1;
    while (end < rest.length && rest.charCodeAt(end) !== 0x3b && rest.charCodeAt(end) !== 0x3f) end++;
    const param = splitPair(rest.slice(i + 1, end));
    if (!param) return err("Bad URI parameter");
    const name = param[0].toLowerCase();
    if (!(name in params)) params[name] = param[1];
    i = end;
  }
  const headers = emptyParams() as Record<string, string>;
  if (i < rest.length) {
    for (const part of rest.slice(i + 1).split("&")) {
      const header = splitPair(part);
      if (!header || header[1] === null) return err("Bad URI header");
      headers[header[0]] = header[1];
    }
  }
  return ok({ scheme, user, password, host: hostPort.host, port: hostPort.port, params, headers });
}

/** "name[=value]" with %-escapes decoded; undefined if the name is empty or an escape is bad. */
function splitPair(part: string): [string, string | null] | undefined {
  const eq = part.indexOf("=");
  const name = decodeEscapes(eq < 0 ? part : part.slice(0, eq));
  if (!name) return undefined;
  if (eq < 0) return [name, null];
  const value = decodeEscapes(part.slice(eq + 1));
  return value === undefined ? undefined : [name, value];
}

/** RFC 3966 §3: telephone-subscriber = global-number / local-number, then ;params. */
function parseTelUri(rest: string): Result<SipUri> {
  const semi = rest.indexOf(";");
  const number = decodeEscapes(semi < 0 ? rest : rest.slice(0, semi));
  if (!number || !isPhoneNumber(number)) return err("Bad tel number");
  const params = emptyParams();
  if (semi >= 0) {
    for (const part of rest.slice(semi + 1).split(";")) {
      const param = splitPair(part);
      if (!param) return err("Bad URI parameter");
      params[param[0].toLowerCase()] = param[1];
    }
  }
  return ok({ scheme: "tel", user: number, password: undefined, host: "", port: undefined, params, headers: {} });
}

/** global-number-digits "+" 1*phonedigit, or local-number-digits (hex digits, "*", "#"), with separators. */
function isPhoneNumber(number: string): boolean {
  let digits = 0;
  for (let i = 0; i < number.length; i++) {
    const c = number[i]!;
    if (c === "+" && i === 0) continue;
    if (c === "-" || c === "." || c === "(" || c === ")") continue;
    if (isHexDigit(c) || c === "*" || c === "#") digits++;
    else return false;
  }
  return digits > 0;
}

function isHexDigit(c: string): boolean {
  return (c >= "0" && c <= "9") || (c >= "a" && c <= "f") || (c >= "A" && c <= "F");
}

function hasSpaceOrAngle(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x3c || c === 0x3e || c === 0x22 || c === 0x7f) return true;
  }
  return false;
}

export function formatUri(uri: SipUri): string {
  const params = formatUriParams(uri.params);
  if (uri.scheme === "tel") return `tel:${escapeUriPart(uri.user ?? "", PARAM_CHARS)}${params}`;
  let out = `${uri.scheme}:`;
  if (uri.user !== undefined) {
    out += escapeUriPart(uri.user, USER_CHARS);
    if (uri.password !== undefined) out += `:${escapeUriPart(uri.password, PASSWORD_CHARS)}`;
    out += "@";
  }
  out += formatHostPort(uri.host, uri.port) + params;
  let separator = "?";
  for (const name in uri.headers) {
    out += `${separator}${escapeUriPart(name, HEADER_CHARS)}=${escapeUriPart(uri.headers[name]!, HEADER_CHARS)}`;
    separator = "&";
  }
  return out;
}

function formatUriParams(params: SipUri["params"]): string {
  let out = "";
  for (const name in params) {
    const value = params[name];
    out += `;${escapeUriPart(name, PARAM_CHARS)}`;
    if (value !== null && value !== undefined) out += `=${escapeUriPart(value, PARAM_CHARS)}`;
  }
  return out;
}

/**
 * The Request-URI outline check done while parsing a message: a scheme, no
 * whitespace, quotes or angle brackets (RFC 4475 §3.1.2.7-8), and for SIP/SIPS no
 * URI headers (§19.1.1 table; RFC 4475 §3.1.2.11). The rest waits for parseUri,
 * called by whoever routes the request. Returns a reason or undefined.
 */
export function checkRequestUri(uri: string): string | undefined {
  const colon = uri.indexOf(":");
  if (colon <= 0 || !isScheme(uri, 0, colon) || hasSpaceOrAngle(uri)) return "Bad Request-URI";
  const scheme = uri.slice(0, colon).toLowerCase();
  if (scheme !== "sip" && scheme !== "sips") return undefined;
  // "?" may sit in the user part; after the last "@" it can only start headers.
  return uri.indexOf("?", uri.lastIndexOf("@") + 1) >= 0 ? "Bad Request-URI" : undefined;
}
