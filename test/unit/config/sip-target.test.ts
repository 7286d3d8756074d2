/**
 * checkSipTarget: the forms a user may type for a registrar or outbound proxy are
 * accepted, typos and URIs a registrar cannot have are refused with a reason.
 * A user part is refused unless asked for (forward and MWI targets), then checked.
 * Does not resolve names (that is RFC 3263 work in src/sip).
 */
import { describe, expect, it } from "vitest";
import { checkSipTarget } from "../../../src/config/index.js";

describe("checkSipTarget", () => {
  it("accepts host, host:port, IPv4, IPv6 and sip:/sips: URIs with parameters", () => {
    const accepted: [string, boolean][] = [
      ["sip.example.net", false],
      ["pbx", false],
      ["sip.example.net.", false],
      ["sip.example.net:5080", false],
      ["192.0.2.10", false],
      ["192.0.2.10:5060", false],
      ["2001:db8::1", false],
      ["[2001:db8::1]", false],
      ["[2001:db8::1]:5061", false],
      ["sip:sip.example.net", false],
      ["SIP:sip.example.net:5062;transport=tcp;lr", false],
      ["sips:sip.example.net", true],
    ];
    for (const [text, secure] of accepted) expect(checkSipTarget(text), text).toEqual({ ok: true, value: { secure } });
  });

  it("refuses typos and forms a registrar cannot have, saying why", () => {
    const refused: [string, string][] = [
      ["", "must name a host"],
      ["sip.example.net:0", "port must be a number from 1 to 65535"],
      ["sip.example.net:65536", "port must be a number from 1 to 65535"],
      ["sip.example.net:", "port must be a number"],
      ["999.1.1.1", "must be a host name or IP address"],
      ["sip_example.net", "must be a host name or IP address"],
      ["-pbx.example.net", "must be a host name or IP address"],
      ["http://sip.example.net", "must be a host name or IP address"],
      ["sip:1001@sip.example.net", "must not contain a user part"],
      ["sip:sip.example.net?subject=x", "must not contain URI headers"],
      ["sip:sip.example.net;transport=", "malformed URI parameter"],
      ["sip:[2001:db8::1", "unclosed"],
      ["[2001:db8::zz]:5060", "IPv6 address between [ ]"],
      ["[2001:db8::1]x", "unexpected text after"],
      ["a".repeat(64) + ".net", "must be a host name or IP address"],
    ];
    for (const [text, reason] of refused) {
      const result = checkSipTarget(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error, text).toContain(reason);
    }
  });

  it("takes a user part only when asked (forward and MWI targets), and checks it", () => {
    expect(checkSipTarget("sip:*97@pbx.example.net", { allowUser: true })).toEqual({ ok: true, value: { secure: false } });
    expect(checkSipTarget("sips:1001;phone-context=x@[2001:db8::1]:5061", { allowUser: true })).toEqual({ ok: true, value: { secure: true } });
    expect(checkSipTarget("sip:pbx.example.net", { allowUser: true }).ok).toBe(true);
    const bad: [string, string][] = [
      ["sip:@pbx.example.net", "malformed user part"],
      ["sip:bo b@pbx.example.net", "malformed user part"],
      ["sip:1001@", "must name a host"],
      ["sip:1001@pbx.example.net?subject=x", "must not contain URI headers"],
    ];
    for (const [text, reason] of bad) {
      const result = checkSipTarget(text, { allowUser: true });
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.error, text).toContain(reason);
    }
  });
});
