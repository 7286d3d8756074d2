/**
 * The caller side (RFC 3261 §13.2) against a fake RequestSender where the test
 * plays the far end: the INVITE as built, early dialogs and early media, the ACK
 * for the 2xx (exact headers, route set from Record-Route reversed, Request-URI =
 * Contact), failures, 3xx redirection, CANCEL, a 2xx after CANCEL, forked 2xx and
 * retransmitted 2xx. Every scenario ends with no timer left.
 * Not covered here: the in-dialog phase (established.test.ts), auth retries (below us).
 */
import { afterEach, describe, expect, it } from "vitest";
import { parseNameAddr, parseUri, type SipUri } from "../../../../src/sip/message/index.js";
import { SessionState } from "../../../../src/sip/session/index.js";
import { ANSWER, harness, leftoverTimers, OFFER, sdp, type Harness } from "./harness.js";

afterEach(() => expect(leftoverTimers(), "timers left after the scenario").toBe(0));

function uri(text: string): SipUri {
  const parsed = parseUri(text);
  if (!parsed.ok) throw new Error(text);
  return parsed.value;
}

function startCall(h: Harness, target = "sip:2002@example.net") {
  return h.manager.call({
    target: uri(target),
    from: { displayName: "Kitchen", uri: uri("sip:1001@example.net"), params: {} },
    offer: OFFER,
    user: h.user,
  });
}

function expectIdle(h: Harness): void {
  expect(h.clock.activeTimers).toBe(0);
  expect(h.manager.size).toBe(0);
}

