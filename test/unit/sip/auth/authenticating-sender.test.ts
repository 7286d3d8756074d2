/**
 * AuthenticatingSender over a fake RequestSender that plays a proxy and a
 * registrar: a REGISTER challenged twice (proxy 407, then registrar 401) reaches
 * its user as one 200; CSeq goes up by one per re-send; stale nonces are retried;
 * a wrong password stops after one retry; rounds are bounded; provisional
 * responses, timeouts and transport errors pass through; cancel stops retries.
 * Not covered: next-hop selection and transactions (the fake stands in for the UA core).
 */
import { describe, expect, it } from "vitest";
import { Headers, type SipRequest, type SipResponse, type SipUri } from "../../../../src/sip/message/index.js";
import type { ClientTransactionUser } from "../../../../src/sip/transaction/types.js";
import { TransportError, type Protocol } from "../../../../src/sip/transport/types.js";
import type { OutgoingRequest, RequestSender } from "../../../../src/sip/ua/types.js";
import { AuthenticatingSender } from "../../../../src/sip/auth/authenticating-sender.js";
import { DigestAuthenticator } from "../../../../src/sip/auth/authenticator.js";

interface Sent {
  request: SipRequest;
  user: ClientTransactionUser;
  cancels: number;
}

/** Records each send; the test answers through `reply`. Keeps the RequestSender contract of one user per send. */
class FakeSender implements RequestSender {
  readonly sent: Sent[] = [];
  readonly acks: SipRequest[] = [];

  send(request: SipRequest, user: ClientTransactionUser): OutgoingRequest {
    const entry: Sent = { request, user, cancels: 0 };
    this.sent.push(entry);
    return { request, cancel: () => void entry.cancels++ };
  }

  sendAck(ack: SipRequest): void {
    this.acks.push(ack);
  }

  contactUri(protocol: Protocol): SipUri {
    return { scheme: "sip", user: "1001", password: undefined, host: "192.0.2.10", port: 5060, params: { transport: protocol }, headers: {} };
  }

  /** Answers the latest request (or the given one) with a response built from its CSeq. */
  reply(status: number, fields: [string, string][] = [], index = this.sent.length - 1): void {
    const entry = this.sent[index]!;
    const headers = new Headers([["CSeq", entry.request.headers.get("CSeq")!], ...fields]);
    entry.user.onResponse({ type: "response", status, reason: "", version: "SIP/2.0", headers, body: Buffer.alloc(0) });
  }

  cseqs(): string[] {
    return this.sent.map((s) => s.request.headers.get("CSeq")!);
  }
}

class RecordingUser implements ClientTransactionUser {
  readonly events: string[] = [];
  onResponse(response: SipResponse): void {
    this.events.push(String(response.status));
  }
  onTimeout(): void {
    this.events.push("timeout");
  }
  onTransportError(error: TransportError): void {
    this.events.push(`transport error: ${error.message}`);
  }
}

function request(method = "REGISTER", cseq = 10): SipRequest {
  return {
    type: "request", method, uri: "sip:example.net", version: "SIP/2.0",
    headers: new Headers([["Call-ID", "c1"], ["CSeq", `${cseq} ${method}`]]), body: Buffer.alloc(0),
  };
}

const PROXY_407: [string, string][] = [["Proxy-Authenticate", 'Digest realm="proxy.example.net", nonce="p1", qop="auth"']];
const REG_401: [string, string][] = [["WWW-Authenticate", 'Digest realm="example.net", nonce="r1", qop="auth", algorithm=SHA-256']];

function setup(password = "s3cr3t", maxRounds?: number) {
  const inner = new FakeSender();
  const authenticator = new DigestAuthenticator({ authUser: "1001", password });
  const sender = new AuthenticatingSender(inner, authenticator, maxRounds === undefined ? {} : { maxRounds });
  return { inner, sender, user: new RecordingUser() };
}

