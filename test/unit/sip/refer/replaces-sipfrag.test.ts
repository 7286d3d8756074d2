/**
 * The transfer header field and body: Replaces (RFC 3891 §6.1) read and written, and the
 * sipfrag status line (RFC 3420). Bad input is a value, never a throw.
 * Not covered: Event and Subscription-State (src/sip/event's tests), how sessions use
 * these (test/unit/sip/session/refer-*.test.ts).
 */
import { describe, expect, it } from "vitest";
import { formatReplaces, formatSipfrag, isSipfrag, parseReplaces, parseSipfrag } from "../../../../src/sip/refer/index.js";

describe("Replaces", () => {
  it("reads RFC 3891's example, tags in any order, with early-only", () => {
    expect(parseReplaces("98732@sip.example.com;from-tag=r33th4x0r;to-tag=ff87ff;early-only")).toEqual({
      ok: true, value: { callId: "98732@sip.example.com", toTag: "ff87ff", fromTag: "r33th4x0r", earlyOnly: true },
    });
  });

  it("writes what it reads", () => {
    const value = { callId: "a1@h", toTag: "t", fromTag: "f", earlyOnly: false };
    expect(formatReplaces(value)).toBe("a1@h;to-tag=t;from-tag=f");
    expect(parseReplaces(formatReplaces(value))).toEqual({ ok: true, value });
  });

  it("refuses a value without both tags, or without a Call-ID", () => {
    expect(parseReplaces("a1@h;to-tag=t").ok).toBe(false);
    expect(parseReplaces(";to-tag=t;from-tag=f").ok).toBe(false);
    expect(parseReplaces("a1@h;to-tag=t;;from-tag=f").ok).toBe(false);
  });
});

describe("sipfrag", () => {
  it("reads the status line, with or without headers after it", () => {
    expect(parseSipfrag("SIP/2.0 200 OK\r\n")).toEqual({ status: 200, reason: "OK" });
    expect(parseSipfrag("SIP/2.0 180 Ringing\r\nContact: <sip:c@h>\r\n")).toEqual({ status: 180, reason: "Ringing" });
    expect(parseSipfrag("SIP/2.0 603")).toEqual({ status: 603, reason: "" });
  });

  it("refuses what is not a status line", () => {
    expect(parseSipfrag("INVITE sip:c@h SIP/2.0\r\n")).toBeUndefined();
    expect(parseSipfrag("SIP/2.0 99 Low")).toBeUndefined();
    expect(parseSipfrag("")).toBeUndefined();
  });

  it("writes the status line with CRLF and knows its media type", () => {
    expect(formatSipfrag(100, "Trying")).toBe("SIP/2.0 100 Trying\r\n");
    expect(isSipfrag("message/sipfrag;version=2.0")).toBe(true);
    expect(isSipfrag("Message/SIPfrag")).toBe(true);
    expect(isSipfrag("application/sdp")).toBe(false);
    expect(isSipfrag(undefined)).toBe(false);
  });
});
