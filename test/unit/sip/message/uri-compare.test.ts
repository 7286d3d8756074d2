/**
 * uriEqual: the equal and unequal pairs RFC 3261 §19.1.4 lists, then each rule on
 * its own (escapes, userinfo case, ports, the parameters that must match, URI
 * headers, IPv6 spellings), and tel URIs by RFC 3966 §4. Every pair is checked
 * both ways round. Not covered: parsing (uri.test.ts), the registration's use of
 * it (registration/binding.test.ts).
 */
import { describe, expect, it } from "vitest";
import { parseUri, uriEqual } from "../../../../src/sip/message/index.js";
import type { SipUri } from "../../../../src/sip/message/index.js";

function uri(text: string): SipUri {
  const result = parseUri(text);
  if (!result.ok) throw new Error(`${text}: ${result.error}`);
  return result.value;
}

function expectEqual(a: string, b: string, same: boolean): void {
  expect(uriEqual(uri(a), uri(b))).toBe(same);
  expect(uriEqual(uri(b), uri(a))).toBe(same);
}

describe("uriEqual on the examples of RFC 3261 §19.1.4", () => {
  it.each([
    ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com;security=on"],
    ["sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"],
    ["sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"],
    ["sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x"],
  ])("%s equals %s", (a, b) => expectEqual(a, b, true));

  it.each([
    ["SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"], // different users
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"], // may resolve to different ports
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"], // may resolve to different transports
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"], // a header in one only
    ["sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"], // a name never equals its address
    ["sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"], // not transitive
  ])("%s differs from %s", (a, b) => expectEqual(a, b, false));
});

describe("uriEqual, rule by rule (§19.1.4)", () => {
  it("compares the scheme: sip and sips never match", () => {
    expectEqual("sips:1001@host", "sip:1001@host", false);
  });

  it("compares user and password case-sensitively after decoding escapes", () => {
    expectEqual("sip:%41lice@host", "sip:Alice@host", true);
    expectEqual("sip:alice:Secret@host", "sip:alice:secret@host", false);
    expectEqual("sip:alice:s%65cret@host", "sip:alice:secret@host", true);
    expectEqual("sip:alice@host", "sip:host", false);
  });

  it("compares hosts without case and ports by presence and value", () => {
    expectEqual("sip:1001@Host.Example", "sip:1001@host.example", true);
    expectEqual("sip:1001@host:5060", "sip:1001@host:5060", true);
    expectEqual("sip:1001@host:5060", "sip:1001@host:5070", false);
    expectEqual("sips:1001@host:5061", "sips:1001@host", false);
  });

  it("compares IPv6 references by address, not by spelling", () => {
    expectEqual("sip:1001@[2001:DB8::1]:5060", "sip:1001@[2001:db8:0:0:0:0:0:1]:5060", true);
    expectEqual("sip:1001@[::ffff:192.0.2.1]", "sip:1001@[::ffff:c000:201]", true);
    expectEqual("sip:1001@[2001:db8::1]", "sip:1001@[2001:db8::2]", false);
    expectEqual("sip:1001@[::1]", "sip:1001@[1::]", false);
  });

  it.each(["user=phone", "ttl=1", "method=INVITE", "maddr=239.255.255.1", "transport=udp"])(
    "never matches when only one URI has %s, even with its default value",
    (param) => expectEqual(`sip:1001@host;${param}`, "sip:1001@host", false),
  );

  it("matches parameters in both URIs without case, and ignores other parameters in one only", () => {
    expectEqual("sip:1001@host;maddr=239.255.255.1", "sip:1001@host;MADDR=239.255.255.1", true);
    expectEqual("sip:1001@host;user=phone", "sip:1001@host;user=ip", false);
    expectEqual("sip:1001@host;lr;ob", "sip:1001@host;rinstance=abc", true);
    expectEqual("sip:1001@host;x=Abc", "sip:1001@host;x=aBC", true);
  });

  it("needs every URI header in both, names in any case or compact form, values exactly", () => {
    expectEqual("sip:1001@host?Subject=hi", "sip:1001@host?subject=hi", true);
    expectEqual("sip:1001@host?s=hi", "sip:1001@host?Subject=hi", true);
    expectEqual("sip:1001@host?subject=hi", "sip:1001@host?subject=Hi", false);
    expectEqual("sip:1001@host?subject=hi&priority=urgent", "sip:1001@host?subject=hi", false);
  });
});

describe("uriEqual on tel URIs (RFC 3966 §4)", () => {
  it("compares global numbers without visual separators", () => {
    expectEqual("tel:+1-201-555-0123", "tel:+1.201.555.0123", true);
    expectEqual("tel:+1(201)5550123", "tel:+12015550123", true);
    expectEqual("tel:+12015550123", "tel:+12015550124", false);
  });

  it("never matches a global number with a local one of the same digits", () => {
    expectEqual("tel:+7042;phone-context=example.com", "tel:7042;phone-context=example.com", false);
  });

  it("compares local numbers with their context, as a domain or as digits", () => {
    expectEqual("tel:7042;phone-context=Example.COM", "tel:7-0-4-2;phone-context=example.com", true);
    expectEqual("tel:863-1234;phone-context=+1-914-555", "tel:8631234;phone-context=+1914555", true);
    expectEqual("tel:7042;phone-context=example.com", "tel:7042;phone-context=example.net", false);
    expectEqual("tel:*21#;phone-context=example.com", "tel:*21#;phone-context=example.com", true);
    expectEqual("tel:a1b;phone-context=example.com", "tel:A1B;phone-context=example.com", true);
  });

  it("needs the same parameter names in any order, extensions compared digit by digit", () => {
    expectEqual("tel:+1-201-555-0123;ext=12-3;isub=ab", "tel:+12015550123;isub=AB;ext=123", true);
    expectEqual("tel:+12015550123;ext=123", "tel:+12015550123", false);
    expectEqual("tel:+12015550123;ext=123", "tel:+12015550123;ext=124", false);
  });

  it("never matches a tel URI with a sip URI", () => {
    expectEqual("tel:+12015550123", "sip:+12015550123@host;user=phone", false);
  });
});
