/**
 * Reading the registrar's answer: RFC 3261 §19.1.4 URI equality as used to find
 * our binding, delta-seconds parsing of hostile values, Retry-After with a
 * comment and parameters. The client-level use is in registration-client.test.ts.
 */
import { describe, expect, it } from "vitest";
import { Headers, parseUri } from "../../../../src/sip/message/index.js";
import type { SipResponse, SipUri } from "../../../../src/sip/message/index.js";
import { parseDeltaSeconds, retryAfterMs, uriEqual } from "../../../../src/sip/registration/binding.js";

const uri = (text: string): SipUri => {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(`bad test URI ${text}`);
  return parsed.value;
};

const withHeader = (name: string, value: string): SipResponse => ({
  type: "response", status: 503, reason: "Service Unavailable", version: "SIP/2.0",
  headers: new Headers([[name, value]]), body: Buffer.alloc(0),
});

describe("uriEqual (§19.1.4)", () => {
  it.each([
    ["sip:1001@192.0.2.10:5060", "sip:1001@192.0.2.10:5060", true],
    ["sip:1001@Host.Example", "sip:1001@host.example", true],
    ["sip:1001@192.0.2.10:5060;ob", "sip:1001@192.0.2.10:5060", true],
    ["sip:1001@192.0.2.10;transport=TCP", "sip:1001@192.0.2.10;transport=tcp", true],
    ["sip:1001@192.0.2.10:5060", "sip:1001@192.0.2.10", false],
    ["sip:ALICE@host", "sip:alice@host", false],
    ["sip:1001@host;transport=udp", "sip:1001@host;transport=tcp", false],
    ["sip:1001@host;maddr=239.0.0.1", "sip:1001@host", false],
    ["sip:1001@host;user=phone", "sip:1001@host", false],
    ["sips:1001@host", "sip:1001@host", false],
    ["sip:1001@host?subject=a", "sip:1001@host", false],
  ])("%s vs %s → %s", (a, b, same) => {
    expect(uriEqual(uri(a), uri(b))).toBe(same);
    expect(uriEqual(uri(b), uri(a))).toBe(same);
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
