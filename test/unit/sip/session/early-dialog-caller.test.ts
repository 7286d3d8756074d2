/**
 * Requests from the callee inside the early dialogs its 18x made (RFC 3261
 * §12.1.2), caller side: INFO is answered 200; an UPDATE offer gets 491 while our
 * INVITE's offer has no answer on that dialog and is answered by the user once an
 * 18x carried one (RFC 3311 §5.2); a re-INVITE gets 491 (§14.2); a BYE ends only
 * that early dialog. Early dialogs of other forks and of a redirected attempt are
 * forgotten. Not covered: the callee side (early-dialog-callee.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseUri } from "../../../../src/sip/message/index.js";
import { SessionState } from "../../../../src/sip/session/index.js";
import {
  ANSWER, FakeServerTransaction, harness, leftoverTimers, OFFER, peerRequest, sdp,
  type Harness, type PeerRequestOptions,
} from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

const PEER_V2 = sdp("peer", "198.51.100.20", 5002, 2);

function startCall(h: Harness) {
  const target = parseUri("sip:2002@example.net");
  const from = parseUri("sip:1001@example.net");
  if (!target.ok || !from.ok) throw new Error("uri");
  const call = h.manager.call({ target: target.value, from: { displayName: undefined, uri: from.value, params: {} }, offer: OFFER, user: h.user });
  const invite = h.sender.last("INVITE");
  const localTag = /;tag=(\w+)/.exec(invite.request.headers.get("From")!)![1]!;
  const callId = invite.request.headers.get("Call-ID")!;
  /** What a request from the fork with `remoteTag` carries. */
  const from_ = (remoteTag: string): PeerRequestOptions => ({ callId, fromTag: remoteTag, toTag: localTag });
  return { call, invite, peer: from_ };
}

function deliver(h: Harness, method: string, options: PeerRequestOptions): FakeServerTransaction {
  const tx = new FakeServerTransaction(h.clock, peerRequest(method, options));
  expect(h.manager.handleRequest(tx.request, tx), `${method} routed to the session`).toBe(true);
  return tx;
}

function notOurs(h: Harness, method: string, options: PeerRequestOptions): boolean {
  const tx = new FakeServerTransaction(h.clock, peerRequest(method, options));
  return !h.manager.handleRequest(tx.request, tx);
}

