/**
 * parseUri / formatUri: SIP and SIPS URIs with user, password, IPv6 hosts, ports,
 * parameters, headers and %-escapes (RFC 3261 §19.1), and tel URIs (RFC 3966).
 * Not covered: URI comparison rules (§19.1.4).
 */
import { describe, expect, it } from "vitest";
import { formatUri, parseUri, UNSUPPORTED_SCHEME } from "../../../../src/sip/message/index.js";
import type { SipUri } from "../../../../src/sip/message/index.js";

function uri(text: string): SipUri {
  const result = parseUri(text);
  if (!result.ok) throw new Error(`${text}: ${result.error}`);
  return result.value;
}

describe("parseUri", () => {
  it("reads every part of a full SIP URI", () => {
    expect(uri("sip:alice:secret@Atlanta.Example.COM:5070;transport=TCP;lr?subject=project%20x&priority=urgent")).toEqual({
      scheme: "sip", user: "alice", password: "secret", host: "atlanta.example.com", port: 5070,
      params: { transport: "TCP", lr: null }, headers: { subject: "project x", priority: "urgent" },
    });
  });

  it("handles IPv6 references with and without a port", () => {
    expect(uri("sips:[2001:db8::1]:5061").host).toBe("2001:db8::1");
    expect(uri("sips:[2001:db8::1]:5061").port).toBe(5061);
    expect(uri("sip:bob@[::1]").port).toBeUndefined();
  });

  it("decodes escapes in the user part, including ones that look like delimiters", () => {
    expect(uri("sip:sips%3Auser%40example.com@example.net").user).toBe("sips:user@example.com");
    expect(uri("sip:null-%00-null@example.com").user).toBe("null-\u0000-null");
  });

  it("keeps a semicolon in the user part (RFC 4475 §3.1.1.9)", () => {
    const parsed = uri("sip:user;par=u%40example.net@example.com;maddr=192.0.2.1");
    expect(parsed.user).toBe("user;par=u@example.net");
    expect(parsed.params).toEqual({ maddr: "192.0.2.1" });
  });

  it("reads tel URIs with the number in user", () => {
    expect(uri("tel:+1-201-555-0123;phone-context=example.com")).toMatchObject({ scheme: "tel", user: "+1-201-555-0123", host: "", params: { "phone-context": "example.com" } });
    expect(uri("tel:7042;phone-context=+1-201").user).toBe("7042");
  });

  it("rejects malformed URIs and reports unknown schemes apart", () => {
    for (const bad of ["sip:", "sip:@host", "sip:user@", "sip:host:99999", "sip:a@b;;x", "sip:a b@c", "sip:%zz@host", "tel:", "nocolon"]) {
      expect(parseUri(bad).ok, bad).toBe(false);
    }
    expect(parseUri("http://example.com/")).toEqual({ ok: false, error: UNSUPPORTED_SCHEME });
  });
});

describe("formatUri", () => {
  it("escapes what a user part may not hold and round-trips", () => {
    const parsed = uri("sip:sips%3Auser%40example.com@example.net");
    expect(formatUri(parsed)).toBe("sip:sips%3Auser%40example.com@example.net");
    expect(uri(formatUri(parsed))).toEqual(parsed);
  });

  it("writes brackets around IPv6 and keeps parameter order", () => {
    const text = "sip:bob@[2001:db8::9]:5060;transport=tcp;lr;ob";
    expect(formatUri(uri(text))).toBe(text);
  });

  it("writes headers and tel URIs", () => {
    expect(formatUri(uri("sip:a@b?Route=%3Csip:example.com%3E"))).toBe("sip:a@b?Route=%3Csip:example.com%3E");
    expect(formatUri(uri("tel:+1-201-555-0123"))).toBe("tel:+1-201-555-0123");
  });
});
