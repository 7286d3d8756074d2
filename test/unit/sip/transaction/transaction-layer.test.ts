/**
 * The TransactionLayer's matching and bookkeeping (RFC 3261 §17.1.3, §17.2.3,
 * §9.2, RFC 2543 fallback), with a FakeClock and the FakeTransport: responses by
 * branch and CSeq method, stray responses and ACKs, CANCEL finding its INVITE,
 * sent-by in the key, peers without the magic cookie, malformed input, close(),
 * misuse by the caller, and newBranch(). Timer behaviour of each machine is in
 * the per-machine test files.
 */
import { describe, expect, it } from "vitest";
import { createResponse } from "../../../../src/sip/message/index.js";
import { newBranch } from "../../../../src/sip/transaction/branch.js";
import { InviteServerState } from "../../../../src/sip/transaction/invite-server.js";
import { clientUser, harness, PEER, peerSource, reply, request } from "./harness.js";

describe("transaction layer: client side", () => {
  it("INVITE and its CANCEL share a branch; each response goes to the transaction of its CSeq method", () => {
    const h = harness();
    const inviteUser = clientUser(h.clock);
    const cancelUser = clientUser(h.clock);
    const invite = request();
    const cancel = request({ method: "CANCEL" });
    h.layer.sendRequest(invite, PEER, inviteUser);
    h.transport.inject(reply(invite, 180), peerSource());
    h.layer.sendRequest(cancel, PEER, cancelUser);
    expect(h.layer.size).toBe(2);
    h.transport.inject(reply(cancel, 200), peerSource());
    h.transport.inject(reply(invite, 487), peerSource());
    expect(inviteUser.log).toEqual(["0 response 180", "0 response 487"]);
    expect(cancelUser.log).toEqual(["0 response 200"]);
  });

  it("a response matching no transaction goes to onStrayResponse; one without Via or CSeq is dropped", () => {
    const h = harness();
    const invite = request({ branch: "z9hG4bKgone" });
    h.transport.inject(reply(invite, 200), peerSource());
    const broken = reply(invite, 200);
    broken.headers.remove("CSeq");
    h.transport.inject(broken, peerSource());
    const noVia = reply(invite, 200);
    noVia.headers.remove("Via");
    h.transport.inject(noVia, peerSource());
    expect(h.user.log).toEqual(["0 stray 200"]);
  });

  it("refuses to send ACK, a request without a branch, a CSeq of another method, or a duplicate branch", () => {
    const h = harness();
    const user = clientUser(h.clock);
    expect(() => h.layer.sendRequest(request({ method: "ACK" }), PEER, user)).toThrow(/ACK/);
    expect(() => h.layer.sendRequest(request({ branch: "" }), PEER, user)).toThrow(/branch/);
    const mismatched = request({ method: "BYE" });
    mismatched.headers.set("CSeq", "1 INVITE");
    expect(() => h.layer.sendRequest(mismatched, PEER, user)).toThrow(/CSeq/);
    h.layer.sendRequest(request(), PEER, user);
    expect(() => h.layer.sendRequest(request(), PEER, user)).toThrow(/already exists/);
  });
});

describe("transaction layer: server side", () => {
  it("an ACK that matches nothing reaches the user without a transaction", () => {
    const h = harness();
    h.transport.inject(request({ method: "ACK", viaHost: "192.0.2.20", toTag: "t1", branch: "z9hG4bKack1" }), peerSource());
    expect(h.user.requests).toHaveLength(1);
    expect(h.user.requests[0]!.transaction).toBeUndefined();
    expect(h.layer.size).toBe(0);
  });

  it("CANCEL gets its own transaction and finds the INVITE it cancels (§9.2)", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    h.transport.inject(invite, peerSource());
    const ist = h.user.requests[0]!.transaction!;
    const cancel = request({ method: "CANCEL", viaHost: "192.0.2.20" });
    h.transport.inject(cancel, peerSource());
    const cancelTx = h.user.requests[1]!.transaction!;
    expect(cancelTx).not.toBe(ist);
    expect(h.layer.findInviteServerTransaction(cancel)).toBe(ist);
    expect(h.layer.findInviteServerTransaction(request({ method: "CANCEL", viaHost: "192.0.2.20", branch: "z9hG4bKother" }))).toBeUndefined();
    expect(h.layer.findInviteServerTransaction(request({ method: "CANCEL", viaHost: "192.0.2.99" }))).toBeUndefined();
  });

  it("the same branch from another sent-by is another transaction (§17.2.3)", () => {
    const h = harness();
    h.transport.inject(request({ method: "OPTIONS", viaHost: "192.0.2.20" }), peerSource());
    h.transport.inject(request({ method: "OPTIONS", viaHost: "192.0.2.30" }), peerSource("udp", "192.0.2.30"));
    h.transport.inject(request({ method: "OPTIONS", viaHost: "192.0.2.20" }), peerSource());
    expect(h.user.requests).toHaveLength(2);
    expect(h.layer.size).toBe(2);
  });

  it("a request without a usable top Via is dropped without throwing", () => {
    const h = harness();
    const req = request({ viaHost: "192.0.2.20" });
    req.headers.remove("Via");
    expect(() => h.transport.inject(req, peerSource())).not.toThrow();
    expect(h.user.requests).toHaveLength(0);
  });
});

