/**
 * Requests from the caller inside the early dialog our 18x made (RFC 3261 §12.1.1),
 * callee side: INFO and an offerless UPDATE are answered 200; an UPDATE offer is
 * answered by the user once our 183 answered the INVITE's offer, else 500 with
 * Retry-After (RFC 3311 §5.2), or 491 when the INVITE had no offer (§5.1); a
 * re-INVITE gets 500 (§14.2); a BYE gets 200 and the INVITE 487, like CANCEL
 * (§15.1.2). Before our first 18x and after the call ends the dialog is unknown.
 * Not covered: the caller side (early-dialog-caller.test.ts), confirmed dialogs.
 */
import { afterEach, describe, expect, it } from "vitest";
import { SessionState } from "../../../../src/sip/session/index.js";
import {
  ANSWER, FakeServerTransaction, harness, leftoverTimers, OFFER, peerRequest, sdp,
  type Harness, type PeerRequestOptions,
} from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

const PEER_OFFER = OFFER.replace("dialtone", "peer");
const PEER_V2 = sdp("peer", "198.51.100.20", 5002, 2);

/** An INVITE (CSeq 10) from the peer that we answer with `provisional`; returns what the peer's in-dialog requests need. */
function ringingCall(h: Harness, provisional: "180" | "183" = "180", invite: PeerRequestOptions = { sdp: PEER_OFFER }) {
  const tx = new FakeServerTransaction(h.clock, peerRequest("INVITE", { cseq: 10, ...invite }));
  expect(h.manager.handleRequest(tx.request, tx)).toBe(true);
  const call = h.incoming.at(-1)!;
  expect(provisional === "180" ? call.ringing() : call.progress(ANSWER)).toBe(true);
  const toTag = /;tag=([^;]+)/.exec(tx.last().headers.get("To")!)![1]!;
  const peer: PeerRequestOptions = { fromTag: "peer-tag", toTag };
  return { tx, call, peer };
}

function deliver(h: Harness, method: string, options: PeerRequestOptions): FakeServerTransaction {
  const tx = new FakeServerTransaction(h.clock, peerRequest(method, options));
  expect(h.manager.handleRequest(tx.request, tx), `${method} routed to the session`).toBe(true);
  return tx;
}

function retryAfter(tx: FakeServerTransaction): number {
  return Number(tx.last().headers.get("Retry-After"));
}

