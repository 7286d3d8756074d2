/**
 * parseNameAddr / formatNameAddr: quoted and token display names, escapes in
 * quoted strings, addr-spec whose parameters belong to the header (§20.10), and
 * the shapes RFC 4475 calls invalid. Not covered: Contact lists (split first with splitCommas).
 */
import { describe, expect, it } from "vitest";
import { formatNameAddr, parseNameAddr, splitNameAddr } from "../../../../src/sip/message/index.js";
import type { NameAddr } from "../../../../src/sip/message/index.js";

function nameAddr(text: string): NameAddr {
  const result = parseNameAddr(text);
  if (!result.ok) throw new Error(`${text}: ${result.error}`);
  return result.value;
}

describe("parseNameAddr", () => {
  it("reads a quoted display name with escapes, the URI and the tag", () => {
    const value = nameAddr('"J Rosenberg \\\\\\""  <sip:jdrosen@example.com> ; tag = 98asjd8');
    expect(value.displayName).toBe('J Rosenberg \\"');
    expect(value.uri.user).toBe("jdrosen");
    expect(value.params).toEqual({ tag: "98asjd8" });
  });

  it("reads token display names, with or without a space before <", () => {
    expect(nameAddr("Alice Smith <sip:alice@example.com>").displayName).toBe("Alice Smith");
    expect(nameAddr("caller<sip:caller@example.com>;tag=323").displayName).toBe("caller");
  });

  it("gives the parameters after an addr-spec to the header, not the URI (§20.10)", () => {
    const value = nameAddr("sip:bob@example.com;tag=abc;expires=60");
    expect(value.uri.params).toEqual({});
    expect(value.params).toEqual({ tag: "abc", expires: "60" });
    const inside = nameAddr("<sip:bob@example.com;transport=tcp>;expires=60");
    expect([inside.uri.params, inside.params]).toEqual([{ transport: "tcp" }, { expires: "60" }]);
  });

  it("keeps quoted parameter values with their quotes", () => {
    expect(nameAddr('<sip:a@b>;+sip.instance="<urn:uuid:1>"').params["+sip.instance"]).toBe('"<urn:uuid:1>"');
  });

  it.each([
    ['"Mr. J. User <sip:j.user@example.com>', "Unterminated quoted string"],
    ["Bell, Alexander <sip:a.g.bell@example.com>", "URI with , or ? must be in <>"],
    ['"Watson" < sip:t.watson@example.org >', "Bad URI"],
    ["sip:user@example.com?Route=%3Csip:x%3E", "URI with , or ? must be in <>"],
    ["sip:caller@example.net;;tag=1", "Bad parameters"],
    ["<sip:a@b", "Expected >"],
  ])("rejects %s", (text, reason) => {
    expect(parseNameAddr(text)).toEqual({ ok: false, error: reason });
  });

  it("splits fields of unknown schemes without failing, while parseNameAddr reports them", () => {
    expect(splitNameAddr("<http://www.example.com>;tag=3").ok).toBe(true);
    expect(parseNameAddr("isbn:2983792873").ok).toBe(false);
  });
});

describe("formatNameAddr", () => {
  it("always writes <>, quoting display names that are not plain tokens", () => {
    expect(formatNameAddr(nameAddr("sip:bob@example.com;tag=1"))).toBe("<sip:bob@example.com>;tag=1");
    expect(formatNameAddr(nameAddr('"Bob" <sip:bob@example.com>'))).toBe("Bob <sip:bob@example.com>");
    expect(formatNameAddr(nameAddr('"Watson, Thomas" <sip:t@example.org>'))).toBe('"Watson, Thomas" <sip:t@example.org>');
    const tricky = nameAddr('"say \\"hi\\"" <sip:a@b>');
    expect(nameAddr(formatNameAddr(tricky))).toEqual(tricky);
  });
});