describe("transaction layer: RFC 2543 peers (branch without the magic cookie)", () => {
  const old = (method = "INVITE") => request({ method, viaHost: "192.0.2.20", branch: "1234" });

  it("matches a retransmitted INVITE by Request-URI, tags, Call-ID, CSeq and top Via", () => {
    const h = harness();
    h.transport.inject(old(), peerSource());
    h.transport.inject(old(), peerSource());
    expect(h.user.requests).toHaveLength(1);
    const other = old();
    other.headers.set("CSeq", "2 INVITE");
    h.transport.inject(other, peerSource());
    expect(h.user.requests).toHaveLength(2);
  });

  it("an ACK matches when its To tag is the tag of the response sent; another tag is a stray ACK", () => {
    const h = harness();
    const invite = old();
    h.user.answer = (_r, t) => t.respond(createResponse(invite, 486, { toTag: "sent-tag" }));
    h.transport.inject(invite, peerSource());
    const ist = h.user.requests[0]!.transaction!;
    const wrongAck = request({ method: "ACK", viaHost: "192.0.2.20", branch: "1234", toTag: "other" });
    h.transport.inject(wrongAck, peerSource());
    expect(ist.state).toBe(InviteServerState.Completed);
    expect(h.user.log).toEqual(["0 request INVITE", "0 request ACK (no transaction)"]);
    h.transport.inject(request({ method: "ACK", viaHost: "192.0.2.20", branch: "1234", toTag: "sent-tag" }), peerSource());
    expect(ist.state).toBe(InviteServerState.Confirmed);
  });

  it("a CANCEL finds its INVITE by the same fields with the method taken as INVITE", () => {
    const h = harness();
    h.transport.inject(old(), peerSource());
    const ist = h.user.requests[0]!.transaction!;
    const cancel = old("CANCEL");
    h.transport.inject(cancel, peerSource());
    expect(h.user.requests[1]!.transaction).not.toBe(ist);
    expect(h.layer.findInviteServerTransaction(cancel)).toBe(ist);
    const elsewhere = old("CANCEL");
    elsewhere.uri = "sip:carol@example.net";
    expect(h.layer.findInviteServerTransaction(elsewhere)).toBeUndefined();
  });

  it("forgets old-style transactions when they end", () => {
    const h = harness();
    h.user.answer = (r, t) => t.respond(createResponse(r, 200, { toTag: "t" }));
    h.transport.inject(old("OPTIONS"), peerSource());
    h.clock.advance(32_000);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });
});

describe("transaction layer: lifetime", () => {
  it("close() terminates every transaction silently and leaves no timers", () => {
    const h = harness();
    const user = clientUser(h.clock);
    h.layer.sendRequest(request({ branch: "z9hG4bKc1" }), PEER, user);
    h.layer.sendRequest(request({ method: "OPTIONS", branch: "z9hG4bKc2" }), PEER, user);
    h.transport.inject(request({ viaHost: "192.0.2.20", branch: "z9hG4bKs1" }), peerSource());
    // An RFC 2543 peer may send no branch at all.
    h.transport.inject(request({ method: "OPTIONS", viaHost: "192.0.2.20", branch: "" }), peerSource());
    expect(h.layer.size).toBe(4);
    h.layer.close();
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
    h.clock.advance(64_000);
    expect(user.log).toEqual([]);
    h.transport.inject(request({ viaHost: "192.0.2.20", branch: "z9hG4bKs2" }), peerSource());
    expect(h.user.requests).toHaveLength(2);
    expect(() => h.layer.sendRequest(request({ branch: "z9hG4bKc3" }), PEER, user)).toThrow(/closed/);
  });

  it("a server transaction the TU terminates sends nothing and is forgotten: a retransmission is new", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    h.transport.inject(invite, peerSource());
    h.user.requests[0]!.transaction!.terminate();
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
    h.clock.advance(500);
    h.transport.inject(invite, peerSource());
    expect(h.user.log).toEqual(["0 request INVITE", "500 request INVITE"]);
    expect(h.sendTimes("100")).toEqual([]);
  });

  it("newBranch() starts with the magic cookie and does not repeat", () => {
    const branches = new Set(Array.from({ length: 1000 }, () => newBranch()));
    expect(branches.size).toBe(1000);
    for (const b of branches) expect(b).toMatch(/^z9hG4bK[0-9a-f]{32}$/);
  });
});
