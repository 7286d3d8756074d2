/**
 * Digest response computation against known answers: RFC 7616 §3.9.1 (MD5 and
 * SHA-256), RFC 2617 §3.5, and vectors derived step by step with `openssl dgst`
 * (SHA-256-sess with auth-int, SHA-512-256 with userhash, MD5 without qop).
 * Also the shape of the credentials value. Not covered here: choosing which
 * challenge to answer (authenticator.test.ts).
 */
import { describe, expect, it } from "vitest";
import { parseAuthParamLists } from "../../../../src/sip/auth/auth-params.js";
import { digestResponse, formatCredentials, formatNonceCount, type CredentialsInput, type DigestInput } from "../../../../src/sip/auth/digest.js";

const empty = new Uint8Array();

/** RFC 7616 §3.9.1: GET /dir/index.html by Mufasa, password "Circle of Life". */
const rfc7616: Omit<DigestInput, "algorithm"> = {
  username: "Mufasa", password: "Circle of Life", realm: "http-auth@example.org",
  nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
  cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  nc: 1, qop: "auth", method: "GET", uri: "/dir/index.html", body: empty,
};

describe("digestResponse known answers", () => {
  it("matches RFC 7616 §3.9.1 with MD5", () => {
    expect(digestResponse({ ...rfc7616, algorithm: "MD5" })).toBe("8ca523f5e9506fed4657c9700eebdbec");
  });

  it("matches RFC 7616 §3.9.1 with SHA-256", () => {
    expect(digestResponse({ ...rfc7616, algorithm: "SHA-256" }))
      .toBe("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  });

  it("matches RFC 2617 §3.5 (MD5, qop=auth)", () => {
    expect(digestResponse({
      algorithm: "MD5", username: "Mufasa", password: "Circle Of Life", realm: "testrealm@host.com",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", cnonce: "0a4f113b", nc: 1, qop: "auth",
      method: "GET", uri: "/dir/index.html", body: empty,
    })).toBe("6629fae49393a05397450978507c4ef1");
  });

  // h() { printf '%s' "$2" | openssl dgst -$1 -r | cut -d' ' -f1; }
  // HA1 = h sha256 "$(h sha256 '1001:example.net:s3cr3t!'):Zm9vYmFy:0123abcd"
  // HA2 = h sha256 "REGISTER:sip:example.net:$(printf 'v=0\r\n' | openssl dgst -sha256 -r | cut -d' ' -f1)"
  // response = h sha256 "$HA1:Zm9vYmFy:00000002:0123abcd:auth-int:$HA2"
  it("matches an openssl-derived SHA-256-sess, auth-int, nc=2 vector", () => {
    expect(digestResponse({
      algorithm: "SHA-256-sess", username: "1001", password: "s3cr3t!", realm: "example.net",
      nonce: "Zm9vYmFy", cnonce: "0123abcd", nc: 2, qop: "auth-int",
      method: "REGISTER", uri: "sip:example.net", body: Buffer.from("v=0\r\n"),
    })).toBe("8e81691b869a325d3f22f66e8110bf176068bb15bd9f76755c9ba8bcf7c2d8be");
  });

  // The RFC 7616 §3.9.2 inputs; its printed response is disputed (erratum 4897), so
  // the expected value is the openssl chain: h sha512-256 "$HA1:nonce:00000001:cnonce:auth:$HA2".
  it("matches an openssl-derived SHA-512-256 vector with a UTF-8 username", () => {
    expect(digestResponse({
      algorithm: "SHA-512-256", username: "J\u00e4s\u00f8n Doe", password: "Secret, or not?", realm: "api@example.org",
      nonce: "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", cnonce: "NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v",
      nc: 1, qop: "auth", method: "GET", uri: "/doe.json", body: empty,
    })).toBe("3798d4131c277846293534c3edc11bd8a5e4cdcbff78b05db9d95eeb1cec68a5");
  });

  // h md5 "$(h md5 '1001:example.net:s3cr3t!'):abc123:$(h md5 'INVITE:sip:1002@example.net')"
  it("uses the RFC 2617 form without nc and cnonce when the challenge had no qop", () => {
    expect(digestResponse({
      algorithm: "MD5", username: "1001", password: "s3cr3t!", realm: "example.net", nonce: "abc123",
      cnonce: "ignored", nc: 7, qop: undefined, method: "INVITE", uri: "sip:1002@example.net", body: empty,
    })).toBe("73920bab966fd6a373e5754fb17f7841");
  });

  it("changes with the body only under auth-int", () => {
    const base: DigestInput = { ...rfc7616, algorithm: "MD5", body: Buffer.from("one") };
    const other = { ...base, body: Buffer.from("two") };
    expect(digestResponse(base)).toBe(digestResponse(other));
    expect(digestResponse({ ...base, qop: "auth-int" })).not.toBe(digestResponse({ ...other, qop: "auth-int" }));
  });
});

describe("formatCredentials", () => {
  const input: CredentialsInput = { ...rfc7616, algorithm: "MD5", opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", userhash: false };

  it("writes the RFC 7616 §3.9.1 Authorization value field by field", () => {
    const value = formatCredentials(input);
    expect(value.startsWith("Digest ")).toBe(true);
    const [list] = parseAuthParamLists(value);
    expect(Object.fromEntries(list!.params)).toEqual({
      username: "Mufasa", realm: "http-auth@example.org", nonce: rfc7616.nonce, uri: "/dir/index.html",
      response: "8ca523f5e9506fed4657c9700eebdbec", algorithm: "MD5", cnonce: rfc7616.cnonce,
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", qop: "auth", nc: "00000001",
    });
    expect(value).toContain("qop=auth, nc=00000001");
    expect(value).toContain("algorithm=MD5,");
  });

  it("sends H(username:realm) when userhash is on (RFC 7616 §3.4.4)", () => {
    // printf 'J\xc3\xa4s\xc3\xb8n Doe:api@example.org' | openssl dgst -sha512-256
    const value = formatCredentials({
      ...rfc7616, algorithm: "SHA-512-256", username: "J\u00e4s\u00f8n Doe", realm: "api@example.org", opaque: undefined, userhash: true,
    });
    expect(value).toContain('username="793263caabb707a56211940d90411ea4a575adeccb7e360aeb624ed06ece9b0b"');
    expect(value).toContain("userhash=true");
    expect(value).not.toContain("opaque");
  });

  it("omits qop, nc and cnonce in the RFC 2617 form, and escapes quotes", () => {
    const value = formatCredentials({ ...input, qop: undefined, realm: 'say "hi"\\' });
    expect(value).not.toMatch(/qop=|nc=|cnonce=/);
    expect(value).toContain('realm="say \\"hi\\"\\\\"');
    expect(parseAuthParamLists(value)[0]!.params.get("realm")).toBe('say "hi"\\');
  });

  it("formats nonce counts as eight hex digits", () => {
    expect(formatNonceCount(1)).toBe("00000001");
    expect(formatNonceCount(255)).toBe("000000ff");
  });
});
