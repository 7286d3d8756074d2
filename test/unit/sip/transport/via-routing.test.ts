/**
 * The top-Via rules without sockets: the received/rport stamp on arrival
 * (RFC 3261 §18.2.1, RFC 3581 §4) touches only the first Via element, whether
 * it shares a field with others or not; where responses go (§18.2.2, RFC 3581);
 * the §18.1.1 Via rewrite for TCP copies instead of mutating; which sent-by
 * values count as ours (§18.1.2). Does not cover sending (udp/tcp tests).
 */
import { describe, expect, it } from "vitest";
import { topVia } from "../../../../src/sip/message/index.js";
import type { SipMessage } from "../../../../src/sip/message/index.js";
import { viaOverTcp } from "../../../../src/sip/transport/large-request.js";
import { LocalIdentity } from "../../../../src/sip/transport/local-identity.js";
import { responseTarget, stampReceived } from "../../../../src/sip/transport/via-routing.js";
import { asRequest, parse, requestText } from "./helpers.js";

function withVias(...fields: string[]): SipMessage {
  const [first, ...rest] = fields;
  return parse(requestText({ via: first!, extra: rest.map((v) => `Via: ${v}`) }));
}

describe("stampReceived", () => {
  it("fills an empty rport and adds received even when the host matches", () => {
    const m = withVias("SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK1;rport");
    expect(stampReceived(m, { address: "10.0.0.5", port: 40000 })).toBe(true);
    expect(topVia(m)!.params).toMatchObject({ rport: "40000", received: "10.0.0.5", branch: "z9hG4bK1" });
  });

  it("keeps an rport that already has a value", () => {
    const m = withVias("SIP/2.0/UDP 10.0.0.5;branch=z9hG4bK1;rport=7000");
    stampReceived(m, { address: "10.0.0.5", port: 40000 });
    expect(topVia(m)!.params["rport"]).toBe("7000");
    expect(topVia(m)!.params["received"]).toBeUndefined();
  });

  it("compares IPv6 addresses by value, not spelling", () => {
    const m = withVias("SIP/2.0/UDP [0:0:0:0:0:0:0:1]:5060;branch=z9hG4bK1");
    stampReceived(m, { address: "::1", port: 5060 });
    expect(topVia(m)!.params["received"]).toBeUndefined();
  });

  it("changes only the first element of a field holding several, and no other field", () => {
    const m = withVias("SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP b.example.com;branch=z9hG4bK2", "SIP/2.0/TCP c.example.com;branch=z9hG4bK3");
    stampReceived(m, { address: "192.0.2.1", port: 5060 });
    const fields = m.headers.getAll("Via");
    expect(fields).toHaveLength(2);
    expect(fields[0]).toMatch(/^SIP\/2\.0\/UDP a\.example\.com;branch=z9hG4bK1;received=192\.0\.2\.1, SIP\/2\.0\/UDP b\.example\.com;branch=z9hG4bK2$/);
    expect(fields[1]).toBe("SIP/2.0/TCP c.example.com;branch=z9hG4bK3");
  });

  it("keeps the first of several Via fields first", () => {
    const m = withVias("SIP/2.0/UDP a.example.com;branch=z9hG4bK1", "SIP/2.0/UDP b.example.com;branch=z9hG4bK2");
    stampReceived(m, { address: "192.0.2.1", port: 5060 });
    expect(m.headers.getAll("Via")).toEqual([
      "SIP/2.0/UDP a.example.com;branch=z9hG4bK1;received=192.0.2.1",
      "SIP/2.0/UDP b.example.com;branch=z9hG4bK2",
    ]);
  });
});

describe("responseTarget", () => {
  const target = (via: string, protocol: "udp" | "tcp" | "tls" = "udp"): unknown => responseTarget(withVias(via), protocol);

  it("prefers received and rport over the sent-by (UDP)", () => {
    expect(target("SIP/2.0/UDP phone.example.com:5070;branch=z9hG4bK1;received=192.0.2.8;rport=40001")).toEqual({ address: "192.0.2.8", port: 40001 });
  });

  it("falls back to the sent-by port, then to 5060 or 5061", () => {
    expect(target("SIP/2.0/UDP 192.0.2.8:5070;branch=z9hG4bK1")).toEqual({ address: "192.0.2.8", port: 5070 });
    expect(target("SIP/2.0/UDP 192.0.2.8;branch=z9hG4bK1")).toEqual({ address: "192.0.2.8", port: 5060 });
    expect(target("SIP/2.0/TLS 192.0.2.8;branch=z9hG4bK1", "tls")).toEqual({ address: "192.0.2.8", port: 5061 });
  });

  it("ignores rport on a reliable transport (§18.2.2 uses received and the sent-by port)", () => {
    expect(target("SIP/2.0/TCP 192.0.2.8:5070;branch=z9hG4bK1;rport=40001", "tcp")).toEqual({ address: "192.0.2.8", port: 5070 });
  });

  it("gives up on a host name it would have to resolve", () => {
    expect(target("SIP/2.0/UDP phone.example.com;branch=z9hG4bK1")).toBeUndefined();
  });
});

describe("viaOverTcp", () => {
  it("returns a copy naming TCP and our TCP endpoint", () => {
    const original = asRequest(withVias("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport", "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK0"));
    const copy = viaOverTcp(original, { protocol: "tcp", address: "192.0.2.1", port: 5062 })!;
    expect(copy.headers.getAll("Via")).toEqual(["SIP/2.0/TCP 192.0.2.1:5062;branch=z9hG4bK1;rport", "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK0"]);
    expect(original.headers.get("Via")).toBe("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;rport");
  });
});

describe("LocalIdentity.ownsSentBy", () => {
  const identity = new LocalIdentity();
  identity.add("udp", { address: "192.0.2.1", port: 5060 });
  identity.add("tcp", { address: "192.0.2.1", port: 5062 }, "203.0.113.7");
  const owns = (via: string): boolean => identity.ownsSentBy(topVia(withVias(via))!);

  it("accepts our address with the port of the Via's transport, the default port included", () => {
    expect(owns("SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1")).toBe(true);
    expect(owns("SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1")).toBe(true);
    expect(owns("SIP/2.0/TCP 203.0.113.7:5062;branch=z9hG4bK1")).toBe(true);
  });

  it("refuses another host, another port, or a port of another transport", () => {
    expect(owns("SIP/2.0/UDP 192.0.2.2:5060;branch=z9hG4bK1")).toBe(false);
    expect(owns("SIP/2.0/UDP 192.0.2.1:5070;branch=z9hG4bK1")).toBe(false);
    expect(owns("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK1")).toBe(false);
    expect(owns("SIP/2.0/SCTP 192.0.2.1:5060;branch=z9hG4bK1")).toBe(false);
  });

  it("advertises the configured address", () => {
    expect(identity.endpoint("tcp")).toEqual({ protocol: "tcp", address: "203.0.113.7", port: 5062 });
    expect(() => identity.endpoint("tls")).toThrow(/not configured/);
  });
});
