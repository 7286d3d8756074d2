/**
 * locate() against a scripted resolver, one RFC 3263 branch per test: numeric
 * hosts (IPv4, IPv6), explicit ports (§4.2, no SRV), transport parameters, NAPTR
 * ordering and filtering (§4.1), SRV without NAPTR, the A/AAAA fallback, sips,
 * maddr, SRV weights with a fixed random source, and a failure at each DNS stage
 * falling through to the next. Not covered: the real resolver (resolver.test.ts)
 * and failover between the returned targets (the UA core's job).
 */
import { describe, expect, it } from "vitest";
import { parseUri, type SipUri } from "../../../../src/sip/message/index.js";
import type { Protocol } from "../../../../src/sip/transport/types.js";
import { locate, type LocateOptions } from "../../../../src/sip/locate/locator.js";
import type { NaptrRecord } from "../../../../src/sip/locate/resolver.js";
import { FakeDnsResolver } from "../../../../src/sip/locate/testing/fake-resolver.js";

function uri(text: string): SipUri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(`test URI ${text}: ${parsed.error}`);
  return parsed.value;
}

const ALL: Protocol[] = ["udp", "tcp", "tls"];

function run(text: string, dns: FakeDnsResolver, options: Partial<LocateOptions> = {}) {
  return locate(uri(text), { resolver: dns, supported: ALL, random: () => 0, ...options });
}

/** Endpoints as "protocol address:port" strings, for readable expectations. */
async function targets(text: string, dns: FakeDnsResolver, options: Partial<LocateOptions> = {}): Promise<string[]> {
  return (await run(text, dns, options)).map((e) => `${e.protocol} ${e.address}:${e.port}`);
}

function naptr(order: number, preference: number, service: string, replacement: string, flags = "s"): NaptrRecord {
  return { order, preference, service, replacement, flags, regexp: "" };
}

/** A domain with the full RFC 3263 chain for all three transports. */
function fullZone(): FakeDnsResolver {
  return new FakeDnsResolver()
    .naptr("example.net",
      naptr(90, 50, "SIP+D2T", "_sip._tcp.example.net"),
      naptr(100, 50, "SIP+D2U", "_sip._udp.example.net"),
      naptr(50, 50, "SIPS+D2T", "_sips._tcp.example.net"))
    .srv("_sips._tcp.example.net", { priority: 10, weight: 0, port: 5061, name: "tls.example.net" })
    .srv("_sip._tcp.example.net", { priority: 10, weight: 0, port: 5060, name: "tcp.example.net" })
    .srv("_sip._udp.example.net", { priority: 10, weight: 0, port: 5060, name: "udp.example.net" })
    .a("tls.example.net", "192.0.2.3").a("tcp.example.net", "192.0.2.2").a("udp.example.net", "192.0.2.1")
    .a("example.net", "192.0.2.99");
}

describe("locate: numeric hosts and explicit ports", () => {
  it("uses a numeric IPv4 or IPv6 host as is, with the URI port or the transport default, asking no DNS", async () => {
    const dns = new FakeDnsResolver();
    expect(await targets("sip:192.0.2.7", dns)).toEqual(["udp 192.0.2.7:5060"]);
    expect(await targets("sip:192.0.2.7:5080;transport=tcp", dns)).toEqual(["tcp 192.0.2.7:5080"]);
    expect(await targets("sip:[2001:db8::7]:5062", dns)).toEqual(["udp 2001:db8::7:5062"]);
    expect(await run("sips:[2001:db8::7]", dns)).toEqual([{ protocol: "tls", address: "2001:db8::7", port: 5061 }]);
    expect(dns.queries).toEqual([]);
  });

  it("with an explicit port looks up A and AAAA only, never NAPTR or SRV (§4.2)", async () => {
    const dns = fullZone().aaaa("example.net", "2001:db8::99");
    expect(await targets("sip:example.net:5070", dns)).toEqual(["udp 192.0.2.99:5070", "udp 2001:db8::99:5070"]);
    expect(dns.queries).toEqual(["A example.net", "AAAA example.net"]);
    expect(await targets("sip:example.net:5070;transport=tcp", dns)).toEqual(["tcp 192.0.2.99:5070", "tcp 2001:db8::99:5070"]);
  });

  it("orders address families as configured", async () => {
    const dns = new FakeDnsResolver().a("example.net", "192.0.2.1").aaaa("example.net", "2001:db8::1");
    expect(await targets("sip:example.net:5060", dns, { families: [6, 4] })).toEqual(["udp 2001:db8::1:5060", "udp 192.0.2.1:5060"]);
    expect(await targets("sip:example.net:5060", dns, { families: [4] })).toEqual(["udp 192.0.2.1:5060"]);
  });

  it("lets maddr replace the host", async () => {
    expect(await targets("sip:alice@example.net;maddr=198.51.100.4", fullZone())).toEqual(["udp 198.51.100.4:5060"]);
  });
});

