/**
 * SystemDnsResolver (node:dns/promises) against a tiny DNS server this test runs
 * on 127.0.0.1: each record type decoded from the real wire format, the error
 * codes the locator relies on (ENOTFOUND, ENODATA, ETIMEOUT), and one full
 * RFC 3263 locate() over real DNS. Not covered: the system's own resolv.conf.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseUri } from "../../../../src/sip/message/index.js";
import { locate } from "../../../../src/sip/locate/locator.js";
import { SystemDnsResolver } from "../../../../src/sip/locate/resolver.js";
import { TinyDnsServer } from "./tiny-dns-server.js";

let server: TinyDnsServer;
let resolver: SystemDnsResolver;

beforeAll(async () => {
  server = await TinyDnsServer.start({
    names: {
      "example.test": {
        NAPTR: [
          { order: 10, preference: 50, flags: "S", service: "SIP+D2T", regexp: "", replacement: "_sip._tcp.example.test" },
          { order: 20, preference: 50, flags: "S", service: "SIP+D2U", regexp: "", replacement: "_sip._udp.example.test" },
        ],
        A: ["192.0.2.80"],
      },
      "_sip._tcp.example.test": { SRV: [{ priority: 10, weight: 5, port: 5070, name: "pbx.example.test" }] },
      "_sip._udp.example.test": { SRV: [{ priority: 10, weight: 5, port: 5060, name: "pbx.example.test" }] },
      "pbx.example.test": { A: ["192.0.2.10", "192.0.2.11"], AAAA: ["2001:db8::10", "2001:db8:0:1::ab"] },
    },
    silent: ["slow.example.test"],
  });
  resolver = new SystemDnsResolver({ servers: [server.address], timeoutMs: 200, tries: 1 });
});

afterAll(async () => {
  resolver.cancel();
  await server.close();
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe("SystemDnsResolver against a local DNS server", () => {
  it("decodes NAPTR, SRV, A and AAAA answers", async () => {
    expect(await resolver.resolveNaptr("example.test")).toEqual([
      { flags: "S", service: "SIP+D2T", regexp: "", replacement: "_sip._tcp.example.test", order: 10, preference: 50 },
      { flags: "S", service: "SIP+D2U", regexp: "", replacement: "_sip._udp.example.test", order: 20, preference: 50 },
    ]);
    expect(await resolver.resolveSrv("_sip._tcp.example.test")).toEqual([{ priority: 10, weight: 5, port: 5070, name: "pbx.example.test" }]);
    expect(await resolver.resolve4("pbx.example.test")).toEqual(["192.0.2.10", "192.0.2.11"]);
    expect(await resolver.resolve6("pbx.example.test")).toEqual(["2001:db8::10", "2001:db8:0:1::ab"]);
    expect(server.queries).toContain("NAPTR example.test");
  });

  it("rejects with ENOTFOUND for an unknown name and ENODATA for a missing type", async () => {
    expect(await failure(resolver.resolve4("nowhere.example.test"))).toBe("ENOTFOUND");
    expect(await failure(resolver.resolveSrv("pbx.example.test"))).toBe("ENODATA");
  });

  it("rejects with ETIMEOUT when the server never answers", async () => {
    expect(await failure(resolver.resolve4("slow.example.test"))).toBe("ETIMEOUT");
  });

  it("locates sip:example.test through NAPTR, SRV and A/AAAA on the wire", async () => {
    const target = parseUri("sip:example.test");
    if (!target.ok) throw new Error(target.error);
    const found = await locate(target.value, { resolver, supported: ["udp", "tcp"], random: () => 0 });
    expect(found.map((e) => `${e.protocol} ${e.address}:${e.port}`)).toEqual([
      "tcp 192.0.2.10:5070", "tcp 192.0.2.11:5070", "tcp 2001:db8::10:5070", "tcp 2001:db8:0:1::ab:5070",
      "udp 192.0.2.10:5060", "udp 192.0.2.11:5060", "udp 2001:db8::10:5060", "udp 2001:db8:0:1::ab:5060",
    ]);
  });
});
