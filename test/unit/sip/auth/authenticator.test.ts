/**
 * DigestAuthenticator as a story of a registrar and a proxy challenging one
 * account: the credentials it builds (checked by recomputing the digest), nonce
 * counting across reuse and new nonces, choosing the strongest algorithm, one
 * header per protection space, and when it gives up (wrong password, nothing
 * answerable) versus retries (stale=true, a forgotten pre-emptive nonce).
 * Not covered: re-sending requests (authenticating-sender.test.ts).
 */
import { describe, expect, it } from "vitest";
import { Headers, type SipRequest, type SipResponse } from "../../../../src/sip/message/index.js";
import { DigestAuthenticator } from "../../../../src/sip/auth/authenticator.js";
import { parseAuthParamLists } from "../../../../src/sip/auth/auth-params.js";
import { digestResponse, type DigestInput } from "../../../../src/sip/auth/digest.js";

function register(extra: [string, string][] = []): SipRequest {
  return {
    type: "request", method: "REGISTER", uri: "sip:example.net", version: "SIP/2.0",
    headers: new Headers([["Call-ID", "c1"], ["CSeq", "1 REGISTER"], ...extra]), body: Buffer.alloc(0),
  };
}

function challenge(status: 401 | 407, ...values: string[]): SipResponse {
  const name = status === 401 ? "WWW-Authenticate" : "Proxy-Authenticate";
  return { type: "response", status, reason: "", version: "SIP/2.0", headers: new Headers(values.map((v) => [name, v])), body: Buffer.alloc(0) };
}

/** The params of every credentials value of a header, by realm. */
function creds(request: SipRequest, header = "Authorization"): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const value of request.headers.getAll(header)) {
    for (const list of parseAuthParamLists(value)) out.set(list.params.get("realm")!, list.params);
  }
  return out;
}

function newAuthenticator(password = "s3cr3t", realm?: string): DigestAuthenticator {
  let n = 0;
  return new DigestAuthenticator({ authUser: "1001", password, ...(realm ? { realm } : {}) }, { cnonce: () => `cn${++n}` });
}

/** Sends `request` through the authenticator's addCredentials, as the next attempt would. */
function signed(auth: DigestAuthenticator, request = register()): SipRequest {
  auth.addCredentials(request);
  return request;
}