describe("locate: NAPTR and SRV (§4.1)", () => {
  it("follows NAPTR order, SRV, then A for each target; TLS endpoints name the URI's domain", async () => {
    const dns = fullZone();
    const found = await run("sip:example.net", dns);
    expect(found).toEqual([
      { protocol: "tls", address: "192.0.2.3", port: 5061, serverName: "example.net" },
      { protocol: "tcp", address: "192.0.2.2", port: 5060 },
      { protocol: "udp", address: "192.0.2.1", port: 5060 },
    ]);
    expect(dns.queries.slice(0, 4)).toEqual(["NAPTR example.net", "SRV _sips._tcp.example.net", "SRV _sip._tcp.example.net", "SRV _sip._udp.example.net"]);
  });

  it("drops NAPTR services we do not support, and non-terminal or unknown records", async () => {
    const dns = fullZone().naptr("example.net", naptr(1, 1, "SIP+D2U", "other.example.net", "a"), naptr(1, 1, "SIP+D2S", "_sip._sctp.example.net"));
    expect(await targets("sip:example.net", dns, { supported: ["udp"] })).toEqual(["udp 192.0.2.1:5060"]);
  });

  it("breaks NAPTR order ties by preference", async () => {
    const dns = new FakeDnsResolver()
      .naptr("example.net", naptr(10, 20, "SIP+D2U", "_sip._udp.example.net"), naptr(10, 10, "SIP+D2T", "_sip._tcp.example.net"))
      .srv("_sip._udp.example.net", { priority: 0, weight: 0, port: 5060, name: "u.example.net" })
      .srv("_sip._tcp.example.net", { priority: 0, weight: 0, port: 5060, name: "t.example.net" })
      .a("u.example.net", "192.0.2.1").a("t.example.net", "192.0.2.2");
    expect(await targets("sip:example.net", dns)).toEqual(["tcp 192.0.2.2:5060", "udp 192.0.2.1:5060"]);
  });

  it("for sips: uses only SIPS+D2T and TLS", async () => {
    expect(await run("sips:example.net", fullZone())).toEqual([{ protocol: "tls", address: "192.0.2.3", port: 5061, serverName: "example.net" }]);
    expect(await targets("sips:example.net", fullZone(), { supported: ["udp", "tcp"] })).toEqual([]);
  });

  it("without NAPTR, asks SRV for each supported transport in our order of preference", async () => {
    const dns = new FakeDnsResolver()
      .srv("_sip._udp.example.net", { priority: 0, weight: 0, port: 5060, name: "u.example.net" })
      .srv("_sip._tcp.example.net", { priority: 0, weight: 0, port: 5070, name: "t.example.net" })
      .a("u.example.net", "192.0.2.1").a("t.example.net", "192.0.2.2").a("example.net", "192.0.2.99");
    expect(await targets("sip:example.net", dns, { supported: ["tcp", "udp"] })).toEqual(["tcp 192.0.2.2:5070", "udp 192.0.2.1:5060"]);
    expect(dns.queries.slice(0, 3)).toEqual(["NAPTR example.net", "SRV _sip._tcp.example.net", "SRV _sip._udp.example.net"]);
  });

  it("with ;transport= skips NAPTR and asks SRV for that transport only", async () => {
    const dns = fullZone();
    expect(await targets("sip:example.net;transport=tcp", dns)).toEqual(["tcp 192.0.2.2:5060"]);
    expect(dns.queries).toEqual(["SRV _sip._tcp.example.net", "A tcp.example.net", "AAAA tcp.example.net"]);
    expect(await targets("sips:example.net;transport=tcp", fullZone())).toEqual(["tls 192.0.2.3:5061"]);
  });

  it("falls back to A/AAAA at the default port and transport when there is no SRV", async () => {
    const dns = new FakeDnsResolver().a("example.net", "192.0.2.99");
    expect(await targets("sip:example.net", dns)).toEqual(["udp 192.0.2.99:5060"]);
    expect(await run("sips:example.net", dns)).toEqual([{ protocol: "tls", address: "192.0.2.99", port: 5061, serverName: "example.net" }]);
    expect(await targets("sip:example.net;transport=tcp", dns)).toEqual(["tcp 192.0.2.99:5060"]);
    expect(await targets("sip:example.net", dns, { defaultProtocol: "tcp" })).toEqual(["tcp 192.0.2.99:5060"]);
    expect(await targets("sip:example.net", dns, { supported: ["tls"] })).toEqual(["tls 192.0.2.99:5061"]);
  });

  it("orders SRV targets by priority, then by weight with the given random source", async () => {
    const dns = new FakeDnsResolver()
      .srv("_sip._udp.example.net",
        { priority: 20, weight: 0, port: 5060, name: "backup.example.net" },
        { priority: 10, weight: 10, port: 5060, name: "light.example.net" },
        { priority: 10, weight: 90, port: 5060, name: "heavy.example.net" })
      .a("backup.example.net", "192.0.2.9").a("light.example.net", "192.0.2.1").a("heavy.example.net", "192.0.2.2");
    // random 0 picks the first running sum >= 0 (light, listed first); 0.5 lands in heavy's share.
    expect(await targets("sip:example.net", dns, { random: () => 0 })).toEqual(["udp 192.0.2.1:5060", "udp 192.0.2.2:5060", "udp 192.0.2.9:5060"]);
    expect(await targets("sip:example.net", dns, { random: () => 0.5 })).toEqual(["udp 192.0.2.2:5060", "udp 192.0.2.1:5060", "udp 192.0.2.9:5060"]);
  });
});

