/**
 * The outbound proxy setting in each form users write it (host, host:port,
 * [v6]:port, with ;params, full sip:/sips: URI, in <...>) becoming a loose-routing
 * SipUri, and bad input rejected as a value. Not covered: locating it (locator.test.ts).
 */
import { describe, expect, it } from "vitest";
import { parseOutboundProxy } from "../../../../src/sip/locate/outbound-proxy.js";

function parsed(text: string) {
  const result = parseOutboundProxy(text);
  if (!result.ok) throw new Error(result.error);
  const { scheme, host, port, params } = result.value;
  return { scheme, host, port, params: { ...params } };
}

describe("parseOutboundProxy", () => {
  it("accepts a bare host, host:port and host:port;transport", () => {
    expect(parsed("Proxy.Example.net")).toEqual({ scheme: "sip", host: "proxy.example.net", port: undefined, params: { lr: null } });
    expect(parsed(" proxy.example.net:5070 ")).toMatchObject({ host: "proxy.example.net", port: 5070 });
    expect(parsed("proxy.example.net:5070;transport=tcp")).toMatchObject({ port: 5070, params: { transport: "tcp", lr: null } });
  });

  it("accepts IPv6 in brackets and full URIs, with or without angle brackets", () => {
    expect(parsed("[2001:db8::1]:5080")).toMatchObject({ host: "2001:db8::1", port: 5080 });
    expect(parsed("<sips:edge.example.net;lr>")).toMatchObject({ scheme: "sips", host: "edge.example.net", params: { lr: null } });
    expect(parsed("SIP:192.0.2.1:5062;transport=udp")).toMatchObject({ scheme: "sip", host: "192.0.2.1", port: 5062 });
  });

  it("rejects what is not a SIP host", () => {
    for (const bad of ["", "   ", "<>", "http://proxy", "proxy:99999", "tel:+1555", "proxy example"]) {
      expect(parseOutboundProxy(bad).ok, bad).toBe(false);
    }
  });
});
