/** %-escaping of URI components (RFC 3261 §19.1.2, §25.1 escaped = "%" HEXDIG HEXDIG). */

function allowed(extra: string): Uint8Array {
  const t = new Uint8Array(128);
  const chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()" + extra;
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** unreserved plus the characters each component may carry unescaped (§25.1). */
export const USER_CHARS = allowed("&=+$,;?/");
export const PASSWORD_CHARS = allowed("&=+$,");
export const PARAM_CHARS = allowed("[]/:&+$");
export const HEADER_CHARS = allowed("[]/?:+$");

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** Decodes %-escapes (as UTF-8 octets); undefined when a "%" is not followed by two hex digits. */
export function decodeEscapes(text: string): string | undefined {
  if (text.indexOf("%") < 0) return text;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x25) {
      const high = hexValue(text.charCodeAt(i + 1));
      const low = hexValue(text.charCodeAt(i + 2));
      if (high < 0 || low < 0) return undefined;
      bytes.push(high * 16 + low);
      i += 2;
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      const end = i + 1 < text.length && c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1;
      for (const b of Buffer.from(text.slice(i, end), "utf8")) bytes.push(b);
      i = end - 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

const HEX = "0123456789ABCDEF";

/** Escapes every character outside `chars` as %XX of its UTF-8 octets. */
export function escapeUriPart(text: string, chars: Uint8Array): string {
  let plain = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 || chars[c] === 0) {
      plain = false;
      break;
    }
  }
  if (plain) return text;
  let out = "";
  for (const byte of Buffer.from(text, "utf8")) {
    out += byte < 128 && chars[byte] === 1 ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}
