/**
 * The callee side (RFC 3261 §13.3) with a fake INVITE server transaction: nothing
 * is sent until the user acts; 180/183/200 carry our tag, Contact and the copied
 * Record-Route; the 200 is re-sent at 0.5, 1.5, 3.5, 7.5 s... (T1 doubling, capped
 * at T2) until the ACK, or BYE at 64·T1 without one; CANCEL gives 200 + 487; an
 * INVITE without SDP gets our offer in the 200 and its answer from the ACK.
 * Not covered: in-dialog requests after the ACK (established.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { SessionManager, SessionState } from "../../../../src/sip/session/index.js";
import { silentLogs } from "../../../../src/util/log.js";
import { FakeClock } from "../../../../src/util/clock.js";
import {
  ANSWER, FakeSender, FakeServerTransaction, harness, leftoverTimers, LOCAL_CONTACT, OFFER, peerRequest,
  type Harness, type PeerRequestOptions,
} from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

const PEER_OFFER = OFFER.replace("dialtone", "peer");

function receiveInvite(h: Harness, options: PeerRequestOptions = { sdp: PEER_OFFER }) {
  const tx = new FakeServerTransaction(h.clock, peerRequest("INVITE", { cseq: 10, ...options }));
  expect(h.manager.handleRequest(tx.request, tx)).toBe(true);
  const call = h.incoming.at(-1)!;
  return { tx, call };
}

function toTagOf(tx: FakeServerTransaction): string {
  return /;tag=([^;]+)/.exec(tx.last().headers.get("To")!)![1]!;
}

function ack(tx: FakeServerTransaction, options: PeerRequestOptions = {}) {
  return peerRequest("ACK", { cseq: 10, toTag: toTagOf(tx), ...options });
}

function expectIdle(h: Harness): void {
  expect(h.clock.activeTimers).toBe(0);
  expect(h.manager.size).toBe(0);
}

describe("IncomingCall", () => {
  it("rings, answers, re-sends the 200 until the ACK and then stops", () => {
    const h = harness();
    const { tx, call } = receiveInvite(h, { sdp: PEER_OFFER, recordRoute: ["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"] });
    expect(call.offer).toBe(PEER_OFFER);
    expect(call.from.displayName).toBe("Peer");
    expect(tx.responses).toHaveLength(0);

    expect(call.ringing()).toBe(true);
    const ringing = tx.last();
    expect(ringing.status).toBe(180);
    expect(ringing.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(ringing.headers.getAll("Record-Route")).toEqual(["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"]);
    const tag = toTagOf(tx);

    h.clock.advance(3000);
    expect(call.accept(ANSWER)).toBe(true);
    const ok = tx.last();
    expect(ok.status).toBe(200);
    expect(ok.headers.get("To")).toBe(`<sip:1001@example.net>;tag=${tag}`);
    expect(ok.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(ok.headers.getAll("Record-Route")).toEqual(["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"]);
    expect(ok.headers.get("Content-Type")).toBe("application/sdp");
    expect(ok.body.toString()).toBe(ANSWER);
    expect(call.state).toBe(SessionState.Accepted);

    h.clock.advance(10_000);
    expect(tx.timesOf(200).map((t) => t - 3000)).toEqual([0, 500, 1500, 3500, 7500]);
    expect(h.manager.handleRequest(ack(tx), undefined)).toBe(true);
    expect(call.state).toBe(SessionState.Established);
    h.clock.advance(60_000);
    expect(tx.timesOf(200)).toHaveLength(5);
    expect(h.user.events).toEqual(["confirmed"]);
    expect(h.clock.activeTimers).toBe(0);

    const bye = new FakeServerTransaction(h.clock, peerRequest("BYE", { cseq: 11, toTag: tag }));
    expect(h.manager.handleRequest(bye.request, bye)).toBe(true);
    expect(bye.statuses()).toEqual([200]);
    expect(h.user.events).toEqual(["confirmed", "ended remote"]);
    expectIdle(h);
  });

  it("caps the interval at T2 and sends BYE when no ACK comes within 64*T1", () => {
    const h = harness();
    const { tx, call } = receiveInvite(h);
    call.accept(ANSWER);
    h.clock.advance(31_999);
    expect(tx.timesOf(200)).toEqual([0, 500, 1500, 3500, 7500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    expect(h.sender.of("BYE")).toHaveLength(0);
    h.clock.advance(1);
    const bye = h.sender.last("BYE");
    expect(bye.request.uri).toBe("sip:2002@198.51.100.20:5060");
    expect(bye.request.headers.get("From")).toBe(`<sip:1001@example.net>;tag=${toTagOf(tx)}`);
    expect(bye.request.headers.get("To")).toBe('Peer <sip:2002@example.net>;tag=peer-tag');
    h.sender.answer(bye, 200);
    expect(h.user.events).toEqual(["ended local (no ACK)"]);
    expectIdle(h);
  });

  it("answers CANCEL with 200 and the INVITE with 487", () => {
    const h = harness();
    const { tx, call } = receiveInvite(h);
    call.ringing();
    const cancelTx = new FakeServerTransaction(h.clock, peerRequest("CANCEL", { cseq: 10 }));
    expect(h.manager.handleCancel(cancelTx.request, cancelTx, tx)).toBe(true);
    expect(cancelTx.statuses()).toEqual([200]);
    expect(cancelTx.last().headers.get("To")).toBe(`<sip:1001@example.net>;tag=${toTagOf(tx)}`);
    expect(tx.statuses()).toEqual([180, 487]);
    expect(h.user.events).toEqual(["cancelled"]);
    expect(call.accept(ANSWER)).toBe(false); // too late: no 200 after the 487
    expectIdle(h);
  });

  it("answers a CANCEL that crosses our 200 with 200 only", () => {
    const h = harness();
    const { tx, call } = receiveInvite(h);
    call.accept(ANSWER);
    const cancelTx = new FakeServerTransaction(h.clock, peerRequest("CANCEL", { cseq: 10 }));
    h.manager.handleCancel(cancelTx.request, cancelTx, tx);
    expect(cancelTx.statuses()).toEqual([200]);
    expect(tx.statuses()).toEqual([200]);
    h.manager.handleRequest(ack(tx), undefined);
    expect(h.user.events).toEqual(["confirmed"]);
  });

  it("offers in the 200 when the INVITE has no SDP and takes the answer from the ACK", () => {
    const h = harness();
    const { tx, call } = receiveInvite(h, {});
    expect(call.offer).toBeUndefined();
    call.accept(OFFER);
    expect(tx.last().body.toString()).toBe(OFFER);
    h.manager.handleRequest(ack(tx, { sdp: ANSWER }), undefined);
    expect(h.user.events).toEqual(["confirmed peer@1"]);
  });

  it("rejects and redirects with a final response and no callback", () => {
    const h = harness();
    const first = receiveInvite(h, { callId: "c1" });
    expect(first.call.reject(486)).toBe(true);
    expect(first.tx.statuses()).toEqual([486]);
    expect(first.tx.last().headers.get("To")).toMatch(/;tag=/);
    const second = receiveInvite(h, { callId: "c2" });
    second.call.redirect([{ ...LOCAL_CONTACT, user: "3003", host: "other.example.net", port: undefined }]);
    expect(second.tx.statuses()).toEqual([302]);
    expect(second.tx.last().headers.get("Contact")).toBe("<sip:3003@other.example.net>");
    expect(h.user.events).toEqual([]);
    expectIdle(h);
  });

  it("waits for the ACK before sending the BYE of a hangup right after accept (§15)", () => {
    const h = harness();
    const { tx, call } = receiveInvite(h);
    call.accept(ANSWER);
    call.hangup();
    expect(h.sender.of("BYE")).toHaveLength(0);
    h.manager.handleRequest(ack(tx), undefined);
    const bye = h.sender.last("BYE");
    h.sender.answer(bye, 200);
    expect(h.user.events).toEqual(["confirmed", "ended local"]);
    expectIdle(h);
  });

  it("refuses INVITEs it cannot take: non-SDP body 415, no Contact 400", () => {
    const h = harness();
    const plain = new FakeServerTransaction(h.clock, peerRequest("INVITE", { body: "hello", contentType: "text/plain" }));
    expect(h.manager.handleRequest(plain.request, plain)).toBe(true);
    expect(plain.statuses()).toEqual([415]);
    expect(plain.last().headers.get("Accept")).toBe("application/sdp");
    const noContact = new FakeServerTransaction(h.clock, peerRequest("INVITE", { sdp: PEER_OFFER, contact: "" }));
    h.manager.handleRequest(noContact.request, noContact);
    expect(noContact.statuses()).toEqual([400]);
    expect(h.incoming).toHaveLength(0);
  });

  it("answers an INVITE whose SDP does not parse with 400 Bad SDP", () => {
    const h = harness();
    const garbage = new FakeServerTransaction(h.clock, peerRequest("INVITE", { sdp: "v=0\r\nthis is not sdp" }));
    h.manager.handleRequest(garbage.request, garbage);
    expect(garbage.statuses()).toEqual([400]);
    expect(garbage.last().reason).toBe("Bad SDP");
    expect(h.incoming).toHaveLength(0);
    expect(h.manager.size).toBe(0);
  });

  it("refuses with 480 when onIncoming attaches no user", () => {
    const clock = new FakeClock();
    const manager = new SessionManager({
      sender: new FakeSender(clock), clock, logs: silentLogs, allow: ["INVITE"],
      localContact: () => LOCAL_CONTACT, onIncoming: () => undefined,
    });
    const tx = new FakeServerTransaction(clock, peerRequest("INVITE", { sdp: PEER_OFFER }));
    manager.handleRequest(tx.request, tx);
    expect(tx.statuses()).toEqual([480]);
    expect(manager.size).toBe(0);
  });
});
