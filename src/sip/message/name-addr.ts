/**
 * name-addr / addr-spec with header parameters, as in From, To, Contact, Route,
 * Record-Route, Reply-To (RFC 3261 §20.10, §25.1).
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isScheme, isTokenChar, isWsp, skipWsp, trimEnd } from "./grammar.js";
import { emptyParams, formatParams, quotedEnd, quoteString, readParams, unquote } from "./params.js";
import { formatUri, parseUri } from "./uri.js";
import type { NameAddr, Params } from "./types.js";

/** A name-addr split into its parts, the URI still text (any scheme). */
export interface NameAddrParts {
  displayName: string | undefined;
  uri: string;
  params: Params;
}

/** Positions found by scanNameAddr; the display name is quoted when `quoted`. */
interface Span {
  nameStart: number;
  nameEnd: number;
  quoted: boolean;
  uriStart: number;
  uriEnd: number;
}

/**
 * Walks one name-addr or addr-spec (§25.1) without interpreting the URI, so fields
 * with URIs of unknown schemes (RFC 4475 §3.3.4) can still be checked for shape.
 * Parameters go into `params` when given. Returns the positions, or a reason.
 */
function scanNameAddr(text: string, params: Params | undefined): Span | string {
  let i = skipWsp(text, 0);
  let nameStart = i;
  let nameEnd = i;
  let quoted = false;
  if (text.charCodeAt(i) === 0x22) {
    const close = quotedEnd(text, i);
    if (close < 0) return "Unterminated quoted string";
    nameEnd = close + 1;
    quoted = true;
    i = skipWsp(text, nameEnd);
    if (text.charCodeAt(i) !== 0x3c) return "Expected <";
  } else {
    // display-name = *(token LWS) (RFC 4475 §3.1.2.15); anything else starts an addr-spec.
    let j = i;
    while (j < text.length && (isTokenChar(text.charCodeAt(j)) || isWsp(text.charCodeAt(j)))) j++;
    if (text.charCodeAt(j) === 0x3c) {
      nameEnd = trimEnd(text, i, j);
      i = j;
    }
  }
  let uriStart: number;
  let uriEnd: number;
  if (text.charCodeAt(i) === 0x3c) {
    uriStart = i + 1;
    uriEnd = text.indexOf(">", uriStart);
    if (uriEnd < 0) return "Expected >";
    i = uriEnd + 1;
  } else {
    // §20.10: without <>, the URI ends at the first ";" (those are header parameters),
    // and may not contain "," or "?" (RFC 4475 §3.1.2.13).
    nameStart = nameEnd = uriStart = i;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x3b || c === 0x20 || c === 0x09) break;
      if (c === 0x2c || c === 0x3f) return "URI with , or ? must be in <>";
      i++;
    }
    uriEnd = i;
  }
  if (!isUriOutline(text, uriStart, uriEnd)) return "Bad URI"; // RFC 4475 §3.1.2.14: no spaces inside <>
  if (readParams(text, i, false, params) < 0) return "Bad parameters";
  return { nameStart, nameEnd, quoted, uriStart, uriEnd };
}

/** scheme ":" then no whitespace or control characters. */
function isUriOutline(text: string, start: number, end: number): boolean {
  const colon = text.indexOf(":", start);
  if (colon <= start || colon >= end || !isScheme(text, start, colon)) return false;
  for (let i = colon + 1; i < end; i++) if (text.charCodeAt(i) <= 0x20) return false;
  return true;
}

/** Checks the shape of one name-addr or addr-spec without building anything. */
export function isNameAddr(text: string): boolean {
  return typeof scanNameAddr(text, undefined) !== "string";
}

export function splitNameAddr(text: string): Result<NameAddrParts> {
  const params = emptyParams();
  const span = scanNameAddr(text, params);
  if (typeof span === "string") return err(span);
  const name = text.slice(span.nameStart, span.nameEnd);
  const displayName = span.quoted ? unquote(name) : name.length > 0 ? name : undefined;
  return ok({ displayName, uri: text.slice(span.uriStart, span.uriEnd), params });
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
