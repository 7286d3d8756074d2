/**
 * Established calls for session tests, both ways, built through the manager with the
 * fakes of harness.ts, and delivery of the peer's in-dialog requests.
 */
import { expect } from "vitest";
import { parseUri } from "../../../../src/sip/message/index.js";
import { ANSWER, FakeServerTransaction, OFFER, peerRequest, type Harness, type PeerRequestOptions } from "./harness.js";

const target = parseUri("sip:2002@example.net");
const from = parseUri("sip:1001@example.net");

/** A call we placed, answered by the peer (tag "b1", Contact sip:2002@198.51.100.20). */
export function outgoingEstablished(h: Harness) {
  if (!target.ok || !from.ok) throw new Error("uri");
  const call = h.manager.call({ target: target.value, from: { displayName: undefined, uri: from.value, params: {} }, offer: OFFER, user: h.user });
  const invite = h.sender.last("INVITE");
  h.sender.answer(invite, 200, { toTag: "b1", sdp: ANSWER });
  const localTag = /;tag=(\w+)/.exec(invite.request.headers.get("From")!)![1]!;
  const seq = Number(invite.request.headers.get("CSeq")!.split(" ")[0]);
  const peer: PeerRequestOptions = { callId: invite.request.headers.get("Call-ID")!, fromTag: "b1", toTag: localTag };
  h.user.events.length = 0;
  return { call, seq, peer };
}

/** A call the peer placed and we answered (the peer owns the Call-ID). */
export function incomingEstablished(h: Harness, callId?: string) {
  const tx = new FakeServerTransaction(h.clock, peerRequest("INVITE", { cseq: 1, sdp: ANSWER, ...(callId ? { callId } : {}) }));
  h.manager.handleRequest(tx.request, tx);
  const call = h.incoming.at(-1)!;
  call.accept(OFFER);
  const localTag = /;tag=(\w+)/.exec(tx.last().headers.get("To")!)![1]!;
  const peer: PeerRequestOptions = { fromTag: "peer-tag", toTag: localTag, ...(callId ? { callId } : {}) };
  h.manager.handleRequest(peerRequest("ACK", { ...peer, cseq: 1 }), undefined);
  h.user.events.length = 0;
  return { call, peer };
}

/** The peer's request reaches the manager, which must take it. */
export function deliver(h: Harness, method: string, options: PeerRequestOptions): FakeServerTransaction {
  const tx = new FakeServerTransaction(h.clock, peerRequest(method, options));
  expect(h.manager.handleRequest(tx.request, tx)).toBe(true);
  return tx;
}