describe("DigestAuthenticator", () => {
  it("answers a 401 with an Authorization whose digest recomputes to the same response", () => {
    const auth = newAuthenticator();
    expect(auth.authorize(register(), challenge(401, 'Digest realm="example.net", nonce="n1", qop="auth", opaque="op"'))).toBe("retry");
    const p = creds(signed(auth)).get("example.net")!;
    const expected: DigestInput = {
      algorithm: "MD5", username: "1001", password: "s3cr3t", realm: "example.net", nonce: "n1", cnonce: "cn1",
      nc: 1, qop: "auth", method: "REGISTER", uri: "sip:example.net", body: Buffer.alloc(0),
    };
    expect(Object.fromEntries(p)).toEqual({
      username: "1001", realm: "example.net", nonce: "n1", uri: "sip:example.net", response: digestResponse(expected),
      algorithm: "MD5", cnonce: "cn1", opaque: "op", qop: "auth", nc: "00000001",
    });
  });

  it("counts 00000001, 00000002, ... while the nonce is reused, and restarts on a new nonce", () => {
    const auth = newAuthenticator();
    auth.authorize(register(), challenge(401, 'Digest realm="example.net", nonce="n1", qop="auth"'));
    const first = signed(auth);
    const refresh = signed(auth);
    expect(creds(first).get("example.net")!.get("nc")).toBe("00000001");
    expect(creds(refresh).get("example.net")!.get("nc")).toBe("00000002");
    expect(creds(signed(auth)).get("example.net")!.get("nc")).toBe("00000003");
    // The registrar lets the nonce expire (RFC 7616 §3.3 stale=true) on the refresh.
    expect(auth.authorize(refresh, challenge(401, 'Digest realm="example.net", nonce="n2", qop="auth", stale=true'))).toBe("retry");
    const renewed = creds(signed(auth)).get("example.net")!;
    expect([renewed.get("nonce"), renewed.get("nc"), renewed.get("cnonce")]).toEqual(["n2", "00000001", "cn2"]);
  });

  it("chooses the strongest algorithm a realm offers: SHA-512-256 > SHA-256 > MD5", () => {
    const auth = newAuthenticator();
    auth.authorize(register(), challenge(401,
      'Digest realm="example.net", nonce="a", algorithm=MD5, qop="auth"',
      'Digest realm="example.net", nonce="b", algorithm=SHA-512-256, qop="auth"',
      'Digest realm="example.net", nonce="c", algorithm=SHA-256, qop="auth"'));
    const request = signed(auth);
    expect(request.headers.getAll("Authorization")).toHaveLength(1);
    expect(creds(request).get("example.net")!.get("algorithm")).toBe("SHA-512-256");
  });

  it("answers every realm of a response, proxy challenges with Proxy-Authorization", () => {
    const auth = newAuthenticator();
    const both = challenge(407, 'Digest realm="proxy-a", nonce="p"', 'Digest realm="proxy-b", nonce="q", algorithm=SHA-256');
    both.headers.append("WWW-Authenticate", 'Digest realm="example.net", nonce="w"');
    expect(auth.authorize(register(), both)).toBe("retry");
    const request = signed(auth);
    expect([...creds(request, "Proxy-Authorization").keys()].sort()).toEqual(["proxy-a", "proxy-b"]);
    expect([...creds(request).keys()]).toEqual(["example.net"]);
    // The RFC 2617 form (no qop in the challenge) carries neither nc nor cnonce.
    expect(creds(request, "Proxy-Authorization").get("proxy-a")!.has("nc")).toBe(false);
  });

  it("gives up when the realm challenges its own answer again without stale (wrong password)", () => {
    const auth = newAuthenticator("wrong");
    expect(auth.authorize(register(), challenge(401, 'Digest realm="example.net", nonce="n1", qop="auth"'))).toBe("retry");
    const answer = signed(auth);
    expect(auth.authorize(answer, challenge(401, 'Digest realm="example.net", nonce="n2", qop="auth"'))).toBe("failed");
    expect(auth.authorize(answer, challenge(401, 'Digest realm="example.net", nonce="n1", qop="auth", stale=false'))).toBe("failed");
  });

  it("also detects a rejected answer in the RFC 2617 form, where no nc is sent", () => {
    const auth = newAuthenticator("wrong");
    auth.authorize(register(), challenge(407, 'Digest realm="example.net", nonce="n1"'));
    expect(auth.authorize(signed(auth), challenge(407, 'Digest realm="example.net", nonce="n2"'))).toBe("failed");
  });

  it("retries once when pre-emptive credentials meet a plain re-challenge, then gives up on the answer", () => {
    const auth = newAuthenticator();
    auth.authorize(register(), challenge(401, 'Digest realm="example.net", nonce="n1", qop="auth"'));
    signed(auth); // accepted by the registrar
    const refresh = signed(auth); // pre-emptive, nc=2
    expect(auth.authorize(refresh, challenge(401, 'Digest realm="example.net", nonce="n2", qop="auth"'))).toBe("retry");
    const answer = signed(auth);
    expect(creds(answer).get("example.net")!.get("nonce")).toBe("n2");
    expect(auth.authorize(answer, challenge(401, 'Digest realm="example.net", nonce="n3", qop="auth"'))).toBe("failed");
  });

  it("fails when nothing in the response can be answered", () => {
    expect(newAuthenticator().authorize(register(), challenge(401, 'Basic realm="x"'))).toBe("failed");
    expect(newAuthenticator().authorize(register(), challenge(401))).toBe("failed");
    expect(newAuthenticator().authorize(register(), challenge(401, 'Digest realm="r", nonce="n", algorithm=AKAv1-MD5'))).toBe("failed");
    const restricted = newAuthenticator("s3cr3t", "example.net");
    expect(restricted.authorize(register(), challenge(401, 'Digest realm="elsewhere", nonce="n"'))).toBe("failed");
    expect(restricted.authorize(register(), challenge(401, 'Digest realm="example.net", nonce="n"'))).toBe("retry");
  });

  it("uses auth-int over the body when that is the only qop offered, and hashes the username when asked", () => {
    const auth = newAuthenticator();
    auth.authorize(register(), challenge(401, 'Digest realm="example.net", nonce="n1", qop="auth-int", algorithm=SHA-256, userhash=true'));
    const request = register();
    request.body = Buffer.from("hello");
    const p = creds(signed(auth, request)).get("example.net")!;
    expect(p.get("qop")).toBe("auth-int");
    expect(p.get("userhash")).toBe("true");
    expect(p.get("username")).not.toBe("1001");
    expect(p.get("response")).toBe(digestResponse({
      algorithm: "SHA-256", username: "1001", password: "s3cr3t", realm: "example.net", nonce: "n1", cnonce: "cn1",
      nc: 1, qop: "auth-int", method: "REGISTER", uri: "sip:example.net", body: Buffer.from("hello"),
    }));
  });

  it("leaves a space alone when the request already carries credentials for it, and forgets on request", () => {
    const auth = newAuthenticator();
    auth.authorize(register(), challenge(401, 'Digest realm="example.net", nonce="n1"'));
    const request = signed(auth, register([["Authorization", 'Digest username="x", realm="example.net", nonce="old"']]));
    expect(request.headers.getAll("Authorization")).toHaveLength(1);
    auth.forget();
    expect(signed(auth).headers.has("Authorization")).toBe(false);
  });
});
