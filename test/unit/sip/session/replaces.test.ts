/**
 * Replaces (RFC 3891): an INVITE naming one of our dialogs is offered with `replaces` set
 * (confirmed calls either way, our own early call), and refused where §3 says: no such
 * dialog 481, early-only for a confirmed dialog 486, an early dialog we did not place 481,
 * a dialog we are ending 603, two or a malformed Replaces 400. The attended-transfer
 * Refer-To built from a consultation call (to-tag = the peer's, from-tag = ours, escaped
 * per §6.1) and a Replaces given in CallOptions.headers, on the wire.
 * Not covered: real peers (test/interop/transfer.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseUri } from "../../../../src/sip/message/index.js";
import { parseReplaces } from "../../../../src/sip/refer/index.js";
import { attendedTransferTarget, type Session } from "../../../../src/sip/session/index.js";
import { incomingEstablished, outgoingEstablished } from "./established-calls.js";
import { FakeServerTransaction, harness, leftoverTimers, OFFER, peerRequest, type Harness } from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

/** A new INVITE (another Call-ID, from a third party) carrying `replaces` header fields. */
function inviteWithReplaces(h: Harness, ...replaces: string[]): FakeServerTransaction {
  const request = peerRequest("INVITE", { callId: "new-call@203.0.113.5", fromTag: "c1", sdp: OFFER, headers: replaces.map((r) => ["Replaces", r]) });
  const tx = new FakeServerTransaction(h.clock, request);
  h.manager.handleRequest(request, tx);
  return tx;
}

function tagsOf(call: Session): { callId: string; local: string; remote: string } {
  const id = call.dialog!.id;
  return { callId: id.callId, local: id.localTag, remote: id.remoteTag };
}

describe("INVITE with Replaces", () => {
  it("is offered naming the confirmed call it replaces, ours or theirs", () => {
    const h = harness();
    const theirs = incomingEstablished(h).call;
    const ours = outgoingEstablished(h).call;
    for (const call of [theirs, ours]) {
      const { callId, local, remote } = tagsOf(call);
      const tx = inviteWithReplaces(h, `${callId};to-tag=${local};from-tag=${remote}`);
      const offered = h.incoming.at(-1)!;
      expect(offered.invite).toBe(tx.request);
      expect(offered.replaces).toBe(call);
      offered.reject(603);
    }
    expect(h.incoming[0]!.replaces).toBeUndefined();
    theirs.hangup();
    ours.hangup();
  });

  it("answers 481 when no dialog matches (tags swapped count as no match)", () => {
    const h = harness();
    const { call } = incomingEstablished(h);
    const { callId, local, remote } = tagsOf(call);
    const before = h.incoming.length;
    expect(inviteWithReplaces(h, `${callId};to-tag=${remote};from-tag=${local}`).statuses()).toEqual([481]);
    expect(inviteWithReplaces(h, `other@h;to-tag=${local};from-tag=${remote}`).statuses()).toEqual([481]);
    expect(h.incoming).toHaveLength(before);
    call.hangup();
  });

  it("answers 486 to early-only for a confirmed dialog, 400 to two or a bad Replaces", () => {
    const h = harness();
    const { call } = incomingEstablished(h);
    const { callId, local, remote } = tagsOf(call);
    const value = `${callId};to-tag=${local};from-tag=${remote}`;
    expect(inviteWithReplaces(h, `${value};early-only`).statuses()).toEqual([486]);
    expect(inviteWithReplaces(h, value, value).statuses()).toEqual([400]);
    expect(inviteWithReplaces(h, `${callId};to-tag=${local}`).statuses()).toEqual([400]);
    call.hangup();
  });

  it("replaces our own early call, but not an early call we are answering (481)", () => {
    const h = harness();
    const target = parseUri("sip:2002@example.net");
    if (!target.ok) throw new Error("uri");
    const ringing = h.manager.call({ target: target.value, from: { displayName: undefined, uri: target.value, params: {} }, offer: OFFER, user: h.user });
    h.sender.answer(h.sender.last("INVITE"), 180, { toTag: "b9" });
    const ourTag = /;tag=(\w+)/.exec(h.sender.last("INVITE").request.headers.get("From")!)![1]!;
    inviteWithReplaces(h, `${ringing.callId};to-tag=${ourTag};from-tag=b9;early-only`);
    expect(h.incoming.at(-1)!.replaces).toBe(ringing);
    h.incoming.at(-1)!.reject(486);

    const invite = new FakeServerTransaction(h.clock, peerRequest("INVITE", { callId: "early@198.51.100.20", cseq: 1, sdp: OFFER }));
    h.manager.handleRequest(invite.request, invite);
    const answering = h.incoming.at(-1)!;
    answering.ringing();
    const localTag = /;tag=(\w+)/.exec(invite.last().headers.get("To")!)![1]!;
    expect(inviteWithReplaces(h, `early@198.51.100.20;to-tag=${localTag};from-tag=peer-tag`).statuses()).toEqual([481]);
    answering.reject(486);
    ringing.cancel();
    h.sender.answer(h.sender.last("INVITE"), 487, { toTag: "b9" });
  });

  it("answers 603 for a call we are hanging up", () => {
    const h = harness();
    const { call } = outgoingEstablished(h);
    const { callId, local, remote } = tagsOf(call);
    call.hangup();
    expect(inviteWithReplaces(h, `${callId};to-tag=${local};from-tag=${remote}`).statuses()).toEqual([603]);
    h.sender.answer(h.sender.last("BYE"), 200);
  });
});