describe("AuthenticatingSender", () => {
  it("gets a REGISTER past a proxy 407 and a registrar 401; the user sees only the 200", () => {
    const { inner, sender, user } = setup();
    const outgoing = sender.send(request(), user);
    inner.reply(407, PROXY_407);
    inner.reply(401, REG_401);
    inner.reply(200);
    expect(user.events).toEqual(["200"]);
    expect(inner.cseqs()).toEqual(["10 REGISTER", "11 REGISTER", "12 REGISTER"]);
    const [first, second, third] = inner.sent.map((s) => s.request);
    expect(first!.headers.has("Authorization") || first!.headers.has("Proxy-Authorization")).toBe(false);
    expect(second!.headers.getAll("Proxy-Authorization")).toHaveLength(1);
    expect(second!.headers.has("Authorization")).toBe(false);
    // The last attempt answers both realms; the proxy nonce is now on its second use.
    expect(third!.headers.getAll("Proxy-Authorization")).toHaveLength(1);
    expect(third!.headers.get("Proxy-Authorization")).toContain("nc=00000002");
    expect(third!.headers.get("Authorization")).toContain('realm="example.net"');
    expect(third!.headers.get("Authorization")).toContain("algorithm=SHA-256");
    expect(outgoing.request.headers.get("CSeq")).toBe("12 REGISTER");
  });

  it("sends cached credentials on the next REGISTER up front (refresh without a challenge)", () => {
    const { inner, sender, user } = setup();
    sender.send(request(), user);
    inner.reply(401, REG_401);
    inner.reply(200);
    sender.send(request("REGISTER", 12), user);
    expect(inner.sent[2]!.request.headers.get("Authorization")).toContain("nc=00000002");
    inner.reply(200);
    expect(user.events).toEqual(["200", "200"]);
  });

  it("retries a stale nonce without calling it a failure", () => {
    const { inner, sender, user } = setup();
    sender.send(request(), user);
    inner.reply(401, REG_401);
    inner.reply(401, [["WWW-Authenticate", 'Digest realm="example.net", nonce="r2", qop="auth", stale=true']]);
    inner.reply(200);
    expect(user.events).toEqual(["200"]);
    expect(inner.sent[2]!.request.headers.get("Authorization")).toContain('nonce="r2"');
  });

  it("stops after one retry when the password is wrong, and hands the 401 to the user", () => {
    const { inner, sender, user } = setup("wrong");
    sender.send(request(), user);
    inner.reply(401, REG_401);
    inner.reply(401, [["WWW-Authenticate", 'Digest realm="example.net", nonce="r2", qop="auth"']]);
    expect(user.events).toEqual(["401"]);
    expect(inner.sent).toHaveLength(2);
  });

  it("bounds the rounds even against a server that calls every nonce stale", () => {
    const { inner, sender, user } = setup("s3cr3t", 2);
    sender.send(request(), user);
    for (let i = 0; i < 3; i++) inner.reply(401, [["WWW-Authenticate", `Digest realm="example.net", nonce="s${i}", stale=true`]]);
    expect(inner.sent).toHaveLength(3);
    expect(user.events).toEqual(["401"]);
  });

  it("passes provisional responses, timeouts and transport errors through, ignoring the old attempt", () => {
    const { inner, sender, user } = setup();
    sender.send(request("INVITE", 1), user);
    inner.reply(100);
    inner.reply(407, PROXY_407);
    inner.reply(180);
    inner.reply(200, [], 0); // a stray from the first transaction
    inner.sent[1]!.user.onTimeout();
    inner.sent[0]!.user.onTransportError(new TransportError("late"));
    expect(user.events).toEqual(["100", "180", "timeout"]);

    const second = setup();
    second.sender.send(request("OPTIONS", 1), second.user);
    second.inner.sent[0]!.user.onTransportError(new TransportError("unreachable"));
    expect(second.user.events).toEqual(["transport error: unreachable"]);
  });

  it("does not re-send after cancel(); the challenge goes to the user", () => {
    const { inner, sender, user } = setup();
    const outgoing = sender.send(request("INVITE", 1), user);
    inner.reply(100);
    outgoing.cancel();
    inner.reply(407, PROXY_407);
    expect(inner.sent[0]!.cancels).toBe(1);
    expect(inner.sent).toHaveLength(1);
    expect(user.events).toEqual(["100", "407"]);
  });

  it("cancels the attempt in flight, not the one already challenged", () => {
    const { inner, sender, user } = setup();
    const outgoing = sender.send(request("INVITE", 1), user);
    inner.reply(407, PROXY_407);
    outgoing.cancel();
    expect(inner.sent.map((s) => s.cancels)).toEqual([0, 1]);
  });

  it("copes with a core that answers before send() returns, and still stops on a wrong password", () => {
    const inner = new FakeSender();
    const send = inner.send.bind(inner);
    inner.send = (req, u) => {
      const outgoing = send(req, u);
      inner.reply(401, [["WWW-Authenticate", `Digest realm="example.net", nonce="n${inner.sent.length}", qop="auth"`]]);
      return outgoing;
    };
    const user = new RecordingUser();
    new AuthenticatingSender(inner, new DigestAuthenticator({ authUser: "1001", password: "wrong" })).send(request(), user);
    expect(inner.sent).toHaveLength(2);
    expect(user.events).toEqual(["401"]);
  });

  it("passes ACK and Contact through to the core untouched", () => {
    const { inner, sender } = setup();
    const ack = request("ACK", 1);
    sender.sendAck(ack);
    expect(inner.acks).toEqual([ack]);
    expect(sender.contactUri("tcp").params).toEqual({ transport: "tcp" });
  });
});
