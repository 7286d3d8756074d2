/**
 * Who "we" are on the wire: the endpoint to advertise per protocol (Via sent-by,
 * Contact) and the set of host/port pairs a response's top Via may name for us
 * to accept it (RFC 3261 §18.1.2).
 */
import { networkInterfaces } from "node:os";
import type { Via } from "../message/index.js";
import { defaultPort, ipFamily, isWildcard, normalizeAddress } from "./address.js";
import type { Endpoint, Protocol } from "./types.js";
import { viaProtocol } from "./via-routing.js";

export class LocalIdentity {
  private readonly advertised = new Map<Protocol, Endpoint>();
  private readonly ports = new Map<Protocol, Set<number>>();
  private readonly hosts = new Set<string>();

  /**
   * Records a bound listener. With a wildcard bind every interface address counts
   * as ours, and the advertised address defaults to the first non-internal one.
   */
  add(protocol: Protocol, bound: { address: string; port: number }, advertisedAddress?: string): void {
    const address = advertisedAddress ?? (isWildcard(bound.address) ? guessAddress(bound.address) : bound.address);
    this.advertised.set(protocol, { protocol, address: normalizeAddress(address), port: bound.port });
    const ports = this.ports.get(protocol) ?? new Set<number>();
    ports.add(bound.port);
    this.ports.set(protocol, ports);
    this.hosts.add(normalizeAddress(address));
    this.hosts.add(normalizeAddress(bound.address));
    if (isWildcard(bound.address)) for (const a of interfaceAddresses()) this.hosts.add(a);
  }

  /** The endpoint to advertise; throws if the protocol was never started (a wiring bug). */
  endpoint(protocol: Protocol): Endpoint {
    const endpoint = this.advertised.get(protocol);
    if (!endpoint) throw new Error(`transport: ${protocol} is not configured or not started`);
    return { ...endpoint };
  }

  has(protocol: Protocol): boolean {
    return this.advertised.has(protocol);
  }

  /** RFC 3261 §18.1.2: does this top Via's sent-by name us? */
  ownsSentBy(via: Via): boolean {
    const protocol = viaProtocol(via);
    if (!protocol) return false;
    const port = via.port ?? defaultPort(protocol);
    return (this.ports.get(protocol)?.has(port) ?? false) && this.hosts.has(normalizeAddress(via.host));
  }
}

function interfaceAddresses(): string[] {
  const out: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const info of list ?? []) out.push(normalizeAddress(info.address));
  }
  return out;
}

/** For a wildcard bind: the first external address of the family (IPv4 first for "::"), else loopback. */
function guessAddress(wildcard: string): string {
  const families = ipFamily(wildcard) === 4 ? ["IPv4"] : ["IPv4", "IPv6"];
  for (const family of families) {
    for (const list of Object.values(networkInterfaces())) {
      const found = (list ?? []).find((i) => i.family === family && !i.internal);
      if (found) return found.address;
    }
  }
  return ipFamily(wildcard) === 4 ? "127.0.0.1" : "::1";
}
