/**
 * Locating SIP servers (RFC 3263 §4): from a SIP/SIPS URI to the ordered list of
 * transport endpoints to try. The UA core tries them in order and fails over on
 * timeout, 503 or transport error (§4.3); this file only builds the list.
 *
 *   numeric host ─────────────────────────────→ that address, URI port or default
 *   explicit port ───────────────────────────→ A/AAAA of the host (§4.2: no SRV)
 *   transport param ─→ SRV for that transport ─→ A/AAAA per SRV target
 *   otherwise ─→ NAPTR ─→ SRV per usable record ─→ A/AAAA per SRV target
 *          no usable NAPTR / no SRV found there ─→ SRV per supported transport
 *                                      no SRV ─→ A/AAAA, default transport and port
 *
 * TLS server identity (RFC 5922 §4): every tls endpoint carries `serverName`, the
 * domain from the URI (never an SRV or NAPTR target), undefined for a numeric host.
 * Never throws; an empty list means nothing usable was found.
 */
import { isIP } from "node:net";
import { formatUri, type SipUri } from "../message/index.js";
import type { Endpoint, Protocol } from "../transport/types.js";
import { silentLogs, type Logger } from "../../util/log.js";
import type { DnsResolver, SrvRecord } from "./resolver.js";
import { orderSrv } from "./srv-order.js";

export interface LocateOptions {
  resolver: DnsResolver;
  /** Protocols we can use, most preferred first; the order also ranks SRV-only results. */
  supported: readonly Protocol[];
  /**
   * The transport where RFC 3263 falls back to a default (numeric host, explicit
   * port, no SRV). Default udp for sip:, tls for sips:; for sips: only tls is allowed.
   */
  defaultProtocol?: Protocol;
  /** Address families looked up per host name, in this order (default [4, 6]: IPv4 first). */
  families?: readonly (4 | 6)[];
  /** Uniform random number in [0, 1) for RFC 2782 weights (default Math.random). */
  random?: () => number;
  /** At most this many endpoints are returned (default 16), bounding hostile DNS answers. */
  maxTargets?: number;
  logger?: Logger;
}

/** RFC 3263 §4.1 NAPTR services and their transports. */
const NAPTR_SERVICES: Record<string, Protocol> = { "sip+d2u": "udp", "sip+d2t": "tcp", "sips+d2t": "tls" };
/** RFC 3263 §4.2: the SRV service for each transport ("_sips" for TLS, also for sip: URIs). */
const SRV_PREFIX: Record<Protocol, string> = { udp: "_sip._udp.", tcp: "_sip._tcp.", tls: "_sips._tcp." };
/** RFC 3261 §19.1.2 default ports. */
export const DEFAULT_PORTS: Record<Protocol, number> = { udp: 5060, tcp: 5060, tls: 5061 };

/** The ordered endpoints to try for a request whose next hop is `uri`. */
export async function locate(uri: SipUri, options: LocateOptions): Promise<Endpoint[]> {
  return new Locator(uri, options).run();
}

class Locator {
  private readonly sips: boolean;
  private readonly target: string;
  private readonly log: Logger;
  private readonly protocols: readonly Protocol[];

  constructor(private readonly uri: SipUri, private readonly options: LocateOptions) {
    this.sips = uri.scheme === "sips";
    // RFC 3263 §4: maddr, when present, replaces the host as the TARGET.
    this.target = (uri.params.maddr ?? uri.host).replace(/^\[(.*)\]$/, "$1").toLowerCase();
    this.log = options.logger ?? silentLogs.get("sip.locate");
    // RFC 3261 §26.2: a sips: URI is only ever reached over TLS.
    this.protocols = options.supported.filter((p) => !this.sips || p === "tls");
  }

  async run(): Promise<Endpoint[]> {
    if (this.uri.scheme === "tel" || this.target === "") return [];
    const explicit = this.explicitProtocol();
    if (explicit === null) return [];
    const found = await this.find(explicit);
    const out = dedupe(found).slice(0, this.options.maxTargets ?? 16);
    this.log.debug(`${this.target}: ${out.map((e) => `${e.protocol}:${e.address}:${e.port}`).join(" ") || "nothing found"}`);
    return out;
  }

  private async find(explicit: Protocol | undefined): Promise<Endpoint[]> {
    const fallback = explicit ?? this.defaultProtocol();
    if (isIP(this.target)) {
      // RFC 3263 §4.1/§4.2: a numeric TARGET is used as is.
      if (!fallback) return [];
      return [this.endpoint(fallback, this.target, this.uri.port ?? DEFAULT_PORTS[fallback])];
    }
    if (this.uri.port !== undefined) {
      // RFC 3263 §4.2: an explicit port means A/AAAA only, no SRV.
      return fallback ? this.addresses(this.target, fallback, this.uri.port) : [];
    }
    const viaSrv = explicit
      ? await this.srvTargets([explicit])  // §4.2: SRV for the transport the URI names
      : await this.naptrOrSrv();
    if (viaSrv.found) return viaSrv.endpoints;
    // RFC 3263 §4.2: no SRV records at all: A/AAAA of the domain at the default port.
    return fallback ? this.addresses(this.target, fallback, DEFAULT_PORTS[fallback]) : [];
  }

