/**
 * Established calls for session tests, both ways, built through the manager with the
 * fakes of harness.ts, and delivery of the peer's in-dialog requests.
 */
import { expect } from "vitest";
import { AuthenticatingSender, DigestAuthenticator } from "../../../../src/sip/auth/index.js";
import { parseUri } from "../../../../src/sip/message/index.js";
import { SessionManager } from "../../../../src/sip/session/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import {
  ANSWER, FakeSender, FakeServerTransaction, LOCAL_CONTACT, OFFER, peerRequest, RecordingUser, type Harness, type PeerRequestOptions,
} from "./harness.js";

/** A digest challenge the fake proxy sends (RFC 7616). */
export const PROXY_CHALLENGE = 'Digest realm="example.net", nonce="n1", algorithm=MD5, qop="auth"';

/**
 * A harness whose manager sends through an AuthenticatingSender over the fake, as an
 * account does, with the account's AOR "Line 1" <sip:1001@example.net> for Referred-By.
 */
export function authenticatedHarness(): Harness {
  const clock = new FakeClock();
  const sender = new FakeSender(clock);
  const authenticating = new AuthenticatingSender(sender, new DigestAuthenticator({ authUser: "1001", password: "secret" }));
  const manager = new SessionManager({
    sender: authenticating, clock, logs: silentLogs, timers: { T1: 500, T2: 4000 }, allow: ["INVITE", "ACK", "BYE", "INFO", "REFER", "NOTIFY"],
    localContact: () => LOCAL_CONTACT, onIncoming: () => undefined,
    aor: { displayName: "Line 1", uri: { ...LOCAL_CONTACT, host: "example.net", port: undefined }, params: {} },
  });
  return { clock, sender, manager, incoming: [], user: new RecordingUser() };
}

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
