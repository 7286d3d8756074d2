/**
 * What the transport reads and writes in the top Via: the received/rport stamp
 * on requests that arrive (RFC 3261 §18.2.1, RFC 3581 §4) and where a response
 * goes back to (RFC 3261 §18.2.2, RFC 3581 §4). maddr (§18.2.2's multicast
 * case) is ignored: a phone adapter answers the source, never a multicast group.
 */
import { formatVia, parseVia, splitCommas } from "../message/index.js";
import type { Headers, SipMessage, Via } from "../message/index.js";
import { defaultPort, ipFamily, normalizeAddress, sameAddress } from "./address.js";
import type { Protocol } from "./types.js";

/** The first Via element of the first Via field, with the other elements of that field. */
interface TopVia {
  via: Via;
  rest: string[];
}

function readTopVia(headers: Headers): TopVia | undefined {
  const field = headers.get("Via");
  if (field === undefined) return undefined;
  const [first, ...rest] = splitCommas(field);
  if (first === undefined) return undefined;
  const parsed = parseVia(first);
  if (!parsed.ok || parsed.value.length === 0) return undefined;
  return { via: parsed.value[0]!, rest };
}

/** Replaces the first Via element, keeping the field where it was. */
function writeTopVia(headers: Headers, top: TopVia): void {
  const value = [formatVia(top.via), ...top.rest].join(", ");
  if (headers.getAll("Via").length === 1) {
    headers.set("Via", value);
  } else {
    headers.removeFirst("Via");
    headers.prepend("Via", value);
  }
}

/**
 * Changes the top Via of `message` in place with `edit`. Returns false (and
 * changes nothing) when there is no top Via the parser can read.
 */
export function editTopVia(message: SipMessage, edit: (via: Via) => void): boolean {
  const top = readTopVia(message.headers);
  if (!top) return false;
  edit(top.via);
  writeTopVia(message.headers, top);
  return true;
}

/**
 * RFC 3261 §18.2.1: add received when the sent-by host is not the source address;
 * RFC 3581 §4: an empty rport gets the source port, and then received is always added.
 * Returns false when the top Via is missing or unreadable.
 */
export function stampReceived(message: SipMessage, source: { address: string; port: number }): boolean {
  return editTopVia(message, (via) => {
    const wantsRport = "rport" in via.params && via.params["rport"] === null;
    if (wantsRport) via.params["rport"] = String(source.port);
    if (wantsRport || !sameAddress(via.host, source.address)) {
      via.params["received"] = normalizeAddress(source.address);
    }
  });
}

/** A host and port to send to, before choosing a socket. */
export interface Target {
  address: string;
  port: number;
}

/**
 * Where a response goes when its request's connection is gone or the transport
 * is unreliable: received (or the sent-by host), and for UDP the rport value if
 * present, else the sent-by port, else the protocol's default (§18.2.2, RFC 3581 §4).
 * Undefined when the Via is unreadable or names a host that would need DNS.
 */
export function responseTarget(message: SipMessage, protocol: Protocol): Target | undefined {
  const top = readTopVia(message.headers);
  if (!top) return undefined;
  const { via } = top;
  const address = via.params["received"] ?? via.host;
  if (!address || ipFamily(address) === undefined) return undefined;
  const rport = protocol === "udp" ? parsePort(via.params["rport"]) : undefined;
  return { address: normalizeAddress(address), port: rport ?? via.port ?? defaultPort(protocol) };
}

/** The top Via's transport as one of ours, or undefined (SCTP, WS...). */
export function viaProtocol(via: Via): Protocol | undefined {
  const t = via.transport.toLowerCase();
  return t === "udp" || t === "tcp" || t === "tls" ? t : undefined;
}

function parsePort(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || !/^\d{1,5}$/.test(value)) return undefined;
  const port = Number(value);
  return port > 0 && port < 65536 ? port : undefined;
}
