/**
 * Address spelling: the same host may arrive as "::1", "[::1]", "0:0:0:0:0:0:0:1"
 * or "::ffff:127.0.0.1"; comparisons and connection keys use one canonical form.
 */
import { isIP } from "node:net";
import type { Endpoint, Protocol } from "./types.js";

export type Family = 4 | 6;

/** Canonical form: IPv6 compressed and lower-cased, IPv4-mapped IPv6 as IPv4, names lower-cased. */
export function normalizeAddress(address: string): string {
  let a = address.trim().toLowerCase();
  if (a.startsWith("[") && a.endsWith("]")) a = a.slice(1, -1);
  if (isIP(a) !== 6) return a;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  const zone = a.indexOf("%");
  if (zone >= 0) return a;
  return new URL(`http://[${a}]/`).hostname.slice(1, -1);
}

/** 4 or 6 for an IP literal, undefined for a host name or garbage. */
export function ipFamily(address: string): Family | undefined {
  const family = isIP(normalizeAddress(address));
  return family === 4 || family === 6 ? family : undefined;
}

export function sameAddress(a: string, b: string): boolean {
  return normalizeAddress(a) === normalizeAddress(b);
}

/** The key a connection to this endpoint is filed under. */
export function endpointKey(protocol: Protocol, address: string, port: number): string {
  return `${protocol}:${normalizeAddress(address)}:${port}`;
}

/** "udp:[::1]:5060" style, for logs. */
export function describe(endpoint: Endpoint): string {
  const host = ipFamily(endpoint.address) === 6 ? `[${endpoint.address}]` : endpoint.address;
  return `${endpoint.protocol}:${host}:${endpoint.port}`;
}

/** RFC 3261 §18.2.2 / §19.1.2: the port when a Via or URI names none. */
export function defaultPort(protocol: Protocol): number {
  return protocol === "tls" ? 5061 : 5060;
}

export function isWildcard(address: string): boolean {
  const a = normalizeAddress(address);
  return a === "0.0.0.0" || a === "::";
}
