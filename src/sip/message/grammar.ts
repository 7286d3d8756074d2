/**
 * Character classes of the RFC 3261 §25.1 grammar as lookup tables, so the
 * scanners in this folder test a character with one array read instead of a regex.
 */

function table(chars: string): Uint8Array {
  const t = new Uint8Array(128);
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
const TOKEN = table(ALNUM + "-.!%*_+`'~");
/** word, as in Call-ID: token characters plus ( ) < > : \ " / [ ] ? { } */
const WORD = table(ALNUM + "-.!%*_+`'~()<>:\\\"/[]?{}");
/** URI scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) */
const SCHEME = table(ALNUM + "+-.");

export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return false;
  }
  return true;
}

export function isWord(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || WORD[c] === 0) return false;
  }
  return true;
}

/** True for a syntactically valid URI scheme name (in text[start, end) when given). */
export function isScheme(text: string, start = 0, end = text.length): boolean {
  if (end <= start) return false;
  const first = text.charCodeAt(start) | 0x20;
  if (first < 0x61 || first > 0x7a) return false;
  for (let i = start + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || SCHEME[c] === 0) return false;
  }
  return true;
}

export function isTokenChar(c: number): boolean {
  return c < 128 && TOKEN[c] === 1;
}

/** SP or HTAB. */
export function isWsp(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * A non-negative decimal integer made only of digits, or -1 when the text is
 * not one or exceeds `max` (leading zeros allowed, as in "0068").
 */
export function parseDecimal(text: string, max: number): number {
  const n = text.length;
  if (n === 0) return -1;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 0x30;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
    if (value > max) return -1;
  }
  return value;
}

/** Index of the first SP/HT at or after `from`, or -1. */
export function indexOfWsp(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) return i;
  }
  return -1;
}

/** Index of the first non-SP/HT at or after `from` (text.length if none). */
export function skipWsp(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break;
    i++;
  }
  return i;
}

/** `end` moved left past SP/HT (and CR/LF). */
export function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start) {
    const c = text.charCodeAt(e - 1);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0x0a) break;
    e--;
  }
  return e;
}
