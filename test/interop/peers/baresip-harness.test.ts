/**
 * The baresip harness's pure parts, without running baresip: netstring framing of the
 * ctrl_tcp stream (split and joined chunks, malformed and oversized input refused), and the
 * configuration it writes (modules per option, loopback-only addresses, account parameters,
 * values that could break the file refused).
 * Not covered: baresip itself (baresip.test.ts runs two of them).
 */
import { describe, expect, it } from "vitest";
import { renderBaresipAccount, renderBaresipConfig, type BaresipConfigInput } from "./baresip-config.js";
import { encodeNetstring, NetstringReader } from "./baresip-control.js";

describe("netstrings", () => {
  it("splits messages however the stream chunks them", () => {
    const stream = Buffer.from(encodeNetstring('{"a":1}') + encodeNetstring("") + encodeNetstring('{"é":"ü"}'));
    const reader = new NetstringReader();
    const out: string[] = [];
    for (let i = 0; i < stream.length; i += 3) out.push(...reader.push(stream.subarray(i, i + 3)));
    expect(out).toEqual(['{"a":1}', "", '{"é":"ü"}']);
    expect(new NetstringReader().push(stream)).toEqual(out);
  });

  it("counts bytes, not characters", () => {
    expect(encodeNetstring("é")).toBe("2:é,");
  });

  it("refuses a missing comma, a bad length and an oversized message", () => {
    expect(() => new NetstringReader().push(Buffer.from("3:abcX"))).toThrow(/comma/);
    expect(() => new NetstringReader().push(Buffer.from("x3:abc,"))).toThrow(/length/);
    expect(() => new NetstringReader().push(Buffer.from("99999999:"))).toThrow(/over the limit/);
    expect(() => new NetstringReader().push(Buffer.from("12345678901"))).toThrow(/too long/);
  });
});

describe("baresip configuration", () => {
  const input: BaresipConfigInput = {
    user: "2000", password: "pw-2000", registrar: { host: "127.0.0.1", port: 5070 },
    audioSourcePath: "/tmp/x/tone.wav", recordingsDir: "/tmp/x/rec", ctrlPort: 4001, consPort: 4002,
    codecs: ["PCMU", "PCMA"], srtp: "off", record: true, ptimeMs: 20, registerIntervalSec: 60,
  };
  const modules = (config: string): string[] => [...config.matchAll(/^module(?:_app)?\t(\S+)\.so$/gm)].map((m) => m[1]!);

  it("loads the modules each option needs and listens on loopback only", () => {
    const config = renderBaresipConfig(input);
    expect(modules(config)).toEqual(["g711", "aufile", "cons", "sndfile", "account", "menu", "ctrl_tcp"]);
    expect(modules(renderBaresipConfig({ ...input, record: false, srtp: "mandatory" }))).toEqual(["g711", "aufile", "cons", "srtp", "account", "menu", "ctrl_tcp"]);
    expect(config).toMatch(/^audio_source\taufile,\/tmp\/x\/tone\.wav$/m);
    for (const key of ["sip_listen", "ctrl_tcp_listen", "cons_listen", "net_interface"]) {
      expect(config).toMatch(new RegExp(`^${key}\\t127\\.0\\.0\\.1(:\\d+)?$`, "m"));
    }
  });

  it("writes one account with auto-answer, codecs, ptime and srtp-mand when asked", () => {
    expect(renderBaresipAccount(input)).toBe("<sip:2000@127.0.0.1:5070>;auth_pass=pw-2000;regint=60;answermode=auto;audio_codecs=PCMU,PCMA;ptime=20\n");
    expect(renderBaresipAccount({ ...input, srtp: "mandatory" })).toMatch(/;mediaenc=srtp-mand\n$/);
  });

  it("refuses values that would break out of their field", () => {
    expect(() => renderBaresipAccount({ ...input, password: "a;b" })).toThrow(/password/);
    expect(() => renderBaresipAccount({ ...input, user: "x>" })).toThrow(/user/);
    expect(() => renderBaresipConfig({ ...input, audioSourcePath: "/tmp/a b.wav" })).toThrow(/audio source/);
    expect(() => renderBaresipConfig({ ...input, recordingsDir: "/tmp/a,b" })).toThrow(/recordings/);
  });
});
