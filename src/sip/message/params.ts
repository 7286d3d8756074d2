/**
 * Header parameters (`;name=value`, RFC 3261 §7.3.1, §25.1 generic-param) and
 * quoted strings (§25.1 quoted-string, quoted-pair).
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isTokenChar, skipWsp } from "./grammar.js";
import type { Params } from "./types.js";

/**
 * Reads `*( SEMI generic-param )` from `from`, allowing LWS around ";" and "=".
 * Names are lower-cased; quoted-string values keep their quotes; a flag is null.
 * With `stopAtComma`, a comma outside quotes ends the list (Via, Contact lists).
 * Stores into `into` when given (the first of repeated names wins); without it
 * only checks the syntax. Returns where the list ended (a comma or text.length),
 * or -1 when malformed.
 */
export function readParams(text: string, from: number, stopAtComma: boolean, into: Params | undefined): number {
  let i = skipWsp(text, from);
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x2c && stopAtComma) return i;
    if (c !== 0x3b) return -1;
    i = skipWsp(text, i + 1);
    const nameStart = i;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
    if (i === nameStart) return -1; // ";;" or ";=" (RFC 4475 §3.1.2.1)
    const nameEnd = i;
    i = skipWsp(text, i);
    let valueStart = -1;
    let valueEnd = -1;
    if (text.charCodeAt(i) === 0x3d) {
      i = skipWsp(text, i + 1);
      valueStart = i;
      if (text.charCodeAt(i) === 0x22) {
        const close = quotedEnd(text, i);
        if (close < 0) return -1;
        i = close + 1;
      } else {
        while (i < text.length && isValueChar(text.charCodeAt(i))) i++;
        if (i === valueStart) return -1;
      }
      valueEnd = i;
      i = skipWsp(text, i);
    }
    if (into) {
      const name = text.slice(nameStart, nameEnd).toLowerCase();
      if (into[name] === undefined) into[name] = valueStart < 0 ? null : text.slice(valueStart, valueEnd);
    }
  }
  return i;
}

/**
 * Parameter maps inherit from an empty object with no prototype: nothing like
 * "toString" or "__proto__" is inherited, so hostile names are just names, and
 * (unlike Object.create(null)) the maps keep V8's fast property layout.
 */
const NO_INHERITANCE: object = Object.freeze(Object.create(null) as object);

export function emptyParams(): Params {
  return Object.create(NO_INHERITANCE) as Params;
}

/** gen-value = token / host / quoted-string: token characters plus ":" "[" "]" for IPv6. */
function isValueChar(c: number): boolean {
  return isTokenChar(c) || c === 0x3a || c === 0x5b || c === 0x5d;
}

/** Parses a whole `;a=b;c` string. */
export function parseParams(text: string): Result<Params> {
  const params = emptyParams();
  return readParams(text, 0, false, params) < 0 ? err("Bad parameters") : ok(params);
}

/** `;name=value;flag` in insertion order. Values are written as stored. */
export function formatParams(params: Params): string {
  let out = "";
  for (const name in params) {
    const value = params[name];
    out += value === null || value === undefined ? `;${name}` : `;${name}=${value}`;
  }
  return out;
}

/**
 * Index of the closing quote of the quoted-string opening at `open`, or -1 when
 * it is unterminated (RFC 4475 §3.1.2.6). Backslash escapes one character.
 */
export function quotedEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) return i;
  }
  return -1;
}

/** Removes the quotes and backslash escapes of a quoted-string ("a\"b" → a"b). */
export function unquote(quoted: string): string {
  const inner = quoted.length >= 2 && quoted.startsWith('"') && quoted.endsWith('"') ? quoted.slice(1, -1) : quoted;
  if (inner.indexOf("\\") < 0) return inner;
  let out = "";
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (ch === "\\" && i + 1 < inner.length) out += inner[++i];
    else out += ch;
  }
  return out;
}

/** Wraps text in quotes, escaping backslash and quote (quoted-pair). */
export function quoteString(text: string): string {
  let out = '"';
  for (const ch of text) out += ch === '"' || ch === "\\" ? `\\${ch}` : ch;
  return `${out}"`;
}
