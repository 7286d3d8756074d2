/**
 * REFER we receive as transferee (RFC 3515 §2.4.2–§2.4.6, RFC 6665 §4.2.2): onRefer sees the
 * Refer-To URI, its Replaces %-decoded and Referred-By; true → 202 and our NOTIFY 100 Trying
 * (Event refer;id=<CSeq>, message/sipfrag, Subscription-State active;expires), later NOTIFYs one
 * at a time (only the newest status waits), terminated;reason=noresource at a final status;
 * false or no onRefer → 603; no or two Refer-To, or a bad one → 400; not yet established →
 * 403; the subscription's end after 120 s (terminated;reason=timeout) or a 481 to a NOTIFY;
 * NOTIFY after the call ended; the INVITE that follows a Refer-To with Replaces carries it.
 * Not covered: real peers (test/interop/transfer.test.ts).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseUri } from "../../../../src/sip/message/index.js";
import type { IncomingRefer } from "../../../../src/sip/session/index.js";
import { deliver, incomingEstablished, outgoingEstablished } from "./established-calls.js";
import { FakeServerTransaction, harness, leftoverTimers, OFFER, peerRequest, RecordingUser, type Harness } from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

/** A call user that takes REFERs (or not) and keeps them. */
class TransfereeUser extends RecordingUser {
  readonly refers: IncomingRefer[] = [];
  take = true;
  onRefer(refer: IncomingRefer): boolean {
    this.refers.push(refer);
    return this.take;
  }
}

function transfereeHarness(): Harness & { user: TransfereeUser } {
  const user = new TransfereeUser();
  return { ...harness(0.5, user), user };
}

/** A call the peer placed and we answered, then REFERred (CSeq 2) to `referTo`; the user took it. */
function referred(h: Harness & { user: TransfereeUser }, referTo = "<sip:3003@example.net>") {
  const { call, peer } = incomingEstablished(h);
  expect(deliver(h, "REFER", { ...peer, cseq: 2, headers: [["Refer-To", referTo]] }).statuses()).toEqual([202]);
  return { call, refer: h.user.refers[0]! };
}

const REPLACES_URI = "<sip:3003@example.net?Replaces=abc%40198.51.100.20%3Bto-tag%3Dx1%3Bfrom-tag%3Dy2>";

function notifies(h: Harness) {
  return h.sender.of("NOTIFY").map((s) => ({
    state: s.request.headers.get("Subscription-State"),
    body: s.request.body.toString(),
  }));
}