describe("OutgoingCall", () => {
  it("sends an INVITE, rings, gets answered, ACKs through the reversed route set and hangs up", () => {
    const h = harness();
    const call = startCall(h);
    const invite = h.sender.last("INVITE").request;
    expect(invite.uri).toBe("sip:2002@example.net");
    expect(invite.headers.get("To")).toBe("<sip:2002@example.net>");
    const from = parseNameAddr(invite.headers.get("From")!);
    expect(from.ok && from.value.displayName).toBe("Kitchen");
    const fromTag = from.ok ? from.value.params["tag"] : undefined;
    expect(fromTag).toMatch(/^[0-9a-f]{16}$/);
    const seq = Number(invite.headers.get("CSeq")!.split(" ")[0]);
    expect(seq).toBeGreaterThan(0);
    expect(seq).toBeLessThan(2 ** 31);
    expect(invite.headers.get("CSeq")).toBe(`${seq} INVITE`);
    expect(invite.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(invite.headers.get("Allow")).toBe("INVITE, ACK, CANCEL, BYE, UPDATE, INFO, OPTIONS");
    expect(invite.headers.get("Content-Type")).toBe("application/sdp");
    expect(invite.body.toString()).toBe(OFFER);

    const entry = h.sender.last("INVITE");
    h.sender.answer(entry, 100);
    h.sender.answer(entry, 180, { toTag: "b1", recordRoute: ["<sip:p2.example.net;lr>", "<sip:p1.example.net;lr>"] });
    expect(call.state).toBe(SessionState.Early);
    h.sender.answer(entry, 200, {
      toTag: "b1", sdp: ANSWER, contact: "<sip:2002@198.51.100.20:5070;transport=udp>",
      recordRoute: ["<sip:p2.example.net;lr>", "<sip:p1.example.net;lr>"],
    });
    expect(h.user.events).toEqual(["progress 180 Ringing", "answered peer@1"]);
    expect(call.state).toBe(SessionState.Established);

    expect(h.sender.acks).toHaveLength(1);
    const ack = h.sender.acks[0]!.wire;
    expect(ack.uri).toBe("sip:2002@198.51.100.20:5070;transport=udp");
    expect(ack.headers.getAll("Route")).toEqual(["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"]);
    expect(ack.headers.get("CSeq")).toBe(`${seq} ACK`);
    expect(ack.headers.get("Call-ID")).toBe(invite.headers.get("Call-ID"));
    expect(ack.headers.get("From")).toBe(`Kitchen <sip:1001@example.net>;tag=${fromTag}`);
    expect(ack.headers.get("To")).toBe("<sip:2002@example.net>;tag=b1");
    expect(ack.body.length).toBe(0);
    expect(h.sender.acks[0]!.ack.headers.all().map((f) => f.name)).toEqual(["Route", "Route", "From", "To", "Call-ID", "CSeq"]);

    call.hangup();
    const bye = h.sender.last("BYE");
    expect(bye.request.uri).toBe("sip:2002@198.51.100.20:5070;transport=udp");
    expect(bye.request.headers.getAll("Route")).toEqual(["<sip:p1.example.net;lr>", "<sip:p2.example.net;lr>"]);
    expect(bye.request.headers.get("CSeq")).toBe(`${seq + 1} BYE`);
    expect(call.state).toBe(SessionState.Terminating);
    h.sender.answer(bye, 200);
    expect(h.user.events.at(-1)).toBe("ended local");
    expectIdle(h);
  });

  it("reports early media from a 183 with SDP, once per distinct SDP", () => {
    const h = harness();
    startCall(h);
    const entry = h.sender.last("INVITE");
    h.sender.answer(entry, 183, { toTag: "b1", sdp: ANSWER });
    h.sender.answer(entry, 183, { toTag: "b1", sdp: ANSWER });
    h.sender.answer(entry, 200, { toTag: "b1", sdp: ANSWER });
    expect(h.user.events).toEqual([
      "progress 183 Session Progress", "early-media peer@1", "progress 183 Session Progress", "answered peer@1",
    ]);
  });

  it("surfaces 486 Busy Here with its Reason header", () => {
    const h = harness();
    startCall(h);
    h.sender.answer(h.sender.last("INVITE"), 486, { toTag: "b1", headers: [["Reason", "Q.850;cause=17"]] });
    expect(h.user.events).toEqual(["failed 486 Busy Here"]);
    expect(h.user.failure).toEqual({ status: 486, reason: "Busy Here", reasonHeader: "Q.850;cause=17" });
    expect(h.sender.acks).toHaveLength(0); // the transaction layer ACKs non-2xx
    expectIdle(h);
  });

  it("treats a timeout as 408 and a transport error as 503", () => {
    const h = harness();
    startCall(h);
    h.sender.timeout(h.sender.last("INVITE"));
    startCall(h);
    h.sender.transportError(h.sender.last("INVITE"));
    expect(h.user.events).toEqual(["failed 408 Request Timeout", "failed 503 Service Unavailable"]);
    expectIdle(h);
  });

  it("follows a 302 to its contacts in q order, same Call-ID and a higher CSeq, until one answers", () => {
    const h = harness();
    const call = startCall(h);
    const first = h.sender.last("INVITE");
    h.sender.answer(first, 302, {
      toTag: "r1",
      contact: "<sip:2002@low.example.net>;q=0.2, <sip:2002@high.example.net>;q=0.9, <sip:2002@example.net>",
    });
    const second = h.sender.last("INVITE");
    expect(second.request.uri).toBe("sip:2002@high.example.net");
    expect(second.request.headers.get("Call-ID")).toBe(first.request.headers.get("Call-ID"));
    expect(second.request.headers.get("From")).toBe(first.request.headers.get("From"));
    expect(second.request.headers.get("To")).toBe("<sip:2002@example.net>");
    const seq1 = Number(first.request.headers.get("CSeq")!.split(" ")[0]);
    expect(second.request.headers.get("CSeq")).toBe(`${seq1 + 1} INVITE`);

    h.sender.answer(second, 480, { toTag: "x" });
    const third = h.sender.last("INVITE");
    expect(third.request.uri).toBe("sip:2002@low.example.net");
    h.sender.answer(third, 200, { toTag: "b3", sdp: ANSWER });
    expect(h.user.events).toEqual([
      "redirect 2002@high.example.net", "redirect 2002@low.example.net", "answered peer@1",
    ]);
    expect(h.sender.of("INVITE")).toHaveLength(3); // the original target was not tried again
    expect(call.state).toBe(SessionState.Established);
  });

  it("does not loop on redirects back to URIs already tried", () => {
    const h = harness();
    startCall(h);
    h.sender.answer(h.sender.last("INVITE"), 302, { toTag: "r1", contact: "<sip:2002@b.example.net>" });
    h.sender.answer(h.sender.last("INVITE"), 302, { toTag: "r2", contact: "<sip:2002@example.net>, <sip:2002@b.example.net>" });
    expect(h.sender.of("INVITE")).toHaveLength(2);
    expect(h.user.events).toEqual(["redirect 2002@b.example.net", "failed 302 Moved Temporarily"]);
    expectIdle(h);
  });

  it("cancels before the answer: CANCEL requested, the 487 ends the call", () => {
    const h = harness();
    const call = startCall(h);
    const entry = h.sender.last("INVITE");
    h.sender.answer(entry, 180, { toTag: "b1" });
    call.cancel();
    expect(entry.cancelled).toBe(true);
    expect(call.state).toBe(SessionState.Cancelling);
    h.sender.answer(entry, 487, { toTag: "b1" });
    expect(h.user.events).toEqual(["progress 180 Ringing", "failed 487 Request Terminated"]);
    expectIdle(h);
  });

  it("gives up 64*T1 after a CANCEL that brings no final response", () => {
    const h = harness();
    const call = startCall(h);
    h.sender.answer(h.sender.last("INVITE"), 180, { toTag: "b1" });
    call.hangup(); // before the answer, hangup is CANCEL
    h.clock.advance(31_999);
    expect(h.user.events).toEqual(["progress 180 Ringing"]);
    h.clock.advance(1);
    expect(h.user.events.at(-1)).toBe("failed 487 Request Terminated");
    expectIdle(h);
  });

  it("ACKs and BYEs a 2xx that arrives after CANCEL", () => {
    const h = harness();
    const call = startCall(h);
    const entry = h.sender.last("INVITE");
    h.sender.answer(entry, 180, { toTag: "b1" });
    call.cancel();
    h.sender.answer(entry, 200, { toTag: "b1", sdp: ANSWER, contact: "<sip:2002@198.51.100.20:5070>" });
    expect(h.sender.acks).toHaveLength(1);
    expect(h.sender.acks[0]!.ack.uri).toBe("sip:2002@198.51.100.20:5070");
    const bye = h.sender.last("BYE");
    expect(bye.request.uri).toBe("sip:2002@198.51.100.20:5070");
    expect(bye.request.headers.get("To")).toBe("<sip:2002@example.net>;tag=b1");
    expect(h.user.events).toEqual(["progress 180 Ringing", "failed 487 Request Terminated"]);
    h.sender.answer(bye, 200);
    expectIdle(h);
  });

  it("keeps the first 2xx of a forked INVITE and ACKs then BYEs the other", () => {
    const h = harness();
    const call = startCall(h);
    const entry = h.sender.last("INVITE");
    h.sender.answer(entry, 180, { toTag: "a", contact: "<sip:2002@a.example.net>" });
    h.sender.answer(entry, 180, { toTag: "b", contact: "<sip:2002@b.example.net>" });
    h.sender.answer(entry, 200, { toTag: "a", sdp: ANSWER, contact: "<sip:2002@a.example.net>" });
    h.sender.answer(entry, 200, { toTag: "b", sdp: sdp("other", "203.0.113.5", 6000), contact: "<sip:2002@b.example.net>" });
    expect(h.sender.acks.map((a) => `${a.ack.uri} ${a.ack.headers.get("To")}`)).toEqual([
      "sip:2002@a.example.net <sip:2002@example.net>;tag=a",
      "sip:2002@b.example.net <sip:2002@example.net>;tag=b",
    ]);
    expect(h.sender.of("BYE").map((b) => b.request.uri)).toEqual(["sip:2002@b.example.net"]);
    expect(h.user.events).toEqual(["progress 180 Ringing", "progress 180 Ringing", "answered peer@1"]);

    // Retransmissions of both 2xx: the same ACKs again, no second BYE (§13.2.2.4).
    h.sender.answer(entry, 200, { toTag: "b", sdp: ANSWER, contact: "<sip:2002@b.example.net>" });
    h.sender.answer(entry, 200, { toTag: "a", sdp: ANSWER, contact: "<sip:2002@a.example.net>" });
    expect(h.sender.acks.map((a) => a.ack)).toStrictEqual([
      h.sender.acks[0]!.ack, h.sender.acks[1]!.ack, h.sender.acks[1]!.ack, h.sender.acks[0]!.ack,
    ]);
    expect(h.sender.of("BYE")).toHaveLength(1);
    expect(call.state).toBe(SessionState.Established);
  });

  it("re-sends the same ACK for a 2xx retransmitted after the INVITE transaction ended", () => {
    const h = harness();
    startCall(h);
    const entry = h.sender.last("INVITE");
    const ok = h.sender.answer(entry, 200, { toTag: "b1", sdp: ANSWER });
    expect(h.manager.handleStrayResponse(ok)).toBe(true);
    expect(h.sender.acks).toHaveLength(2);
    expect(h.sender.acks[1]!.ack).toBe(h.sender.acks[0]!.ack);
  });

  it("still ACKs a 2xx without Contact, at the INVITE's Request-URI", () => {
    const h = harness();
    const call = startCall(h);
    h.sender.answer(h.sender.last("INVITE"), 200, { toTag: "b1", sdp: ANSWER, contact: null });
    expect(h.sender.acks[0]!.wire.uri).toBe("sip:2002@example.net");
    expect(call.state).toBe(SessionState.Established);
  });

  it("ends a call whose 2xx carries no SDP answer with ACK, BYE and a 488 failure", () => {
    const h = harness();
    startCall(h);
    h.sender.answer(h.sender.last("INVITE"), 200, { toTag: "b1" });
    expect(h.sender.acks).toHaveLength(1);
    h.sender.answer(h.sender.last("BYE"), 200);
    expect(h.user.events).toEqual(["failed 488 Not Acceptable Here (no SDP answer)"]);
    expectIdle(h);
  });
});