describe("early dialog, caller side", () => {
  it("answers INFO on the early dialog and 491 to an UPDATE offer before any answer to our INVITE", () => {
    const h = harness();
    const { call, invite, peer } = startCall(h);
    h.sender.answer(invite, 180, { toTag: "b1" });
    const info = deliver(h, "INFO", { ...peer("b1"), cseq: 1, body: "Signal=1", contentType: "application/dtmf-relay" });
    expect(info.statuses()).toEqual([200]);
    const update = deliver(h, "UPDATE", { ...peer("b1"), cseq: 2, sdp: PEER_V2 });
    expect(update.statuses()).toEqual([491]);
    const reinvite = deliver(h, "INVITE", { ...peer("b1"), cseq: 3, sdp: PEER_V2 });
    expect(reinvite.statuses(), "§14.2: our INVITE is still in progress").toEqual([491]);
    expect(h.user.events).toEqual(["progress 180 Ringing", "info application/dtmf-relay Signal=1"]);
    expect(call.state).toBe(SessionState.Early);
    h.sender.answer(invite, 486, { toTag: "b1" });
    expect(h.manager.size).toBe(0);
  });

  it("lets the user answer an UPDATE offer after an 18x carried the answer, and re-offers that SDP later", () => {
    const h = harness();
    const { call, invite, peer } = startCall(h);
    h.sender.answer(invite, 183, { toTag: "b1", sdp: ANSWER });
    const update = deliver(h, "UPDATE", { ...peer("b1"), cseq: 2, sdp: PEER_V2, contact: "<sip:2002@198.51.100.88>" });
    expect(update.statuses()).toEqual([200]);
    expect(update.last().body.toString()).toBe(h.user.answer);
    expect(update.last().headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(h.user.events).toEqual(["progress 183 Session Progress", "early-media peer@1", "remote-offer peer@2"]);

    h.sender.answer(invite, 200, { toTag: "b1", sdp: PEER_V2, contact: "<sip:2002@198.51.100.88>" });
    expect(call.state).toBe(SessionState.Established);
    const offerless = deliver(h, "INVITE", { ...peer("b1"), cseq: 3 });
    expect(offerless.last().body.toString(), "our last SDP is the one from the UPDATE").toBe(h.user.answer);
    h.manager.handleRequest(peerRequest("ACK", { ...peer("b1"), cseq: 3, sdp: PEER_V2 }), undefined);
    call.hangup();
    h.sender.answer(h.sender.last("BYE"), 200);
    expect(h.manager.size).toBe(0);
  });

  it("keeps the offer rule per fork: an answer from one fork does not open another's early dialog", () => {
    const h = harness();
    const { invite, peer, call } = startCall(h);
    h.sender.answer(invite, 183, { toTag: "b1", sdp: ANSWER });
    h.sender.answer(invite, 180, { toTag: "b2" });
    expect(deliver(h, "UPDATE", { ...peer("b2"), cseq: 2, sdp: PEER_V2 }).statuses()).toEqual([491]);
    expect(deliver(h, "UPDATE", { ...peer("b1"), cseq: 2, sdp: PEER_V2 }).statuses()).toEqual([200]);
    call.cancel();
    h.sender.answer(invite, 487, { toTag: "b1" });
    expect(h.manager.size).toBe(0);
  });

  it("forgets the other forks' early dialogs once one fork answers", () => {
    const h = harness();
    const { call, invite, peer } = startCall(h);
    h.sender.answer(invite, 180, { toTag: "b1" });
    h.sender.answer(invite, 180, { toTag: "b2" });
    h.sender.answer(invite, 200, { toTag: "b1", sdp: ANSWER });
    expect(notOurs(h, "UPDATE", { ...peer("b2"), cseq: 2 })).toBe(true);
    expect(deliver(h, "INFO", { ...peer("b1"), cseq: 2 }).statuses()).toEqual([200]);
    call.hangup();
    h.sender.answer(h.sender.last("BYE"), 200);
  });

  it("ends only the early dialog a BYE arrives on; the call waits for its final response", () => {
    const h = harness();
    const { call, invite, peer } = startCall(h);
    h.sender.answer(invite, 180, { toTag: "b1" });
    h.sender.answer(invite, 180, { toTag: "b2" });
    expect(deliver(h, "BYE", { ...peer("b1"), cseq: 5 }).statuses()).toEqual([200]);
    expect(notOurs(h, "INFO", { ...peer("b1"), cseq: 6 })).toBe(true);
    expect(deliver(h, "INFO", { ...peer("b2"), cseq: 6 }).statuses()).toEqual([200]);
    expect(call.state).toBe(SessionState.Early);
    h.sender.answer(invite, 486, { toTag: "b2" });
    expect(h.user.events.at(-1)).toBe("failed 486 Busy Here");
    expect(h.manager.size).toBe(0);
  });

  it("forgets the early dialogs of an attempt that was redirected", () => {
    const h = harness();
    const { invite, peer } = startCall(h);
    h.sender.answer(invite, 180, { toTag: "b1" });
    h.sender.answer(invite, 302, { toTag: "b1", contact: "<sip:3003@elsewhere.example.net>" });
    expect(notOurs(h, "INFO", { ...peer("b1"), cseq: 2 })).toBe(true);
    h.sender.answer(h.sender.last("INVITE"), 404, { toTag: "c1" });
    expect(h.user.events.at(-1)).toBe("failed 404 Not Found");
    expect(h.manager.size).toBe(0);
  });
});
