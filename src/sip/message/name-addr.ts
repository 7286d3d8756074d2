/**
 * name-addr / addr-spec with header parameters, as in From, To, Contact, Route,
 * Record-Route, Reply-To (RFC 3261 §20.10, §25.1).
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isScheme, isTokenChar, isWsp, skipWsp, trimEnd } from "./grammar.js";
import { formatParams, quotedEnd, quoteString, readParams, unquote } from "./params.js";
import { formatUri, parseUri } from "./uri.js";
import type { NameAddr, Params } from "./types.js";

/** A name-addr split into its parts, the URI still text (any scheme). */
export interface NameAddrParts {
  displayName: string | undefined;
  uri: string;
  params: Params;
}

/**
 * Splits one name-addr or addr-spec without interpreting the URI, so fields with
 * URIs of unknown schemes (RFC 4475 §3.3.4) can still be checked for shape.
 */
export function splitNameAddr(text: string): Result<NameAddrParts> {
  const start = skipWsp(text, 0);
  let displayName: string | undefined;
  let i = start;
  if (text.charCodeAt(i) === 0x22) {
    const close = quotedEnd(text, i);
    if (close < 0) return err("Unterminated quoted string");
    displayName = unquote(text.slice(i, close + 1));
    i = skipWsp(text, close + 1);
    if (text.charCodeAt(i) !== 0x3c) return err("Expected <");
  } else {
    // display-name = *(token LWS) (RFC 4475 §3.1.2.15); anything else starts an addr-spec.
    let j = i;
    while (j < text.length && (isTokenChar(text.charCodeAt(j)) || isWsp(text.charCodeAt(j)))) j++;
    if (text.charCodeAt(j) === 0x3c) {
      const end = trimEnd(text, i, j);
      if (end > i) displayName = text.slice(i, end);
      i = j;
    }
  }
  let uri: string;
  if (text.charCodeAt(i) === 0x3c) {
    const close = text.indexOf(">", i);
    if (close < 0) return err("Expected >");
    uri = text.slice(i + 1, close);
    i = close + 1;
  } else {
    // §20.10: without <>, the URI ends at the first ";" (those are header parameters),
    // and may not contain "," or "?" (RFC 4475 §3.1.2.13).
    const uriStart = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x3b || c === 0x20 || c === 0x09) break;
      if (c === 0x2c || c === 0x3f) return err("URI with , or ? must be in <>");
      i++;
    }
    uri = text.slice(uriStart, i);
  }
  const colon = uri.indexOf(":");
  if (colon <= 0 || !isScheme(uri.slice(0, colon)) || hasWhitespace(uri)) return err("Bad URI"); // RFC 4475 §3.1.2.14
  const read = readParams(text, i, false);
  if (!read) return err("Bad parameters");
  return ok({ displayName, uri, params: read.params });
}

function hasWhitespace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) <= 0x20) return true;
  return false;
}

export function parseNameAddr(text: string): Result<NameAddr> {
  const parts = splitNameAddr(text);
  if (!parts.ok) return parts;
  const uri = parseUri(parts.value.uri);
  if (!uri.ok) return uri;
  return ok({ displayName: parts.value.displayName, uri: uri.value, params: parts.value.params });
}

/** Always the name-addr form (URI in <>), which is safe whatever the URI holds. */
export function formatNameAddr(value: NameAddr): string {
  const name = value.displayName === undefined ? "" : `${formatDisplayName(value.displayName)} `;
  return `${name}<${formatUri(value.uri)}>${formatParams(value.params)}`;
}

/** Tokens separated by single spaces are written bare; anything else is quoted. */
function formatDisplayName(name: string): string {
  if (name.length === 0) return '""';
  let bare = true;
  for (let i = 0; i < name.length && bare; i++) {
    const c = name.charCodeAt(i);
    bare = isTokenChar(c) || (c === 0x20 && i > 0 && i < name.length - 1 && name.charCodeAt(i - 1) !== 0x20);
  }
  return bare ? name : quoteString(name);
}
