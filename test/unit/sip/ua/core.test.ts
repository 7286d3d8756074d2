/**
 * The user agent core between a fake transport and fake handlers: what it answers
 * itself (OPTIONS, 404, 405, 416, 420, 481, rate-limited answers), how it sends
 * (Via with a fresh branch per attempt, failover on timeout / 503 / transport error,
 * next hop from Route), and CANCEL timing (§9.1). Real sockets and real peers are
 * covered in test/interop.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { Headers, parseMessage, topVia } from "../../../../src/sip/message/index.js";
import type { SipRequest, SipResponse, SipUri } from "../../../../src/sip/message/index.js";
import { FakeTransport } from "../../../../src/sip/transaction/testing/fake-transport.js";
import { newBranch } from "../../../../src/sip/transaction/index.js";
import type { ServerTransaction } from "../../../../src/sip/transaction/index.js";
import type { Endpoint, Source } from "../../../../src/sip/transport/types.js";
import { TransportError } from "../../../../src/sip/transport/types.js";
import { UserAgentCore } from "../../../../src/sip/ua/core.js";
import type { CoreHandler } from "../../../../src/sip/ua/core.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import { ok } from "../../../../src/util/result.js";

const FROM: Source = { protocol: "udp", address: "127.0.0.9", port: 5099, connectionId: undefined, local: { protocol: "udp", address: "127.0.0.1", port: 5060 } };

function request(method: string, uri: string, extra: string[] = []): SipRequest {
  const text = [
    `${method} ${uri} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.9:5099;branch=${newBranch()}`,
    "Max-Forwards: 70",
    "From: <sip:caller@127.0.0.9>;tag=abc",
    "To: <sip:1001@127.0.0.1>",
    `Call-ID: ${Math.random()}@test`,
    `CSeq: 1 ${method}`,
    ...extra,
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
  const parsed = parseMessage(Buffer.from(text));
  if (!parsed.ok || parsed.value.type !== "request") throw new Error(`bad test message: ${JSON.stringify(parsed)}`);
  return parsed.value;
}

class Handler implements CoreHandler {
  taken: SipRequest[] = [];
  serves(uri: SipUri): boolean { return uri.user === "1001"; }
  handleRequest(r: SipRequest, tx: ServerTransaction | undefined): boolean {
    if (r.method !== "INVITE") return false;
    this.taken.push(r);
    tx?.respond({ type: "response", status: 180, reason: "Ringing", version: "SIP/2.0", headers: r.headers.clone(), body: Buffer.alloc(0) });
    return true;
  }
  handleCancel(): boolean { return false; }
  handleStrayResponse(): boolean { return false; }
}

let clock: FakeClock;
let transport: FakeTransport;
let core: UserAgentCore;
let handler: Handler;
let allowance: number;
let targets: Endpoint[];

beforeEach(() => {
  clock = new FakeClock();
  transport = new FakeTransport({ now: () => clock.now() });
  allowance = 1000;
  targets = [{ protocol: "udp", address: "127.0.0.2", port: 5060 }];
  core = new UserAgentCore({
    clock, logs: silentLogs, transport,
    locate: async () => ok(targets),
    limiter: { allow: () => allowance-- > 0 },
    newBranch, allow: ["INVITE", "ACK", "CANCEL", "BYE", "OPTIONS", "UPDATE", "INFO"], supported: ["replaces"], userAgent: "dialtone-test",
  });
  transport.attach({ onMessage: (m, s) => core.receive(m, s) });
  handler = new Handler();
  core.addHandler(handler);
});

function answers(): SipResponse[] {
  return transport.messages("respond") as SipResponse[];
}

describe("what the core answers itself", () => {
  it("answers OPTIONS with 200, Allow and Accept", () => {
    transport.inject(request("OPTIONS", "sip:1001@127.0.0.1"), FROM);
    const [r] = answers();
    expect(r?.status).toBe(200);
    expect(r?.headers.get("Allow")).toContain("INVITE");
    expect(r?.headers.get("Accept")).toBe("application/sdp");
  });

  it("gives 404 to requests for users it does not serve, and hands served INVITEs to the handler", () => {
    transport.inject(request("INVITE", "sip:9999@127.0.0.1"), FROM);
    transport.inject(request("INVITE", "sip:1001@127.0.0.1"), FROM);
    expect(answers().map((r) => r.status)).toEqual([404, 180]);
    expect(handler.taken).toHaveLength(1);
  });

  it("gives 405 with Allow to a method it does not support", () => {
    transport.inject(request("PUBLISH", "sip:1001@127.0.0.1"), FROM);
    expect(answers()[0]?.status).toBe(405);
    expect(answers()[0]?.headers.get("Allow")).toContain("OPTIONS");
  });

  it("gives 416 to an unsupported Request-URI scheme and 420 to an unknown required extension", () => {
    transport.inject(request("INVITE", "mailto:someone@example.com"), FROM);
    transport.inject(request("INVITE", "sip:1001@127.0.0.1", ["Require: 100rel, foo"]), FROM);
    expect(answers().map((r) => r.status)).toEqual([416, 420]);
    expect(answers()[1]?.headers.get("Unsupported")).toBe("100rel, foo");
  });

  it("gives 481 to in-dialog requests and CANCELs that match nothing", () => {
    transport.inject(request("BYE", "sip:1001@127.0.0.1"), FROM);
    const bye = request("BYE", "sip:1001@127.0.0.1");
    bye.headers.set("To", "<sip:1001@127.0.0.1>;tag=zzz");
    transport.inject(bye, FROM);
    transport.inject(request("CANCEL", "sip:1001@127.0.0.1"), FROM);
    expect(answers().map((r) => r.status)).toEqual([481, 481, 481]);
  });

  it("suppresses error answers once the limiter says no, and keeps serving", () => {
    allowance = 3;
    for (let i = 0; i < 50; i++) transport.inject(request("INVITE", "sip:9999@127.0.0.1"), FROM);
    expect(answers()).toHaveLength(3);
    transport.inject(request("OPTIONS", "sip:1001@127.0.0.1"), FROM);
    expect(answers().at(-1)?.status).toBe(200);
  });
});

describe("how the core sends", () => {
  const user = () => {
    const seen: string[] = [];
    return { seen, onResponse: (r: SipResponse) => seen.push(String(r.status)), onTimeout: () => seen.push("timeout"), onTransportError: (e: TransportError) => seen.push(`error:${e.message}`) };
  };
  const outgoingRequest = (method: string): SipRequest => {
    const r = request(method, "sip:2000@example.net");
    r.headers.remove("Via");
    return r;
  };
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  function reply(status: number, to: SipRequest): void {
    const headers = new Headers([["Via", to.headers.get("Via")!], ["From", to.headers.get("From")!], ["To", `${to.headers.get("To")!};tag=t1`], ["Call-ID", to.headers.get("Call-ID")!], ["CSeq", to.headers.get("CSeq")!]]);
    transport.inject({ type: "response", status, reason: "x", version: "SIP/2.0", headers, body: Buffer.alloc(0) }, { ...FROM, address: "127.0.0.2", port: 5060 });
  }

  it("adds a Via with rport and a fresh branch and Max-Forwards", async () => {
    const sender = core.senderFor({ protocol: "udp" });
    const u = user();
    sender.send(outgoingRequest("OPTIONS"), u);
    await settle();
    const sent = transport.messages("send")[0] as SipRequest;
    const via = topVia(sent)!;
    expect(via.params["branch"]).toMatch(/^z9hG4bK/);
    expect("rport" in via.params).toBe(true);
    expect(sent.headers.get("Max-Forwards")).toBe("70");
    reply(200, sent);
    expect(u.seen).toEqual(["200"]);
  });

  it("fails over to the next target on timeout and on 503, each attempt with a new branch", async () => {
    targets = [1, 2, 3].map((n) => ({ protocol: "udp", address: `127.0.0.${n + 1}`, port: 5060 }));
    const u = user();
    core.senderFor({ protocol: "udp" }).send(outgoingRequest("OPTIONS"), u);
    await settle();
    clock.advance(32_000);
    const second = transport.sent.filter((s) => s.to.address === "127.0.0.3");
    expect(second).toHaveLength(1);
    reply(503, second[0]!.message as SipRequest);
    const third = transport.sent.filter((s) => s.to.address === "127.0.0.4");
    expect(third).toHaveLength(1);
    const branches = new Set(transport.sent.map((s) => topVia(s.message)!.params["branch"]));
    expect(branches.size).toBe(3);
    reply(200, third[0]!.message as SipRequest);
    expect(u.seen).toEqual(["200"]);
  });

  it("reports the transport error when the last target fails", async () => {
    transport.failSends(new TransportError("refused"));
    const u = user();
    core.senderFor({ protocol: "udp" }).send(outgoingRequest("OPTIONS"), u);
    await settle();
    await settle();
    expect(u.seen).toEqual(["error:refused"]);
  });

  it("sends towards the first Route rather than the Request-URI", async () => {
    let located: SipUri | undefined;
    core = new UserAgentCore({
      clock, logs: silentLogs, transport, locate: async (uri) => { located = uri; return ok(targets); },
      limiter: { allow: () => true }, newBranch, allow: ["INVITE"], supported: [], userAgent: "t",
    });
    const r = outgoingRequest("BYE");
    r.headers.append("Route", "<sip:proxy.example.net;lr>");
    core.senderFor({ protocol: "udp" }).send(r, user());
    await settle();
    expect(located?.host).toBe("proxy.example.net");
  });

  it("sends CANCEL with the INVITE's branch only after a provisional response (§9.1)", async () => {
    const u = user();
    const out = core.senderFor({ protocol: "udp" }).send(outgoingRequest("INVITE"), u);
    await settle();
    out.cancel();
    const invite = transport.messages("send")[0] as SipRequest;
    expect(transport.messages("send").filter((m) => (m as SipRequest).method === "CANCEL")).toHaveLength(0);
    reply(180, invite);
    const cancel = transport.messages("send").find((m) => (m as SipRequest).method === "CANCEL") as SipRequest;
    expect(cancel).toBeDefined();
    expect(topVia(cancel)!.params["branch"]).toBe(topVia(invite)!.params["branch"]);
    expect(cancel.headers.get("CSeq")).toBe("1 CANCEL");
  });
});