describe("locate: failures fall through to the next step", () => {
  it("NAPTR timeout → SRV; SRV failure → A; AAAA without data → IPv4 only", async () => {
    const dns = fullZone().fail("NAPTR", "example.net", "ETIMEOUT").fail("SRV", "_sip._udp.example.net", "ESERVFAIL");
    expect(await targets("sip:example.net", dns, { supported: ["udp"] })).toEqual(["udp 192.0.2.99:5060"]);
    expect(dns.queries).toEqual(["NAPTR example.net", "SRV _sip._udp.example.net", "A example.net", "AAAA example.net"]);
  });

  it("skips an SRV target that does not resolve and keeps the others", async () => {
    const dns = new FakeDnsResolver()
      .srv("_sip._udp.example.net", { priority: 1, weight: 0, port: 5060, name: "gone.example.net" }, { priority: 2, weight: 0, port: 5062, name: "ok.example.net" })
      .a("ok.example.net", "192.0.2.5");
    expect(await targets("sip:example.net", dns, { supported: ["udp"] })).toEqual(["udp 192.0.2.5:5062"]);
  });

  it("tries direct SRV when NAPTR points at SRV names that do not exist", async () => {
    const dns = new FakeDnsResolver()
      .naptr("example.net", naptr(1, 1, "SIP+D2U", "_sip._udp.missing.example.net"))
      .srv("_sip._udp.example.net", { priority: 0, weight: 0, port: 5060, name: "u.example.net" })
      .a("u.example.net", "192.0.2.1");
    expect(await targets("sip:example.net", dns, { supported: ["udp"] })).toEqual(["udp 192.0.2.1:5060"]);
  });

  it("treats an SRV target of '.' as 'no service here' and does not fall back to A", async () => {
    const dns = new FakeDnsResolver().srv("_sip._udp.example.net", { priority: 0, weight: 0, port: 0, name: "." }).a("example.net", "192.0.2.99");
    expect(await targets("sip:example.net", dns, { supported: ["udp"] })).toEqual([]);
  });

  it("returns nothing for a name that does not exist, a tel: URI or an unusable transport", async () => {
    const dns = fullZone();
    expect(await targets("sip:nowhere.example", dns)).toEqual([]);
    expect(await targets("tel:+15551234567", dns)).toEqual([]);
    expect(await targets("sips:example.net;transport=udp", dns)).toEqual([]);
    expect(await targets("sip:example.net;transport=sctp", dns)).toEqual([]);
    expect(await targets("sip:example.net;transport=tls", dns, { supported: ["udp"] })).toEqual([]);
  });

  it("drops duplicates and caps the list", async () => {
    const many = Array.from({ length: 40 }, (_, i) => `192.0.2.${i + 1}`);
    const dns = new FakeDnsResolver().a("example.net", ...many, "192.0.2.1", "not-an-address");
    const found = await targets("sip:example.net:5060", dns, { maxTargets: 5 });
    expect(found).toEqual(many.slice(0, 5).map((a) => `udp ${a}:5060`));
  });
});