describe("REFER as transferee", () => {
  it("hands the REFER to the user, answers 202 and NOTIFYs 100, progress and the final 200", () => {
    const h = transfereeHarness();
    const { call, peer } = outgoingEstablished(h);
    const refer = deliver(h, "REFER", {
      ...peer, cseq: 9, headers: [["Refer-To", "<sip:3003@example.net>"], ["Referred-By", "<sip:2002@example.net>"]],
    });
    expect(refer.statuses()).toEqual([202]);
    const incoming = h.user.refers[0]!;
    expect(incoming.target).toBe("sip:3003@example.net");
    expect(incoming.referTo.user).toBe("3003");
    expect(incoming.replaces).toBeUndefined();
    expect(incoming.referredBy?.uri.user).toBe("2002");
    const first = h.sender.last("NOTIFY").request;
    expect(first.uri).toBe("sip:peer@198.51.100.20");
    expect(first.headers.get("Event")).toBe("refer;id=9");
    expect(first.headers.get("Subscription-State")).toBe("active;expires=120");
    expect(first.headers.get("Content-Type")).toBe("message/sipfrag;version=2.0");
    expect(first.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(first.body.toString()).toBe("SIP/2.0 100 Trying\r\n");
    h.clock.advance(30_500);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    expect(incoming.notify(180, "Ringing")).toBe(true);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    expect(incoming.notify(200, "OK")).toBe(true);
    expect(incoming.notify(200, "OK")).toBe(false);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    expect(notifies(h)).toEqual([
      { state: "active;expires=120", body: "SIP/2.0 100 Trying\r\n" },
      { state: "active;expires=90", body: "SIP/2.0 180 Ringing\r\n" },
      { state: "terminated;reason=noresource", body: "SIP/2.0 200 OK\r\n" },
    ]);
    const seqs = h.sender.of("NOTIFY").map((s) => Number(s.request.headers.get("CSeq")!.split(" ")[0]));
    expect(seqs[1]! - seqs[0]!).toBe(1);
    call.hangup();
    h.sender.answer(h.sender.last("BYE"), 200);
  });

  it("sends one NOTIFY at a time: while one is in flight only the newest status waits", () => {
    const h = transfereeHarness();
    const { call, refer } = referred(h);
    refer.notify(180, "Ringing");
    refer.notify(183, "Session Progress");
    refer.notify(486, "Busy Here");
    expect(h.sender.of("NOTIFY")).toHaveLength(1);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    expect(notifies(h).map((n) => n.body)).toEqual(["SIP/2.0 100 Trying\r\n", "SIP/2.0 486 Busy Here\r\n"]);
    expect(h.clock.activeTimers).toBe(0);
    call.hangup();
    h.sender.answer(h.sender.last("BYE"), 200);
  });

  it("declines with 603 when the user does not take it, or has no onRefer", () => {
    const h = transfereeHarness();
    const { call, peer } = incomingEstablished(h);
    h.user.take = false;
    expect(deliver(h, "REFER", { ...peer, cseq: 2, headers: [["Refer-To", "<sip:3003@example.net>"]] }).statuses()).toEqual([603]);
    const plain = harness();
    const other = outgoingEstablished(plain);
    expect(deliver(plain, "REFER", { ...other.peer, cseq: 2, headers: [["Refer-To", "<sip:3003@example.net>"]] }).statuses()).toEqual([603]);
    expect(h.sender.of("NOTIFY")).toHaveLength(0);
    expect(plain.sender.of("NOTIFY")).toHaveLength(0);
    call.hangup();
    other.call.hangup();
  });

  it("answers 400 without exactly one readable Refer-To, and 403 before the call is established", () => {
    const h = transfereeHarness();
    const { call, peer } = incomingEstablished(h);
    expect(deliver(h, "REFER", { ...peer, cseq: 2 }).statuses()).toEqual([400]);
    const two = deliver(h, "REFER", { ...peer, cseq: 3, headers: [["Refer-To", "<sip:a@h>"], ["r", "<sip:b@h>"]] });
    expect(two.statuses()).toEqual([400]);
    expect(deliver(h, "REFER", { ...peer, cseq: 4, headers: [["Refer-To", "<sip:a@h"]] }).statuses()).toEqual([400]);
    const badReplaces = deliver(h, "REFER", { ...peer, cseq: 5, headers: [["Refer-To", "<sip:a@h?Replaces=abc>"]] });
    expect(badReplaces.last().reason).toBe("Bad Replaces in Refer-To");
    expect(h.user.refers).toHaveLength(0);
    call.hangup();

    const early = transfereeHarness();
    const invite = new FakeServerTransaction(early.clock, peerRequest("INVITE", { cseq: 1, sdp: OFFER }));
    early.manager.handleRequest(invite.request, invite);
    early.incoming[0]!.ringing();
    const localTag = /;tag=(\w+)/.exec(invite.last().headers.get("To")!)![1]!;
    const tooEarly = deliver(early, "REFER", { fromTag: "peer-tag", toTag: localTag, cseq: 2, headers: [["Refer-To", "<sip:a@h>"]] });
    expect(tooEarly.statuses()).toEqual([403]);
    early.incoming[0]!.reject(486);
  });

  it("gives the user the Replaces of the Refer-To decoded, and the INVITE to that target carries it", () => {
    const h = transfereeHarness();
    const { call, refer } = referred(h, REPLACES_URI);
    expect(refer.replaces).toBe("abc@198.51.100.20;to-tag=x1;from-tag=y2");
    const from = parseUri("sip:1001@example.net");
    if (!from.ok) throw new Error("uri");
    const next = h.manager.call({ target: refer.referTo, from: { displayName: undefined, uri: from.value, params: {} }, offer: OFFER, user: new RecordingUser() });
    const invite = h.sender.last("INVITE").request;
    expect(invite.uri).toBe("sip:3003@example.net");
    expect(invite.headers.getAll("Replaces")).toEqual(["abc@198.51.100.20;to-tag=x1;from-tag=y2"]);
    next.cancel();
    h.sender.answer(h.sender.last("INVITE"), 487, { toTag: "c1" });
    refer.notify(487, "Request Terminated");
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    call.hangup();
  });

  it("ends the subscription after 120 s with terminated;reason=timeout and the last status", () => {
    const h = transfereeHarness();
    const { call, refer } = referred(h);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    refer.notify(180, "Ringing");
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    h.clock.advance(119_999);
    expect(h.sender.of("NOTIFY")).toHaveLength(2);
    h.clock.advance(1);
    expect(notifies(h).at(-1)).toEqual({ state: "terminated;reason=timeout", body: "SIP/2.0 180 Ringing\r\n" });
    expect(refer.notify(200, "OK")).toBe(false);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    call.hangup();
  });

  it("at expiry with a NOTIFY in flight, ends with the newest status not yet sent", () => {
    const h = transfereeHarness();
    const { call, refer } = referred(h);
    refer.notify(180, "Ringing");
    h.clock.advance(120_000);
    expect(h.sender.of("NOTIFY")).toHaveLength(1);
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    expect(notifies(h).at(-1)).toEqual({ state: "terminated;reason=timeout", body: "SIP/2.0 180 Ringing\r\n" });
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    call.hangup();
  });

  it("stops notifying once the transferor answers a NOTIFY with 481", () => {
    const h = transfereeHarness();
    const { call, refer } = referred(h);
    h.sender.answer(h.sender.last("NOTIFY"), 481);
    expect(refer.notify(200, "OK")).toBe(false);
    expect(h.sender.of("NOTIFY")).toHaveLength(1);
    expect(h.clock.activeTimers).toBe(0);
    call.hangup();
  });

  it("still sends the final NOTIFY in the dialog after the call ended", () => {
    const h = transfereeHarness();
    const { call, peer } = outgoingEstablished(h);
    deliver(h, "REFER", { ...peer, cseq: 2, headers: [["Refer-To", "<sip:3003@example.net>"]] });
    h.sender.answer(h.sender.last("NOTIFY"), 200);
    call.hangup();
    h.sender.answer(h.sender.last("BYE"), 200);
    expect(h.manager.size).toBe(0);
    expect(h.user.refers[0]!.notify(200, "OK")).toBe(true);
    const final = h.sender.last("NOTIFY").request;
    expect(final.headers.get("To")).toBe("<sip:2002@example.net>;tag=b1");
    expect(final.headers.get("Subscription-State")).toBe("terminated;reason=noresource");
    h.sender.answer(h.sender.last("NOTIFY"), 481);
  });

  it("stops the subscription's clock at shutdown", async () => {
    const h = transfereeHarness();
    const { refer } = referred(h);
    const closed = h.manager.close();
    h.sender.answer(h.sender.last("BYE"), 200);
    await closed;
    expect(refer.notify(200, "OK")).toBe(false);
  });
});
