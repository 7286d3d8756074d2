/**
 * The DNS boundary used to locate SIP servers (RFC 3263). Shapes mirror
 * node:dns/promises so the real implementation is a thin wrapper.
 *
 * Semantics every implementation keeps: each method resolves with the records
 * of that type (possibly none) or rejects with an Error whose `code` says why,
 * as node:dns does: ENOTFOUND (no such name), ENODATA (name exists, no records of
 * that type), ETIMEOUT, ESERVFAIL, ECONNREFUSED, ... Callers treat every
 * rejection as "no records here" and move on to the next RFC 3263 step.
 */
import { Resolver } from "node:dns/promises";

export interface NaptrRecord {
  flags: string;
  service: string;
  regexp: string;
  replacement: string;
  order: number;
  preference: number;
}

export interface SrvRecord {
  priority: number;
  weight: number;
  port: number;
  name: string;
}

export interface DnsResolver {
  resolveNaptr(name: string): Promise<NaptrRecord[]>;
  resolveSrv(name: string): Promise<SrvRecord[]>;
  resolve4(name: string): Promise<string[]>;
  resolve6(name: string): Promise<string[]>;
}

export interface SystemDnsResolverOptions {
  /** Per-query timeout in milliseconds before a retry (node:dns `timeout`, default 2000). */
  timeoutMs?: number;
  /** Attempts per server before giving up with ETIMEOUT (node:dns `tries`, default 2). */
  tries?: number;
  /** Name servers as "ip" or "ip:port"; default: the system's (/etc/resolv.conf). */
  servers?: string[];
}

/** The system resolver through node:dns/promises (c-ares, not getaddrinfo). */
export class SystemDnsResolver implements DnsResolver {
  private readonly resolver: Resolver;

  constructor(options: SystemDnsResolverOptions = {}) {
    this.resolver = new Resolver({ timeout: options.timeoutMs ?? 2000, tries: options.tries ?? 2 });
    if (options.servers) this.resolver.setServers(options.servers);
  }

  resolveNaptr(name: string): Promise<NaptrRecord[]> {
    return this.resolver.resolveNaptr(name);
  }

  resolveSrv(name: string): Promise<SrvRecord[]> {
    return this.resolver.resolveSrv(name);
  }

  resolve4(name: string): Promise<string[]> {
    return this.resolver.resolve4(name);
  }

  resolve6(name: string): Promise<string[]> {
    return this.resolver.resolve6(name);
  }

  /** Abandons queries in flight; they reject with ECANCELLED. */
  cancel(): void {
    this.resolver.cancel();
  }
}
