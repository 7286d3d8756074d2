/**
 * Binding one listener per address family. A wildcard "::" becomes two sockets,
 * an IPv6-only "::" and an IPv4 "0.0.0.0", on the same port, so every source
 * address arrives in its own family instead of as an IPv4-mapped IPv6 address.
 * With port 0 the first socket picks the port and the second must get the same
 * one; if another program holds it on the other family, both are released and
 * the pair is tried again, a bounded number of times.
 */
import { ipFamily, isWildcard, normalizeAddress } from "./address.js";

export interface BindSpec {
  address: string;
  family: 4 | 6;
  ipv6Only: boolean;
}

/** Throws for an address that is not an IP literal (a configuration error). */
export function bindSpecs(address: string): BindSpec[] {
  const family = ipFamily(address);
  if (family === undefined) throw new Error(`transport: bind address must be an IP literal, not "${address}"`);
  if (isWildcard(address) && family === 6) {
    return [{ address: "::", family: 6, ipv6Only: true }, { address: "0.0.0.0", family: 4, ipv6Only: false }];
  }
  return [{ address: normalizeAddress(address), family, ipv6Only: family === 6 }];
}

export interface Bound<H> {
  handle: H;
  port: number;
}

const ATTEMPTS = 8;

/** Binds every spec on one port (the first socket's, when `port` is 0). */
export async function bindSamePort<H>(
  specs: BindSpec[],
  port: number,
  bindOne: (spec: BindSpec, port: number) => Promise<Bound<H>>,
  release: (handle: H) => Promise<void>,
): Promise<Array<Bound<H> & { spec: BindSpec }>> {
  for (let attempt = 1; ; attempt++) {
    const bound: Array<Bound<H> & { spec: BindSpec }> = [];
    try {
      for (const spec of specs) {
        const wanted = bound.length === 0 ? port : bound[0]!.port;
        bound.push({ ...(await bindOne(spec, wanted)), spec });
      }
      return bound;
    } catch (error) {
      await Promise.all(bound.map((b) => release(b.handle)));
      const retry = port === 0 && attempt < ATTEMPTS && (error as NodeJS.ErrnoException).code === "EADDRINUSE";
      if (!retry) throw error;
    }
  }
}
