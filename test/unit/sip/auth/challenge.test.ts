/**
 * Parsing WWW-Authenticate / Proxy-Authenticate values into digest challenges:
 * every field, defaults, quoting and escapes, several challenges per header and
 * per response, and hostile or unknown input (skipped, never thrown).
 * Not covered: which challenge gets answered (authenticator.test.ts).
 */
import { describe, expect, it } from "vitest";
import { Headers, type SipResponse } from "../../../../src/sip/message/index.js";
import { parseChallenges, parseChallengeValue } from "../../../../src/sip/auth/challenge.js";

function response(status: number, fields: [string, string][]): SipResponse {
  return { type: "response", status, reason: "", version: "SIP/2.0", headers: new Headers(fields), body: Buffer.alloc(0) };
}

describe("parseChallengeValue", () => {
  it("reads every field of an RFC 7616 challenge", () => {
    const [c] = parseChallengeValue(
      'Digest realm="api@example.org", qop="auth, auth-int", algorithm=SHA-512-256, nonce="5TsQ+57Q/RVvkK", ' +
        'opaque="HRPC", charset=UTF-8, userhash=true, stale=TRUE, domain="sip:a.example sip:b.example"',
      "www",
    );
    expect(c).toEqual({
      kind: "www", realm: "api@example.org", nonce: "5TsQ+57Q/RVvkK", opaque: "HRPC", algorithm: "SHA-512-256",
      qop: ["auth", "auth-int"], stale: true, domain: ["sip:a.example", "sip:b.example"], userhash: true,
    });
  });

  it("defaults to MD5 without qop, stale, opaque or userhash (RFC 2617 style)", () => {
    const [c] = parseChallengeValue('Digest realm="atlanta.com", nonce="84a4cc6f3082121f32b42a2187831a9e"', "proxy");
    expect(c).toMatchObject({ kind: "proxy", algorithm: "MD5", qop: undefined, stale: false, opaque: undefined, userhash: false, domain: [] });
  });

  it("accepts any letter case for scheme, names and algorithm, and folded whitespace", () => {
    const [c] = parseChallengeValue('digest REALM="r",\r\n NONCE = "n" , Algorithm=md5-SESS,QOP="AUTH"', "www");
    expect(c).toMatchObject({ realm: "r", nonce: "n", algorithm: "MD5-sess", qop: ["auth"] });
  });

  it("unescapes quoted-pairs and keeps commas inside quotes", () => {
    const [c] = parseChallengeValue('Digest realm="a \\"quoted\\" \\\\ realm, really", nonce="x,y"', "www");
    expect(c).toMatchObject({ realm: 'a "quoted" \\ realm, really', nonce: "x,y" });
  });

  it("finds several challenges in one value and skips schemes other than Digest", () => {
    const list = parseChallengeValue(
      'Basic realm="b", Digest realm="one", nonce="1", algorithm=SHA-256, Negotiate abc==, Digest realm="one", nonce="2"',
      "www",
    );
    expect(list.map((c) => [c.realm, c.nonce, c.algorithm])).toEqual([["one", "1", "SHA-256"], ["one", "2", "MD5"]]);
  });

  it("skips challenges it could never answer", () => {
    expect(parseChallengeValue('Digest realm="r", nonce="n", algorithm=AKAv1-MD5', "www")).toEqual([]);
    expect(parseChallengeValue('Digest realm="r", nonce="n", qop="auth-conf"', "www")).toEqual([]);
    expect(parseChallengeValue('Digest nonce="n"', "www")).toEqual([]);
    expect(parseChallengeValue('Digest realm="r"', "www")).toEqual([]);
  });

  it("keeps only the known qop values", () => {
    const [c] = parseChallengeValue('Digest realm="r", nonce="n", qop="auth-conf,auth-int"', "www");
    expect(c?.qop).toEqual(["auth-int"]);
  });

  it("drops a challenge whose quoted string never ends, keeping the ones before it", () => {
    const list = parseChallengeValue('Digest realm="ok", nonce="1", Digest realm="cut", nonce="2', "www");
    expect(list.map((c) => c.realm)).toEqual(["ok"]);
  });

  it("never throws on garbage", () => {
    const samples = ["", ",,,", "Digest", "Digest =", 'Digest realm=="x"', "Digest realm=\u0000", '"""', "Digest realm=(x)", "=".repeat(500)];
    let seed = 7;
    for (let i = 0; i < 300; i++) {
      let s = "";
      for (let j = 0; j < 40; j++) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += 'Digest realm=", \\\t\r\nnonce'[seed % 27];
      }
      samples.push(s);
    }
    for (const s of samples) expect(() => parseChallengeValue(s, "www")).not.toThrow();
  });
});

describe("parseChallenges", () => {
  it("collects WWW-Authenticate and Proxy-Authenticate challenges from every header line", () => {
    const list = parseChallenges(response(407, [
      ["Proxy-Authenticate", 'Digest realm="proxy.example", nonce="p1"'],
      ["WWW-Authenticate", 'Digest realm="reg.example", nonce="w1", algorithm=SHA-256'],
      ["WWW-Authenticate", 'Digest realm="reg.example", nonce="w2"'],
    ]));
    expect(list.map((c) => `${c.kind}:${c.realm}:${c.nonce}`)).toEqual(["www:reg.example:w1", "www:reg.example:w2", "proxy:proxy.example:p1"]);
  });
});
