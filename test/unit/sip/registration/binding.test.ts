/**
 * Reading the registrar's answer: finding our binding among the 2xx's Contacts
 * and its granted expiry, delta-seconds parsing of hostile values, Retry-After
 * with a comment and parameters. The URI comparison rules themselves are tested
 * in test/unit/sip/message/uri-compare.test.ts; the client-level use is in
 * registration-client.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Headers, parseUri } from "../../../../src/sip/message/index.js";
import type { SipResponse, SipUri } from "../../../../src/sip/message/index.js";
import { grantedExpiresSec, parseDeltaSeconds, retryAfterMs } from "../../../../src/sip/registration/binding.js";

const uri = (text: string): SipUri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(`bad test URI ${text}`);
  return parsed.value;
};

const withHeader = (name: string, value: string): SipResponse => ({
  type: "response", status: 503, reason: "Service Unavailable", version: "SIP/2.0",
  headers: new Headers([[name, value]]), body: Buffer.alloc(0),
});

const okWith = (headers: Array<[string, string]>): SipResponse => ({
  type: "response", status: 200, reason: "OK", version: "SIP/2.0",
  headers: new Headers(headers), body: Buffer.alloc(0),
});

describe("grantedExpiresSec (§10.2.4)", () => {
  const ours = uri("sip:1001@192.0.2.10:5060;transport=tcp");

  it("takes the expires of the Contact equal to ours, as the registrar may rewrite it", () => {
    const response = okWith([
      ["Contact", "<sip:1001@192.0.2.99:5060;transport=tcp>;expires=900"],
      ["Contact", "<sip:1001@192.0.2.10:5060;transport=TCP;ob>;expires=120"],
      ["Expires", "3600"],
    ]);
    expect(grantedExpiresSec(response, ours, 300)).toBe(120);
  });

  it("falls back to Expires, then to what was asked, when no Contact is ours", () => {
    const other = ["Contact", "<sip:1001@192.0.2.10;transport=tcp>;expires=60"] as [string, string];
    expect(grantedExpiresSec(okWith([other, ["Expires", "1800"]]), ours, 300)).toBe(1800);
    expect(grantedExpiresSec(okWith([other]), ours, 300)).toBe(300);
  });
});

describe("parseDeltaSeconds", () => {
  it("reads plain decimal numbers and caps at 2^32−1", () => {
    expect(parseDeltaSeconds("3600")).toBe(3600);
    expect(parseDeltaSeconds(" 0 ")).toBe(0);
    expect(parseDeltaSeconds("99999999999999999999")).toBe(4_294_967_295);
  });

  it("rejects anything else", () => {
    for (const bad of [undefined, "", "-1", "1.5", "1e3", "0x10", "60 s", "abc"]) {
      expect(parseDeltaSeconds(bad)).toBeUndefined();
    }
  });
});

describe("retryAfterMs (§20.33)", () => {
  it("takes the leading seconds and ignores comment and parameters", () => {
    expect(retryAfterMs(withHeader("Retry-After", "120 (I'm in a meeting);duration=3600"))).toBe(120_000);
    expect(retryAfterMs(withHeader("Retry-After", "soon"))).toBeUndefined();
    expect(retryAfterMs(withHeader("Warning", "399 x"))).toBeUndefined();
  });
});