describe("early dialog, callee side", () => {
  it("answers INFO and an offerless UPDATE in the early dialog, then the call goes on", () => {
    const h = harness();
    const { tx, call, peer } = ringingCall(h);
    const info = deliver(h, "INFO", { ...peer, cseq: 11, body: "Signal=5", contentType: "application/dtmf-relay" });
    expect(info.statuses()).toEqual([200]);
    expect(info.last().headers.get("To")).toBe(`<sip:1001@example.net>;tag=${peer.toTag}`);
    const update = deliver(h, "UPDATE", { ...peer, cseq: 12, contact: "<sip:2002@198.51.100.77>" });
    expect(update.statuses()).toEqual([200]);
    expect(update.last().body.length).toBe(0);
    expect(update.last().headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(h.user.events).toEqual(["info application/dtmf-relay Signal=5"]);

    call.accept(ANSWER);
    expect(tx.statuses()).toEqual([180, 200]);
    h.manager.handleRequest(peerRequest("ACK", { ...peer, cseq: 10 }), undefined);
    call.hangup();
    expect(h.sender.last("BYE").request.uri, "the UPDATE refreshed the remote target").toBe("sip:2002@198.51.100.77");
    h.sender.answer(h.sender.last("BYE"), 200);
    expect(h.user.events.slice(1)).toEqual(["confirmed", "ended local"]);
    expect(h.manager.size).toBe(0);
  });

  it("lets the user answer an UPDATE offer once our 183 answered the INVITE", () => {
    const h = harness();
    const { tx, call, peer } = ringingCall(h, "183");
    const update = deliver(h, "UPDATE", { ...peer, cseq: 11, sdp: PEER_V2 });
    expect(h.user.events).toEqual(["remote-offer peer@2"]);
    expect(update.statuses()).toEqual([200]);
    expect(update.last().headers.get("Content-Type")).toBe("application/sdp");
    expect(update.last().body.toString()).toBe(h.user.answer);
    expect(call.state).toBe(SessionState.Early);
    expect(tx.statuses()).toEqual([183]);
    call.reject(603);
    expect(h.manager.size).toBe(0);
  });

  it("answers 488 to an early UPDATE offer the user refuses, and the call stays early", () => {
    const h = harness();
    const { call, peer } = ringingCall(h, "183");
    h.user.answer = undefined;
    const update = deliver(h, "UPDATE", { ...peer, cseq: 11, sdp: PEER_V2 });
    expect(update.statuses()).toEqual([488]);
    expect(call.state).toBe(SessionState.Early);
    call.reject(486);
  });

  it("answers 500 with Retry-After to an UPDATE offer while the INVITE's offer awaits our answer (RFC 3311 §5.2)", () => {
    const h = harness(0.35);
    const { call, peer } = ringingCall(h, "180");
    const update = deliver(h, "UPDATE", { ...peer, cseq: 11, sdp: PEER_V2 });
    expect(update.statuses()).toEqual([500]);
    expect(retryAfter(update)).toBe(3);
    expect(h.user.events).toEqual([]);
    call.reject(486);
  });

  it("answers 491 to an UPDATE offer when the INVITE had none (the caller may not offer yet, RFC 3311 §5.1)", () => {
    const h = harness();
    const { call, peer } = ringingCall(h, "180", {});
    const update = deliver(h, "UPDATE", { ...peer, cseq: 11, sdp: PEER_V2 });
    expect(update.statuses()).toEqual([491]);
    expect(h.user.events).toEqual([]);
    call.reject(486);
  });

  it("answers 500 with Retry-After to a re-INVITE before our final response (§14.2)", () => {
    const h = harness(0.9);
    const { tx, call, peer } = ringingCall(h, "183");
    const reinvite = deliver(h, "INVITE", { ...peer, cseq: 11, sdp: PEER_V2 });
    expect(reinvite.statuses()).toEqual([500]);
    expect(retryAfter(reinvite)).toBe(9);
    expect(tx.statuses()).toEqual([183]);
    call.reject(486);
  });

  it("answers an INFO with the status its user returns (415 for a body type it does not take)", () => {
    const h = harness();
    const { call, peer } = ringingCall(h);
    h.user.infoStatus = 415;
    const info = deliver(h, "INFO", { ...peer, cseq: 11, body: "<x/>", contentType: "application/media_control+xml" });
    expect(info.statuses()).toEqual([415]);
    expect(h.user.events).toEqual(["info application/media_control+xml <x/>"]);
    call.reject(486);
  });

  it("answers 500 to an early request whose CSeq is below the INVITE's (§12.2.2)", () => {
    const h = harness();
    const { call, peer } = ringingCall(h);
    const info = deliver(h, "INFO", { ...peer, cseq: 9, body: "x", contentType: "text/plain" });
    expect(info.statuses()).toEqual([500]);
    expect(h.user.events).toEqual([]);
    call.reject(486);
  });

  it("takes a BYE on the early dialog as the caller giving up: 200, 487 to the INVITE, onCancelled (§15.1.2)", () => {
    const h = harness();
    const { tx, call, peer } = ringingCall(h);
    const bye = deliver(h, "BYE", { ...peer, cseq: 11 });
    expect(bye.statuses()).toEqual([200]);
    expect(tx.statuses()).toEqual([180, 487]);
    expect(tx.last().headers.get("To")).toBe(`<sip:1001@example.net>;tag=${peer.toTag}`);
    expect(h.user.events).toEqual(["cancelled"]);
    expect(call.state).toBe(SessionState.Ended);
    expect(call.accept(ANSWER)).toBe(false);
    const late = new FakeServerTransaction(h.clock, peerRequest("INFO", { ...peer, cseq: 12 }));
    expect(h.manager.handleRequest(late.request, late), "the ended early dialog is no longer ours").toBe(false);
    expect(h.manager.size).toBe(0);
  });

  it("knows the dialog no more once the call is rejected, with or without an 18x", () => {
    const h = harness();
    const tx = new FakeServerTransaction(h.clock, peerRequest("INVITE", { cseq: 10, sdp: PEER_OFFER }));
    h.manager.handleRequest(tx.request, tx);
    const call = h.incoming.at(-1)!;
    call.reject(486);
    const toTag = /;tag=([^;]+)/.exec(tx.last().headers.get("To")!)![1]!;
    const update = new FakeServerTransaction(h.clock, peerRequest("UPDATE", { cseq: 11, toTag }));
    expect(h.manager.handleRequest(update.request, update)).toBe(false);

    const ringing = ringingCall(h, "180", { sdp: PEER_OFFER, callId: "call-2" });
    ringing.call.reject(603);
    const after = new FakeServerTransaction(h.clock, peerRequest("UPDATE", { ...ringing.peer, callId: "call-2", cseq: 11 }));
    expect(h.manager.handleRequest(after.request, after)).toBe(false);
    expect(h.manager.size).toBe(0);
  });
});
