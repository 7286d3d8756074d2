/**
 * REFER we send as transferor (RFC 3515 §2.4.1, §2.4.4–§2.4.6; RFC 6665 §4.1.2.4, §4.1.3):
 * the request on the wire (Refer-To, Referred-By, Contact, CSeq), 202 then NOTIFYs to a final
 * sipfrag, a NOTIFY that overtakes the 202, refusals (403 keeps the call, 481 ends it), the
 * bounded waits (Timer N 64·T1 = 32 s; Subscription-State expires), a subscription terminated
 * without a final status (status 0), NOTIFYs that match nothing (481), are unreadable (400) or
 * out of order (500), a final NOTIFY after the BYE, two REFERs told apart by id, a
 * digest-challenged REFER (CSeq + 1, the id follows) and shutdown. onDone comes exactly once
 * and no timer is left.
 * Not covered: real peers (test/interop/transfer.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { ReferOutcome, ReferUser, Session } from "../../../../src/sip/session/index.js";
import { authenticatedHarness, deliver, incomingEstablished, outgoingEstablished, PROXY_CHALLENGE } from "./established-calls.js";
import { harness, leftoverTimers, type Harness, type PeerRequestOptions } from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

class ReferRecorder implements ReferUser {
  readonly events: string[] = [];
  outcome: ReferOutcome | undefined;
  onAccepted(): void { this.events.push("accepted"); }
  onProgress(status: number, reason: string): void { this.events.push(`progress ${status} ${reason}`); }
  onDone(outcome: ReferOutcome): void {
    this.outcome = outcome;
    this.events.push(`done ${outcome.status} ${outcome.reason}`);
  }
}

const SIPFRAG = "message/sipfrag;version=2.0";

/** The peer's NOTIFY for the REFER with CSeq `id` (undefined: no id parameter). */
function notify(h: Harness, peer: PeerRequestOptions, cseq: number, id: number | undefined, state: string, body: string) {
  return deliver(h, "NOTIFY", {
    ...peer, cseq, body, contentType: SIPFRAG,
    headers: [["Event", id === undefined ? "refer" : `refer;id=${id}`], ["Subscription-State", state]],
  });
}

function referSeq(h: Harness): number {
  return Number(h.sender.last("REFER").request.headers.get("CSeq")!.split(" ")[0]);
}

/** An outgoing call, established, that has sent REFER to sip:3003@example.net (answered 202 when `accepted`). */
function referring(h: Harness, accepted: boolean) {
  const { call, peer, seq } = outgoingEstablished(h);
  const user = new ReferRecorder();
  expect(call.refer("sip:3003@example.net", user)).toBe(true);
  if (accepted) h.sender.answer(h.sender.last("REFER"), 202, { toTag: "b1" });
  return { call, peer, seq, user };
}

function hangUp(h: Harness, call: Session): void {
  call.hangup();
  h.sender.answer(h.sender.last("BYE"), 200);
  expect(h.manager.size).toBe(0);
}