describe("attended-transfer Refer-To", () => {
  it("is the consultation peer's AOR with Replaces escaped: to-tag theirs, from-tag ours", () => {
    const h = harness();
    const consultation = outgoingEstablished(h).call;
    const { callId, local } = tagsOf(consultation);
    const target = attendedTransferTarget(consultation);
    expect(target).toEqual({ ok: true, value: `sip:2002@example.net?Replaces=${callId}%3Bto-tag%3Db1%3Bfrom-tag%3D${local}` });
    expect(consultation.replacingTarget()).toBe(target.ok && target.value);
    const parsed = parseUri(target.ok ? target.value : "");
    const replaces = parseReplaces(parsed.ok ? parsed.value.headers["Replaces"]! : "");
    expect(replaces).toEqual({ ok: true, value: { callId, toTag: "b1", fromTag: local, earlyOnly: false } });
    consultation.hangup();
  });

  it("escapes the @ of a Call-ID and falls back to the Contact for an anonymous peer", () => {
    const h = harness();
    const request = peerRequest("INVITE", { callId: "xy@198.51.100.20", cseq: 1, sdp: OFFER });
    request.headers.set("From", "<sip:anonymous@anonymous.invalid>;tag=anon1");
    const tx = new FakeServerTransaction(h.clock, request);
    h.manager.handleRequest(request, tx);
    const call = h.incoming[0]!;
    expect(attendedTransferTarget(call).ok).toBe(false);
    call.accept(OFFER);
    const localTag = /;tag=(\w+)/.exec(tx.last().headers.get("To")!)![1]!;
    h.manager.handleRequest(peerRequest("ACK", { callId: "xy@198.51.100.20", fromTag: "anon1", toTag: localTag, cseq: 1 }), undefined);
    expect(attendedTransferTarget(call)).toEqual({
      ok: true, value: `sip:2002@198.51.100.20:5060?Replaces=xy%40198.51.100.20%3Bto-tag%3Danon1%3Bfrom-tag%3D${localTag}`,
    });
    call.hangup();
  });
});

describe("outgoing INVITE with Replaces", () => {
  it("carries the Replaces header given in CallOptions.headers, once, even when the target has one too", () => {
    const h = harness();
    const target = parseUri("sip:3003@example.net?Replaces=other%3Bto-tag%3Da%3Bfrom-tag%3Db");
    if (!target.ok) throw new Error("uri");
    const call = h.manager.call({
      target: target.value, from: { displayName: undefined, uri: target.value, params: {} }, offer: OFFER, user: h.user,
      headers: [["Replaces", "abc@h;to-tag=1;from-tag=2"], ["Require", "replaces"]],
    });
    const invite = h.sender.last("INVITE").request;
    expect(invite.uri).toBe("sip:3003@example.net");
    expect(invite.headers.getAll("Replaces")).toEqual(["abc@h;to-tag=1;from-tag=2"]);
    expect(invite.headers.get("Require")).toBe("replaces");
    call.cancel();
    h.sender.answer(h.sender.last("INVITE"), 487, { toTag: "z" });
  });
});
