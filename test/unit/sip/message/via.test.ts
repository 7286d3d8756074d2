/**
 * parseVia / formatVia / topVia and parseCSeq: sent-protocol with LWS, IPv6
 * sent-by, rport/received/branch parameters, several values per field.
 * Not covered: Via-based response routing (the transport's job).
 */
import { describe, expect, it } from "vitest";
import { formatVia, parseCSeq, parseMessage, parseVia, topVia } from "../../../../src/sip/message/index.js";
import { OK_200 } from "./samples.js";

describe("parseVia", () => {
  it("reads protocol, transport, sent-by and parameters", () => {
    expect(parseVia("SIP/2.0/udp pc33.example.com:5060;branch=z9hG4bK776;rport;received=192.0.2.1")).toEqual({
      ok: true,
      value: [{ protocol: "SIP/2.0", transport: "UDP", host: "pc33.example.com", port: 5060, params: { branch: "z9hG4bK776", rport: null, received: "192.0.2.1" } }],
    });
  });

  it("allows LWS around the slashes and the colon (RFC 4475 §3.1.1.1)", () => {
    const result = parseVia("SIP  /   2.0 /UDP    192.0.2.2 : 5070;rport;branch=390skdjuw");
    expect(result.ok && [result.value[0]!.protocol, result.value[0]!.port]).toEqual(["SIP/2.0", 5070]);
  });

  it("splits comma-separated values, with IPv6 hosts", () => {
    const result = parseVia("SIP/2.0/TCP [2001:db8::9]:5061;branch=z9hG4bKa, SIP/2.0/WSS x.invalid;branch=z9hG4bKb");
    expect(result.ok && result.value.map((v) => [v.transport, v.host, v.port])).toEqual([["TCP", "2001:db8::9", 5061], ["WSS", "x.invalid", undefined]]);
  });

  it("rejects empty parameters, stray commas and missing sent-by", () => {
    for (const bad of ["SIP/2.0/UDP 192.0.2.15;;,;,,", "SIP/2.0/UDP", "SIP/2.0 host", "SIP/2.0/UDP host,", "SIP/2.0/UDP host:port"]) {
      expect(parseVia(bad).ok, bad).toBe(false);
    }
  });

  it("formats back to an equal value", () => {
    const text = "SIP/2.0/UDP [::1]:5060;branch=z9hG4bK1;rport=5060;received=::1";
    const parsed = parseVia(text);
    expect(parsed.ok && formatVia(parsed.value[0]!)).toBe(text);
  });
});

describe("topVia", () => {
  it("returns the first Via of a message", () => {
    const msg = parseMessage(Buffer.from(OK_200));
    expect(msg.ok && topVia(msg.value)?.params["branch"]).toBe("z9hG4bK4b43c2ff8.1");
  });

  it("follows changes to the Via field (the parsed value is only reused while it is unchanged)", () => {
    const msg = parseMessage(Buffer.from(OK_200));
    if (!msg.ok) throw new Error("sample");
    msg.value.headers.removeFirst("Via");
    expect(topVia(msg.value)?.params["branch"]).toBe("z9hG4bK776asdhds");
    msg.value.headers.prepend("Via", "SIP/2.0/TCP [::1]:5070;branch=z9hG4bKnew");
    expect(topVia(msg.value)).toMatchObject({ transport: "TCP", host: "::1", port: 5070 });
    msg.value.headers.remove("Via");
    expect(topVia(msg.value)).toBeUndefined();
  });
});

describe("parseCSeq", () => {
  it("reads number and method, with leading zeros and folding whitespace", () => {
    expect(parseCSeq("0009  INVITE")).toEqual({ ok: true, value: { seq: 9, method: "INVITE" } });
  });

  it("rejects numbers of 2**31 and more, and missing methods", () => {
    expect(parseCSeq("2147483647 BYE").ok).toBe(true);
    for (const bad of ["2147483648 BYE", "36893488147419103232 REGISTER", "12", "x INVITE", "1 IN VITE"]) expect(parseCSeq(bad).ok, bad).toBe(false);
  });
});
