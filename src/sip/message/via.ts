/**
 * Via (RFC 3261 §20.42): sent-protocol LWS sent-by *(SEMI via-params), several per
 * field separated by commas. LWS is allowed around "/" and ":" (RFC 4475 §3.1.1.1).
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isTokenChar, skipWsp } from "./grammar.js";
import { formatHostPort, readHostPort } from "./host.js";
import { emptyParams, formatParams, readParams } from "./params.js";
import type { SipMessage, Via } from "./types.js";

export function parseVia(text: string): Result<Via[]> {
  const vias: Via[] = [];
  return readVias(text, vias) ? ok(vias) : err("Bad Via");
}

/** Checks the shape of a whole Via field value without building anything. */
export function isViaField(text: string): boolean {
  return readVias(text, undefined);
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
  const marks: number[] = [];
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      if (text.charCodeAt(i) !== 0x2f) return -1;
      i = skipWsp(text, i + 1);
    }
    const start = i;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
    if (i === start) return -1;
    marks.push(start, i);
    i = skipWsp(text, i);
  }
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
  const part = (k: number): string => text.slice(marks[2 * k]!, marks[2 * k + 1]!);
  out.push({ protocol: `${part(0)}/${part(1)}`, transport: part(2).toUpperCase(), host: hostPort.host, port: hostPort.port, params });
  return end;
}

export function formatVia(via: Via): string {
  return `${via.protocol}/${via.transport} ${formatHostPort(via.host, via.port)}${formatParams(via.params)}`;
}

/** The first Via element of the message, parsed; undefined if missing or malformed. */
export function topVia(message: SipMessage): Via | undefined {
  const first = message.headers.get("Via");
  if (first === undefined) return undefined;
  const out: Via[] = [];
  return readOneVia(first, 0, out) < 0 ? undefined : out[0];
}
