/**
 * Via (RFC 3261 §20.42): sent-protocol LWS sent-by *(SEMI via-params), several per
 * field separated by commas. LWS is allowed around "/" and ":" (RFC 4475 §3.1.1.1).
 */
import { err, ok } from "../../util/result.js";
import type { Result } from "../../util/result.js";
import { isTokenChar, skipWsp } from "./grammar.js";
import { formatHostPort, readHostPort } from "./host.js";
import { formatParams, readParams } from "./params.js";
import type { SipMessage, Via } from "./types.js";

export function parseVia(text: string): Result<Via[]> {
  const vias: Via[] = [];
  let i = 0;
  for (;;) {
    const read = readOneVia(text, i);
    if (!read) return err("Bad Via");
    vias.push(read.via);
    i = read.end;
    if (i >= text.length) return ok(vias);
    i = skipWsp(text, i + 1); // past the comma
    if (i >= text.length) return err("Bad Via");
  }
}

function readOneVia(text: string, from: number): { via: Via; end: number } | undefined {
  let i = skipWsp(text, from);
  const parts: string[] = [];
  for (let k = 0; k < 3; k++) {
    if (k > 0) {
      if (text.charCodeAt(i) !== 0x2f) return undefined;
      i = skipWsp(text, i + 1);
    }
    const start = i;
    while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
    if (i === start) return undefined;
    parts.push(text.slice(start, i));
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
  if (!hostPort) return undefined;
  const params = readParams(text, i, true);
  if (!params) return undefined;
  const [name, version, transport] = parts as [string, string, string];
  const via: Via = { protocol: `${name}/${version}`, transport: transport.toUpperCase(), host: hostPort.host, port: hostPort.port, params: params.params };
  return { via, end: params.end };
}

export function formatVia(via: Via): string {
  return `${via.protocol}/${via.transport} ${formatHostPort(via.host, via.port)}${formatParams(via.params)}`;
}

/** The first Via element of the message, parsed; undefined if missing or malformed. */
export function topVia(message: SipMessage): Via | undefined {
  const first = message.headers.get("Via");
  if (first === undefined) return undefined;
  const vias = parseVia(first);
  return vias.ok ? vias.value[0] : undefined;
}
