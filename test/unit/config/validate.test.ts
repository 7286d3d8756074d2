/**
 * validateConfig: a partial document is completed with defaults; every bad field is
 * reported at its own path with what is allowed; unknown keys are refused with a
 * suggestion; cross-field rules (enabled line, sips, udp off) hold; secrets are never
 * echoed. Does not cover registrar syntax in depth (sip-target.test.ts) or the store.
 */
import { describe, expect, it } from "vitest";
import { defaultConfig, formatIssue, validateConfig, type ConfigIssue } from "../../../src/config/index.js";

function issuesOf(input: unknown): ConfigIssue[] {
  const result = validateConfig(input);
  if (result.ok) throw new Error("expected the input to be refused");
  return result.error;
}

function lineWith(account: Record<string, unknown>, extra: Record<string, unknown> = {}): unknown {
  return { lines: [{ enabled: true, account: { registrar: "sip.example.net", user: "1001", ...account }, ...extra }] };
}

describe("validateConfig", () => {
  it("turns an empty document into the defaults", () => {
    const result = validateConfig({});
    expect(result).toEqual({ ok: true, value: defaultConfig() });
  });

  it("accepts the contract example and fills the optional keys", () => {
    const result = validateConfig({
      board: "sim",
      web: { port: 8080, bind: "127.0.0.1" },
      sip: { localPort: 5060 },
      lines: [{
        enabled: true,
        account: { registrar: "sip.example.net", user: "1001", authUser: "1001", password: "pw", displayName: "Kitchen", transport: "udp", outboundProxy: "", registerExpires: 300 },
        region: "US", dialPlan: "", callerId: "bell202",
      }],
    });
    if (!result.ok) throw new Error(result.error.map(formatIssue).join("\n"));
    expect(result.value.lines[0]!.account).toMatchObject({ keepAlive: "crlf", keepAliveIntervalSec: 30, tlsVerify: true, password: "pw" });
    expect(result.value.sip).toMatchObject({ udp: true, tcp: true, T1Ms: 500 });
    expect(result.value.log.level).toBe("info");
    expect(result.value.lines[0]!.account).toMatchObject({ dtmfMethod: "rfc4733", srtp: "off", codecs: ["PCMU", "PCMA"], anonymousMethod: "from" });
    expect(result.value.media).toEqual({ rtpPortMin: 10000, rtpPortMax: 20000, symmetricRtp: true });
  });

  it("names the path of each bad field and says what is allowed", () => {
    const cases: [unknown, string, string][] = [
      [lineWith({ transport: "sctp" }), "lines[0].account.transport", 'must be one of udp, tcp, tls (got "sctp")'],
      [lineWith({ registerExpires: 30 }), "lines[0].account.registerExpires", "must be a whole number from 60 to 86400 (got 30)"],
      [lineWith({ keepAlive: "ping" }), "lines[0].account.keepAlive", "must be one of crlf, options, off"],
      [lineWith({}, { region: "XX" }), "lines[0].region", "must be one of US, CA, UK"],
      [lineWith({}, { callerId: 7 }), "lines[0].callerId", "(got 7)"],
      [lineWith({ registrar: "sip.example.net:99999" }), "lines[0].account.registrar", "port must be a number from 1 to 65535"],
      [lineWith({ user: "10 01" }), "lines[0].account.user", "must be a SIP user name"],
      [lineWith({ displayName: "Kitchen\r\nX-Evil: 1" }), "lines[0].account.displayName", "must not contain control characters"],
      [{ web: { port: 70000 } }, "web.port", "from 0 to 65535 (got 70000)"],
      [{ web: { port: "8080" } }, "web.port", '(got "8080")'],
      [{ web: { bind: "my-laptop" } }, "web.bind", "IPv4 or IPv6 address"],
      [{ sip: { localPort: -1 } }, "sip.localPort", "from 0 to 65535"],
      [{ sip: { T1Ms: 1000, T2Ms: 500 } }, "sip.T2Ms", "must be at least sip.T1Ms"],
      [{ sip: { udp: false, tcp: false } }, "sip", "needs at least one listener"],
      [{ board: "Sim Board" }, "board", "lowercase letters"],
      [{ log: { level: "verbose" } }, "log.level", "must be one of debug, info, warn, error"],
      [{ lines: [] }, "lines", "at least one line"],
      [{ lines: {} }, "lines", "must be an array"],
      [{ web: null }, "web", "must be an object (got null)"],
      [{ admin: { passwordHash: "md5$abc" } }, "admin.passwordHash", "admin.initialPassword"],
      [lineWith({ dtmfMethod: "sipinfo" }), "lines[0].account.dtmfMethod", "must be one of rfc4733, inband, info"],
      [lineWith({ anonymousMethod: "hide" }), "lines[0].account.anonymousMethod", "must be one of from, privacy"],
      [lineWith({ srtp: true }), "lines[0].account.srtp", "must be one of off, optional, mandatory"],
      [lineWith({ codecs: [] }), "lines[0].account.codecs", "at least one of PCMU, PCMA"],
      [lineWith({ codecs: ["PCMA", "PCMA"] }), "lines[0].account.codecs", "must not name a codec twice"],
      [lineWith({ codecs: ["G729"] }), "lines[0].account.codecs[0]", 'must be one of PCMU, PCMA (got "G729")'],
      [{ media: { rtpPortMin: 20000, rtpPortMax: 20002 } }, "media.rtpPortMax", "at least 3 above media.rtpPortMin"],
      [{ media: { symmetricRtp: "yes" } }, "media.symmetricRtp", "must be true or false"],
    ];
    for (const [input, path, message] of cases) {
      const issues = issuesOf(input);
      expect(issues.map((i) => i.path), JSON.stringify(input)).toContain(path);
      expect(issues.find((i) => i.path === path)!.message).toContain(message);
    }
  });

  it("formats an issue the way the log and the CLI show it", () => {
    const [issue] = issuesOf(lineWith({ transport: "sctp" }));
    expect(formatIssue(issue!)).toBe('lines[0].account.transport: must be one of udp, tcp, tls (got "sctp")');
  });

  it("reports every problem in one pass", () => {
    const issues = issuesOf({ web: { port: 0.5 }, lines: [{ enabled: "yes", region: "XX" }], log: { level: 3 } });
    expect(issues.map((i) => i.path).sort()).toEqual(["lines[0].enabled", "lines[0].region", "log.level", "web.port"]);
  });

  it("refuses unknown keys at their own path, suggesting the likely key", () => {
    const issues = issuesOf({ lines: [{ account: { registar: "pbx" } }], webb: {} });
    expect(issues).toContainEqual({ path: "lines[0].account.registar", message: 'unknown key; did you mean "registrar"?' });
    expect(issues).toContainEqual({ path: "webb", message: 'unknown key; did you mean "web"?' });
    const [far] = issuesOf({ colour: "red" });
    expect(far!.message).toBe("unknown key (allowed: board, web, admin, sip, lines, media, log)");
  });

  it("requires registrar and user only on an enabled line, once per field", () => {
    expect(validateConfig({ lines: [{ enabled: false }] }).ok).toBe(true);
    const issues = issuesOf({ lines: [{ enabled: true, account: { user: 5 } }] });
    expect(issues).toEqual([
      { path: "lines[0].account.user", message: "must be a string (got 5)" },
      { path: "lines[0].account.registrar", message: "is required when the line is enabled" },
    ]);
  });

  it("requires tls for a sips: registrar or proxy", () => {
    const issues = issuesOf(lineWith({ registrar: "sips:sip.example.net", transport: "tcp" }));
    expect(issues).toEqual([{ path: "lines[0].account.transport", message: 'must be tls because registrar is a sips: URI (got "tcp")' }]);
    expect(validateConfig(lineWith({ registrar: "sips:sip.example.net", transport: "tls" })).ok).toBe(true);
  });

  it("wants IP addresses for the SIP bind and advertised addresses", () => {
    const issues = issuesOf({ sip: { bindAddress: "eth0", advertisedAddress: "my box" } });
    expect(issues.map((i) => i.path)).toEqual(["sip.bindAddress", "sip.advertisedAddress"]);
    expect(validateConfig({ sip: { bindAddress: "::", advertisedAddress: "203.0.113.7" } }).ok).toBe(true);
  });

  it("refuses a udp account when the udp listener is off", () => {
    const issues = issuesOf({ ...(lineWith({}) as object), sip: { udp: false } });
    expect(issues).toEqual([{ path: "lines[0].account.transport", message: "is udp, but sip.udp is false" }]);
  });

  it("never quotes a password back, even when it is refused", () => {
    const secret = "hunter2-" + "x".repeat(300);
    const issues = issuesOf({ admin: { initialPassword: secret }, lines: [{ account: { password: secret } }] });
    expect(issues.map((i) => i.path)).toEqual(["admin.initialPassword", "lines[0].account.password"]);
    expect(JSON.stringify(issues)).not.toContain("hunter2");
  });

  it("refuses a document that is not an object", () => {
    for (const input of [null, [], "config", 42]) {
      expect(issuesOf(input)).toEqual([{ path: "", message: "the configuration must be a JSON object" }]);
    }
  });

  it("caps the number of lines and ignores __proto__ tricks", () => {
    expect(issuesOf({ lines: Array.from({ length: 17 }, () => ({})) })[0]!.message).toBe("must have at most 16 items (got 17)");
    const hostile = JSON.parse('{"__proto__": {"polluted": true}, "web": {"port": 1}}') as unknown;
    expect(issuesOf(hostile)).toEqual([{ path: "__proto__", message: expect.stringContaining("unknown key") as string }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