  /** RFC 3263 §4.1: NAPTR first; without usable records, SRV for each supported transport. */
  private async naptrOrSrv(): Promise<{ found: boolean; endpoints: Endpoint[] }> {
    const records = await this.query("NAPTR", this.target, (r) => r.resolveNaptr(this.target));
    const usable = records
      .filter((r) => r.flags.toLowerCase() === "s" && r.regexp === "" && r.replacement !== "")
      .map((r) => ({ record: r, protocol: NAPTR_SERVICES[r.service.toLowerCase()] }))
      .filter((r): r is { record: typeof r.record; protocol: Protocol } => r.protocol !== undefined && this.protocols.includes(r.protocol))
      .sort((a, b) => a.record.order - b.record.order || a.record.preference - b.record.preference ||
        this.protocols.indexOf(a.protocol) - this.protocols.indexOf(b.protocol));
    if (usable.length > 0) {
      const viaNaptr = await this.resolveSrvSets(usable.map((u) => ({ protocol: u.protocol, name: u.record.replacement })));
      if (viaNaptr.found) return viaNaptr;
      this.log.debug(`${this.target}: NAPTR led to no SRV records, trying SRV directly`);
    }
    return this.srvTargets(this.protocols);
  }

  /** SRV queries named after the URI's domain, one per transport, in the given order. */
  private srvTargets(protocols: readonly Protocol[]): Promise<{ found: boolean; endpoints: Endpoint[] }> {
    return this.resolveSrvSets(protocols.map((protocol) => ({ protocol, name: SRV_PREFIX[protocol] + this.target })));
  }

  /**
   * Queries each SRV name and expands every record, in RFC 2782 order, to its
   * addresses. `found` is true when any SRV record existed, even one saying the
   * service is not offered (target "."), which rules out the A/AAAA fallback.
   */
  private async resolveSrvSets(sets: { protocol: Protocol; name: string }[]): Promise<{ found: boolean; endpoints: Endpoint[] }> {
    const answers = await Promise.all(sets.map((s) => this.query("SRV", s.name, (r) => r.resolveSrv(s.name))));
    const random = this.options.random ?? Math.random;
    const limit = this.options.maxTargets ?? 16;
    const picks: { protocol: Protocol; record: SrvRecord }[] = [];
    sets.forEach((set, i) => {
      // RFC 2782: a lone "." target means the service is decidedly not available here.
      const records = answers[i]!.filter((r) => r.name !== "" && r.name !== ".");
      for (const record of orderSrv(records, random)) picks.push({ protocol: set.protocol, record });
    });
    const expanded = await Promise.all(
      picks.slice(0, limit).map((p) => this.addresses(p.record.name, p.protocol, p.record.port)),
    );
    return { found: answers.some((a) => a.length > 0), endpoints: expanded.flat() };
  }

  /** A and AAAA records of `host`, in the configured family order. */
  private async addresses(host: string, protocol: Protocol, port: number): Promise<Endpoint[]> {
    const name = host.replace(/\.$/, "");
    if (isIP(name)) return [this.endpoint(protocol, name, port)];
    const families = this.options.families ?? [4, 6];
    const lists = await Promise.all(families.map((family) => family === 4
      ? this.query("A", name, (r) => r.resolve4(name))
      : this.query("AAAA", name, (r) => r.resolve6(name))));
    return lists.flat().filter((a) => isIP(a) !== 0).map((address) => this.endpoint(protocol, address, port));
  }

  /** One DNS query; any failure (ENOTFOUND, ENODATA, ETIMEOUT, ...) counts as no records. */
  private async query<T>(type: string, name: string, ask: (resolver: DnsResolver) => Promise<T[]>): Promise<T[]> {
    try {
      const records = await ask(this.options.resolver);
      return Array.isArray(records) ? records : [];
    } catch (error) {
      const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : String(error);
      this.log.debug(`${type} ${name}: ${code}`);
      return [];
    }
  }

  private endpoint(protocol: Protocol, address: string, port: number): Endpoint {
    const domain = isIP(this.target) ? undefined : this.target;
    return protocol === "tls" && domain !== undefined ? { protocol, address, port, serverName: domain } : { protocol, address, port };
  }

  /**
   * The transport named by `;transport=` (RFC 3263 §4.1), undefined when absent,
   * null when it names one we cannot use (unsupported, or udp for sips:).
   */
  private explicitProtocol(): Protocol | undefined | null {
    const param = this.uri.params.transport;
    if (param === undefined || param === null) return undefined;
    const name = param.toLowerCase();
    const protocol: Protocol | undefined = this.sips
      ? (name === "tcp" || name === "tls" ? "tls" : undefined)
      : (name === "udp" || name === "tcp" || name === "tls" ? name : undefined);
    if (protocol && this.protocols.includes(protocol)) return protocol;
    this.log.warn(`${formatUri(this.uri)}: transport "${param}" is not usable here`);
    return null;
  }

  /** §4.1: UDP for sip:, TLS for sips: unless configured; else the first supported. */
  private defaultProtocol(): Protocol | undefined {
    const wanted = this.sips ? "tls" : this.options.defaultProtocol ?? "udp";
    return this.protocols.includes(wanted) ? wanted : this.protocols[0];
  }
}

function dedupe(endpoints: Endpoint[]): Endpoint[] {
  const seen = new Set<string>();
  return endpoints.filter((e) => {
    const key = `${e.protocol} ${e.address} ${e.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
