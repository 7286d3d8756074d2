/**
 * Via (RFC 3261 §20.42): sent-protocol LWS sent-by *(SEMI via-params), several per
 * field separated by commas. LWS is allowed around "/" and ":" (RFC 4475 §3.1.1.1).
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isTokenChar, skipWsp } from "./grammar.js";
import { formatHostPort, readHostPort } from "./host.js";
import { emptyParams, formatParams, readParams } from "./params.js";
import type { Headers } from "./headers.js";
import type { SipMessage, Via } from "./types.js";

export function parseVia(text: string): Result<Via[]> {
  const vias: Via[] = [];
  return readVias(text, vias) ? ok(vias) : err("Bad Via");
}

/**
 * Checks a message's first Via field (every element in it) and keeps the parsed
 * top element on the headers, where topVia finds it (parse once, read often).
 */
export function checkTopVia(headers: Headers, raw: string): boolean {
  const vias: Via[] = [];
  if (!readVias(raw, vias)) return false;
  headers.topViaMemo = { raw, via: vias[0]! };
  return true;
}

/** Reads comma-separated via-parms into `out` (or only checks them). */
function readVias(text: string, out: Via[] | undefined): boolean {
  let i = 0;
  for (;;) {
    i = readOneVia(text, i, out);
    if (i < 0) return false;
    if (i >= text.length) return true;
    i = skipWsp(text, i + 1); // past the comma
    if (i >= text.length) return false;
  }
}

/** One via-parm from `from`; returns where it ended (a comma or the end), or -1. */
function readOneVia(text: string, from: number, out: Via[] | undefined): number {
  let i = skipWsp(text, from);
  // sent-protocol = protocol-name SLASH protocol-version SLASH transport
  const nameStart = i;
  i = scanToken(text, i);
  const nameEnd = i;
  i = skipSlash(text, i);
  const versionStart = i;
  i = scanToken(text, i);
  const versionEnd = i;
  i = skipSlash(text, i);
  const transportStart = i;
  i = scanToken(text, i);
  const transportEnd = i;
  if (nameEnd === nameStart || versionEnd === versionStart || transportEnd === transportStart || i < 0) return -1;
  i = skipWsp(text, i);
  const hostStart = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x3b || c === 0x2c || c === 0x20 || c === 0x09) break;
    i++;
  }
  // COLON = SWS ":" SWS: rejoin "host : port".
  let hostText = text.slice(hostStart, i);
  const afterHost = skipWsp(text, i);
  if (text.charCodeAt(afterHost) === 0x3a && hostText.charCodeAt(0) !== 0x5b) {
    const portStart = skipWsp(text, afterHost + 1);
    i = portStart;
    while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    hostText += `:${text.slice(portStart, i)}`;
  }
  const hostPort = readHostPort(hostText);
  if (!hostPort) return -1;
  const params = out ? emptyParams() : undefined;
  const end = readParams(text, i, true, params);
  if (end < 0 || !out || !params) return end;
  const protocol = `${text.slice(nameStart, nameEnd)}/${text.slice(versionStart, versionEnd)}`;
  out.push({ protocol, transport: text.slice(transportStart, transportEnd).toUpperCase(), host: hostPort.host, port: hostPort.port, params });
  return end;
}

/** End of the token starting at `from` (== from when there is none); -1 stays -1. */
function scanToken(text: string, from: number): number {
  if (from < 0) return -1;
  let i = from;
  while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
  return i;
}

/** SLASH = SWS "/" SWS: the index after it, or -1. */
function skipSlash(text: string, from: number): number {
  if (from < 0) return -1;
  const at = skipWsp(text, from);
  return text.charCodeAt(at) === 0x2f ? skipWsp(text, at + 1) : -1;
}

export function formatVia(via: Via): string {
  return `${via.protocol}/${via.transport} ${formatHostPort(via.host, via.port)}${formatParams(via.params)}`;
}

/**
 * The first Via element of the message, parsed; undefined if missing or malformed.
 * The result is shared by every caller until the Via field changes: read it, and
 * to change the top Via parse the field with parseVia and set a new value.
 */
export function topVia(message: SipMessage): Via | undefined {
  const headers = message.headers;
  const raw = headers.get("Via");
  if (raw === undefined) return undefined;
  const memo = headers.topViaMemo;
  if (memo !== undefined && memo.raw === raw) return memo.via;
  const out: Via[] = [];
  if (readOneVia(raw, 0, out) < 0) return undefined;
  headers.topViaMemo = { raw, via: out[0]! };
  return out[0];
}