describe("REFER as transferor", () => {
  it("sends Refer-To, Referred-By and Contact, and follows 202 and NOTIFYs to the final 200", () => {
    const h = harness();
    const { call, seq, peer } = outgoingEstablished(h);
    const user = new ReferRecorder();
    expect(call.refer("sip:3003@example.net", user)).toBe(true);
    const refer = h.sender.last("REFER").request;
    expect(refer.uri).toBe("sip:peer@198.51.100.20");
    expect(refer.headers.get("CSeq")).toBe(`${seq + 1} REFER`);
    expect(refer.headers.get("To")).toBe("<sip:2002@example.net>;tag=b1");
    expect(refer.headers.get("Refer-To")).toBe("<sip:3003@example.net>");
    expect(refer.headers.get("Referred-By")).toBe("<sip:1001@example.net>");
    expect(refer.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    h.sender.answer(h.sender.last("REFER"), 202, { toTag: "b1", contact: null });
    const trying = notify(h, peer, 20, seq + 1, "active;expires=60", "SIP/2.0 100 Trying\r\n");
    const ringing = notify(h, peer, 21, seq + 1, "active;expires=59", "SIP/2.0 180 Ringing\r\n");
    const ok = notify(h, peer, 22, seq + 1, "terminated;reason=noresource", "SIP/2.0 200 OK\r\n");
    expect([trying, ringing, ok].map((tx) => tx.statuses())).toEqual([[200], [200], [200]]);
    expect(ok.last().headers.get("To")).toMatch(/;tag=/);
    expect(user.events).toEqual(["accepted", "progress 100 Trying", "progress 180 Ringing", "done 200 OK"]);
    expect(h.clock.activeTimers).toBe(0);
    hangUp(h, call);
  });

  it("takes a final NOTIFY that overtakes the 202, and says nothing after onDone", () => {
    const h = harness();
    const { call, peer, user } = referring(h, false);
    notify(h, peer, 20, referSeq(h), "terminated;reason=noresource", "SIP/2.0 603 Declined\r\n");
    h.sender.answer(h.sender.last("REFER"), 202, { toTag: "b1" });
    expect(user.events).toEqual(["done 603 Declined"]);
    hangUp(h, call);
  });

  it("reports the REFER's own refusal; 403 keeps the call, 481 ends it", () => {
    const h = harness();
    const { call } = outgoingEstablished(h);
    const first = new ReferRecorder();
    call.refer("sip:3003@example.net", first);
    h.sender.answer(h.sender.last("REFER"), 403, { toTag: "b1" });
    expect(first.events).toEqual(["done 403 Forbidden"]);
    expect(call.state).toBe("established");
    const second = new ReferRecorder();
    call.refer("sip:3003@example.net", second);
    h.sender.answer(h.sender.last("REFER"), 481, { toTag: "b1" });
    expect(second.events).toEqual(["done 481 Call/Transaction Does Not Exist"]);
    expect(h.user.events).toEqual(["ended remote (481 Call/Transaction Does Not Exist)"]);
    expect(h.manager.size).toBe(0);
  });

  it("gives up with 408 when no NOTIFY comes within 64*T1 (32 s) of the 202", () => {
    const h = harness();
    const { call, user } = referring(h, false);
    h.clock.advance(1000);
    h.sender.answer(h.sender.last("REFER"), 202, { toTag: "b1" });
    h.clock.advance(31_999);
    expect(user.events).toEqual(["accepted"]);
    h.clock.advance(1);
    expect(user.outcome?.status).toBe(408);
    expect(user.outcome?.reason).toContain("no NOTIFY");
    hangUp(h, call);
  });

  it("waits as long as the last NOTIFY's expires, then 408", () => {
    const h = harness();
    const { call, peer, user } = referring(h, true);
    notify(h, peer, 20, referSeq(h), "active;expires=10", "SIP/2.0 100 Trying\r\n");
    h.clock.advance(9_999);
    expect(user.outcome).toBeUndefined();
    h.clock.advance(1);
    expect(user.events).toEqual(["accepted", "progress 100 Trying", "done 408 Request Timeout (subscription expired without a final NOTIFY)"]);
    hangUp(h, call);
  });

  it("ends with status 0 when the subscription is terminated without a final status", () => {
    const h = harness();
    const { call, peer, user } = referring(h, true);
    notify(h, peer, 20, referSeq(h), "terminated;reason=timeout", "SIP/2.0 180 Ringing\r\n");
    expect(user.events).toEqual(["accepted", "progress 180 Ringing", "done 0 subscription terminated (timeout) without a final status"]);
    hangUp(h, call);
  });

  it("answers 481 to NOTIFYs of no subscription of ours and 400 to an unreadable sipfrag", () => {
    const h = harness();
    const { call, peer } = outgoingEstablished(h);
    expect(notify(h, peer, 20, 5, "active", "SIP/2.0 100 Trying\r\n").statuses()).toEqual([481]);
    const user = new ReferRecorder();
    call.refer("sip:3003@example.net", user);
    expect(notify(h, peer, 21, referSeq(h) + 7, "active", "SIP/2.0 100 Trying\r\n").statuses()).toEqual([481]);
    const presence = deliver(h, "NOTIFY", { ...peer, cseq: 22, headers: [["Event", "presence"], ["Subscription-State", "active"]] });
    expect(presence.statuses()).toEqual([481]);
    expect(notify(h, peer, 23, referSeq(h), "active", "hello").statuses()).toEqual([400]);
    expect(notify(h, peer, 19, referSeq(h), "active", "SIP/2.0 100 Trying\r\n").statuses()).toEqual([500]); // §12.2.2 out of order
    expect(notify(h, peer, 24, undefined, "terminated", "SIP/2.0 200 OK\r\n").statuses()).toEqual([200]); // no id: the first REFER
    expect(user.events).toEqual(["done 200 OK"]);
    h.sender.answer(h.sender.last("REFER"), 202, { toTag: "b1" });
    hangUp(h, call);
  });

  it("still takes the final NOTIFY after the call ended with BYE", () => {
    const h = harness();
    const { call, peer } = incomingEstablished(h);
    const user = new ReferRecorder();
    expect(call.refer("sip:3003@example.net", user)).toBe(true);
    h.sender.answer(h.sender.last("REFER"), 202);
    deliver(h, "BYE", { ...peer, cseq: 2 });
    expect(h.manager.size).toBe(0);
    const final = notify(h, peer, 3, referSeq(h), "terminated;reason=noresource", "SIP/2.0 200 OK\r\n");
    expect(final.statuses()).toEqual([200]);
    expect(user.events).toEqual(["accepted", "done 200 OK"]);
    expect(h.sender.last("REFER").request.headers.get("Referred-By")).toBe("<sip:1001@example.net>");
  });

  it("tells two REFERs in one dialog apart by the id of their NOTIFYs", () => {
    const h = harness();
    const { call, peer } = outgoingEstablished(h);
    const first = new ReferRecorder();
    const second = new ReferRecorder();
    call.refer("sip:3003@example.net", first);
    const firstSeq = referSeq(h);
    call.refer("sip:4004@example.net", second);
    notify(h, peer, 20, referSeq(h), "terminated", "SIP/2.0 486 Busy Here\r\n");
    notify(h, peer, 21, firstSeq, "terminated", "SIP/2.0 200 OK\r\n");
    expect([first.outcome, second.outcome]).toEqual([{ status: 200, reason: "OK" }, { status: 486, reason: "Busy Here" }]);
    for (const refer of h.sender.of("REFER")) h.sender.answer(refer, 202, { toTag: "b1" });
    hangUp(h, call);
  });

  it("refuses to send outside an established call or with a Refer-To that is no URI", () => {
    const h = harness();
    const { call } = outgoingEstablished(h);
    const user = new ReferRecorder();
    expect(call.refer("not a uri", user)).toBe(false);
    hangUp(h, call);
    expect(call.refer("sip:3003@example.net", user)).toBe(false);
    expect(h.sender.of("REFER")).toHaveLength(0);
    expect(user.events).toEqual([]);
  });

  it("ends a pending REFER with status 0 at shutdown", async () => {
    const h = harness();
    const { user } = referring(h, false);
    const closed = h.manager.close();
    expect(user.events).toEqual(["done 0 shutdown"]);
    h.sender.answer(h.sender.last("BYE"), 200);
    await closed;
  });
});

describe("REFER challenged for credentials", () => {
  it("is sent again with CSeq + 1; NOTIFYs carry that id, and later requests number above it", () => {
    const h = authenticatedHarness();
    const { clock, sender } = h;
    const { call, peer, seq } = outgoingEstablished(h);
    const user = new ReferRecorder();
    call.refer("sip:3003@example.net", user);
    sender.answer(sender.last("REFER"), 407, { toTag: "b1", headers: [["Proxy-Authenticate", PROXY_CHALLENGE]] });
    const retry = sender.last("REFER").request;
    expect(sender.of("REFER")).toHaveLength(2);
    expect(retry.headers.get("CSeq")).toBe(`${seq + 2} REFER`);
    expect(retry.headers.get("Proxy-Authorization")).toMatch(/^Digest username="1001"/);
    expect(retry.headers.get("Referred-By")).toBe("Line 1 <sip:1001@example.net>");
    notify(h, peer, 20, seq + 2, "terminated", "SIP/2.0 200 OK\r\n");
    sender.answer(sender.last("REFER"), 202, { toTag: "b1" });
    expect(user.events).toEqual(["done 200 OK"]);
    call.hangup();
    expect(sender.last("BYE").request.headers.get("CSeq")).toBe(`${seq + 3} BYE`);
    sender.answer(sender.last("BYE"), 200);
    expect(clock.activeTimers).toBe(0);
  });
});
