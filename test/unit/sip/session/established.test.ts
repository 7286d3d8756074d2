/**
 * The in-dialog phase shared by both sides (RFC 3261 §12.2, §14, §15; RFC 3311):
 * re-INVITE and UPDATE offers both ways, glare (491 and the §14.1 back-off: 2.1–4 s
 * for the Call-ID owner, 0–2 s otherwise), out-of-order CSeq (500), INFO, target
 * refresh, 481 ending the dialog, an offerless re-INVITE, and close().
 * Not covered: setup (outgoing-call / incoming-call tests).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseUri } from "../../../../src/sip/message/index.js";
import { SessionState, type Session } from "../../../../src/sip/session/index.js";
import { authenticatedHarness, deliver, incomingEstablished, outgoingEstablished, PROXY_CHALLENGE } from "./established-calls.js";
import { ANSWER, FakeServerTransaction, harness, leftoverTimers, OFFER, peerRequest, sdp, type Harness } from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

const target = parseUri("sip:2002@example.net");
const from = parseUri("sip:1001@example.net");

function hangUp(h: Harness, call: Session): void {
  call.hangup();
  h.sender.answer(h.sender.last("BYE"), 200);
  expect(h.clock.activeTimers).toBe(0);
  expect(h.manager.size).toBe(0);
}

const PEER_V2 = sdp("peer", "198.51.100.20", 5002, 2);

describe("established session", () => {
  it("answers a re-INVITE with the user's SDP, waits for the ACK and follows the new Contact", () => {
    const h = harness();
    const { call, peer } = outgoingEstablished(h);
    const tx = deliver(h, "INVITE", { ...peer, cseq: 7, sdp: PEER_V2, contact: "<sip:2002@198.51.100.99>" });
    expect(h.user.events).toEqual(["remote-offer peer@2"]);
    expect(tx.statuses()).toEqual([200]);
    expect(tx.last().body.toString()).toBe(h.user.answer);
    expect(tx.last().headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    h.clock.advance(600);
    expect(tx.statuses()).toEqual([200, 200]);
    h.manager.handleRequest(peerRequest("ACK", { ...peer, cseq: 7 }), undefined);
    h.clock.advance(10_000);
    expect(tx.statuses()).toEqual([200, 200]);
    call.hangup();
    expect(h.sender.last("BYE").request.uri).toBe("sip:2002@198.51.100.99");
    h.sender.answer(h.sender.last("BYE"), 200);
    expect(h.manager.size).toBe(0);
  });

  it("refuses an offer the user rejects with 488 and keeps the session", () => {
    const h = harness();
    const { call, peer } = outgoingEstablished(h);
    h.user.answer = undefined;
    const tx = deliver(h, "INVITE", { ...peer, cseq: 7, sdp: PEER_V2 });
    expect(tx.statuses()).toEqual([488]);
    expect(call.state).toBe(SessionState.Established);
    hangUp(h, call);
  });

  it("sends a re-INVITE, ACKs its 2xx with the same CSeq and resolves with the answer", async () => {
    const h = harness();
    const { call, seq } = outgoingEstablished(h);
    const result = call.reinvite(sdp("dialtone", "192.0.2.10", 4000, 2));
    const reinvite = h.sender.last("INVITE");
    expect(reinvite.request.uri).toBe("sip:peer@198.51.100.20");
    expect(reinvite.request.headers.get("CSeq")).toBe(`${seq + 1} INVITE`);
    expect(reinvite.request.headers.get("To")).toBe("<sip:2002@example.net>;tag=b1");
    expect(reinvite.request.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    h.sender.answer(reinvite, 200, { toTag: "b1", sdp: PEER_V2 });
    expect(await result).toEqual({ ok: true, value: PEER_V2 });
    expect(h.sender.acks.at(-1)!.ack.headers.get("CSeq")).toBe(`${seq + 1} ACK`);
    hangUp(h, call);
  });

  it("resolves glare as the Call-ID owner: 491 to theirs, our retry after 2.1–4 s", async () => {
    const h = harness();
    const { call, peer, seq } = outgoingEstablished(h);
    const result = call.reinvite(sdp("dialtone", "192.0.2.10", 4000, 2));
    const theirs = deliver(h, "INVITE", { ...peer, cseq: 7, sdp: PEER_V2 });
    expect(theirs.statuses()).toEqual([491]);
    h.sender.answer(h.sender.last("INVITE"), 491, { toTag: "b1" });
    // random() = 0.5 → 2100 + 10·floor(0.5·191) = 3050 ms
    h.clock.advance(3049);
    expect(h.sender.of("INVITE")).toHaveLength(2);
    h.clock.advance(1);
    const retry = h.sender.last("INVITE");
    expect(h.sender.of("INVITE")).toHaveLength(3);
    expect(retry.request.headers.get("CSeq")).toBe(`${seq + 2} INVITE`);
    h.sender.answer(retry, 200, { toTag: "b1", sdp: PEER_V2 });
    expect(await result).toEqual({ ok: true, value: PEER_V2 });
    hangUp(h, call);
  });

  it("waits at most 2 s after a 491 when the peer owns the Call-ID, and at most 4 s when we do", () => {
    const late = harness(0.9999);
    const incoming = incomingEstablished(late);
    void incoming.call.update(OFFER);
    late.sender.answer(late.sender.last("UPDATE"), 491);
    late.clock.advance(1999);
    expect(late.sender.of("UPDATE")).toHaveLength(1);
    late.clock.advance(1);
    expect(late.sender.of("UPDATE")).toHaveLength(2);

    const owner = harness(0.9999);
    const outgoing = outgoingEstablished(owner);
    void outgoing.call.reinvite(OFFER);
    owner.sender.answer(owner.sender.last("INVITE"), 491, { toTag: "b1" });
    owner.clock.advance(3999);
    expect(owner.sender.of("INVITE")).toHaveLength(2);
    owner.clock.advance(1);
    expect(owner.sender.of("INVITE")).toHaveLength(3);
  });

  it("answers an UPDATE offer at once and sends its own UPDATE", async () => {
    const h = harness();
    const { call, peer } = incomingEstablished(h);
    const tx = deliver(h, "UPDATE", { ...peer, cseq: 2, sdp: PEER_V2 });
    expect(tx.statuses()).toEqual([200]);
    expect(tx.last().body.toString()).toBe(h.user.answer);
    expect(h.clock.activeTimers).toBe(0); // UPDATE has no ACK
    const result = call.update(OFFER);
    const update = h.sender.last("UPDATE");
    expect(update.request.uri).toBe("sip:2002@198.51.100.20:5060");
    expect(update.request.headers.get("To")).toBe('Peer <sip:2002@example.net>;tag=peer-tag');
    h.sender.answer(update, 200, { sdp: ANSWER });
    expect(await result).toEqual({ ok: true, value: ANSWER });
    expect(h.user.events).toEqual(["remote-offer peer@2"]);
    hangUp(h, call);
  });

  it("rejects a request with a lower CSeq than the last one with 500", () => {
    const h = harness();
    const { call, peer } = incomingEstablished(h);
    expect(deliver(h, "INFO", { ...peer, cseq: 20, body: "Signal=5\r\nDuration=160", contentType: "application/dtmf-relay" }).statuses()).toEqual([200]);
    expect(deliver(h, "BYE", { ...peer, cseq: 19 }).statuses()).toEqual([500]);
    expect(call.state).toBe(SessionState.Established);
    expect(h.user.events).toEqual(["info application/dtmf-relay Signal=5\r\nDuration=160"]);
    hangUp(h, call);
  });

  it("ends the session when our re-INVITE gets 481", async () => {
    const h = harness();
    const { call } = outgoingEstablished(h);
    const result = call.reinvite(OFFER);
    h.sender.answer(h.sender.last("INVITE"), 481, { toTag: "b1" });
    expect(await result).toEqual({ ok: false, error: { status: 481, reason: "Call/Transaction Does Not Exist" } });
    expect(h.user.events).toEqual(["ended remote (481 Call/Transaction Does Not Exist)"]);
    expect(h.sender.of("BYE")).toHaveLength(0);
    expect(h.manager.size).toBe(0);
  });

  it("re-offers its last SDP for an offerless re-INVITE and takes the answer from the ACK", () => {
    const h = harness();
    const { call, peer } = incomingEstablished(h);
    const tx = deliver(h, "INVITE", { ...peer, cseq: 2 });
    expect(tx.last().body.toString()).toBe(OFFER);
    h.manager.handleRequest(peerRequest("ACK", { ...peer, cseq: 2, sdp: PEER_V2 }), undefined);
    expect(h.user.events).toEqual(["remote-answer peer@2"]);
    hangUp(h, call);
  });

  it("refuses a second offer of ours while one is pending", async () => {
    const h = harness();
    const { call } = outgoingEstablished(h);
    void call.reinvite(OFFER);
    expect(await call.update(OFFER)).toEqual({ ok: false, error: { status: 491, reason: "Request Pending" } });
  });

  it("answers a re-INVITE that arrives before the ACK of the previous one with 500 and Retry-After", () => {
    const h = harness();
    const { call, peer } = outgoingEstablished(h);
    deliver(h, "INVITE", { ...peer, cseq: 7, sdp: PEER_V2 });
    const second = deliver(h, "INVITE", { ...peer, cseq: 8, sdp: PEER_V2 });
    expect(second.statuses()).toEqual([500]);
    expect(second.last().headers.get("Retry-After")).toBe("5");
    h.manager.handleRequest(peerRequest("ACK", { ...peer, cseq: 7 }), undefined);
    hangUp(h, call);
  });

  it("after our BYE answers other requests 481, a crossing BYE 200, and ends once", () => {
    const h = harness();
    const { call, peer } = outgoingEstablished(h);
    call.hangup();
    expect(deliver(h, "INFO", { ...peer, cseq: 8, body: "x", contentType: "text/plain" }).statuses()).toEqual([481]);
    const theirs = deliver(h, "BYE", { ...peer, cseq: 9 });
    expect(theirs.statuses()).toEqual([200]);
    // The dialog is gone: the core answers 481 for what follows.
    expect(h.manager.handleRequest(peerRequest("INFO", { ...peer, cseq: 10 }), new FakeServerTransaction(h.clock, peerRequest("INFO", { ...peer, cseq: 10 })))).toBe(false);
    h.sender.answer(h.sender.last("BYE"), 481);
    expect(h.user.events).toEqual(["ended remote"]);
    expect(h.manager.size).toBe(0);
  });

  it("close() sends BYE, CANCEL and 480 and resolves once everything has ended", async () => {
    const h = harness();
    const established = outgoingEstablished(h);
    if (!target.ok || !from.ok) throw new Error("uri");
    h.manager.call({ target: target.value, from: { displayName: undefined, uri: from.value, params: {} }, offer: OFFER, user: h.user });
    const ringing = h.sender.last("INVITE");
    h.sender.answer(ringing, 180, { toTag: "r" });
    const incomingTx = new FakeServerTransaction(h.clock, peerRequest("INVITE", { callId: "in-1", sdp: ANSWER }));
    h.manager.handleRequest(incomingTx.request, incomingTx);

    let closed = false;
    const done = h.manager.close().then(() => { closed = true; });
    expect(incomingTx.statuses()).toEqual([480]);
    expect(ringing.cancelled).toBe(true);
    h.sender.answer(h.sender.last("BYE"), 200);
    await Promise.resolve();
    expect(closed).toBe(false);
    h.sender.answer(ringing, 487, { toTag: "r" });
    await done;
    expect(closed).toBe(true);
    expect(established.call.state).toBe(SessionState.Ended);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("close() drops what is still pending after its time limit", async () => {
    const h = harness();
    outgoingEstablished(h);
    const done = h.manager.close(1000);
    h.clock.advance(1000);
    await done;
    expect(h.user.events).toEqual(["ended local (shutdown)"]);
    expect(h.manager.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });
  it("ACKs a re-INVITE re-sent with credentials with its CSeq, and numbers later requests above it (§22.2)", async () => {
    const h = authenticatedHarness();
    const { call, seq } = outgoingEstablished(h);
    const result = call.reinvite(sdp("dialtone", "192.0.2.10", 4000, 2));
    h.sender.answer(h.sender.last("INVITE"), 407, { toTag: "b1", headers: [["Proxy-Authenticate", PROXY_CHALLENGE]] });
    const retry = h.sender.last("INVITE");
    expect(retry.request.headers.get("CSeq")).toBe(`${seq + 2} INVITE`);
    h.sender.answer(retry, 200, { toTag: "b1", sdp: PEER_V2 });
    expect(await result).toEqual({ ok: true, value: PEER_V2 });
    expect(h.sender.acks.at(-1)!.ack.headers.get("CSeq")).toBe(`${seq + 2} ACK`);
    const info = call.info("application/dtmf-relay", "Signal=1");
    expect(h.sender.last("INFO").request.headers.get("CSeq")).toBe(`${seq + 3} INFO`);
    h.sender.answer(h.sender.last("INFO"), 200, { toTag: "b1" });
    expect((await info).ok).toBe(true);
    hangUp(h, call);
  });
});
