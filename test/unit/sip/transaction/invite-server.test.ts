/**
 * INVITE server transaction (RFC 3261 §17.2.1, RFC 6026 §7.1) through the
 * TransactionLayer, with a FakeClock and the FakeTransport. Covers the automatic
 * 100 Trying after 200 ms, resending the last provisional, Timer G/H for a
 * non-2xx final, the ACK and Timer I, the Accepted state with Timer L, reliable
 * transports and transport errors. CANCEL and RFC 2543 matching are in
 * transaction-layer.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createResponse, type SipRequest } from "../../../../src/sip/message/index.js";
import { InviteServerState } from "../../../../src/sip/transaction/invite-server.js";
import type { ServerTransaction } from "../../../../src/sip/transaction/types.js";
import { TransportError } from "../../../../src/sip/transport/types.js";
import { harness, peerSource, request, settle, type Harness } from "./harness.js";

/** The far end's INVITE arrives; returns the server transaction the layer made for it. */
function incomingInvite(h: Harness, invite: SipRequest = request({ viaHost: "192.0.2.20" }), reliable = false): ServerTransaction {
  h.transport.inject(invite, peerSource(reliable ? "tcp" : "udp"));
  const last = h.user.requests.at(-1);
  if (!last?.transaction) throw new Error("no server transaction");
  return last.transaction;
}

function ack(toTag: string, branch = "z9hG4bKtest1"): SipRequest {
  return request({ method: "ACK", viaHost: "192.0.2.20", toTag, branch });
}

describe("INVITE server transaction", () => {
  it("sends 100 Trying after 200 ms of silence from the TU, with no To tag and the request's Timestamp", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20", extra: [["Timestamp", "54.3"]] });
    const ist = incomingInvite(h, invite);
    expect(h.user.log).toEqual(["0 request INVITE"]);
    h.clock.advance(199);
    expect(h.transport.sent).toHaveLength(0);
    h.clock.advance(1);
    expect(h.sendTimes("100")).toEqual([200]);
    const trying = h.transport.sent[0]!;
    expect(trying.kind).toBe("respond");
    expect(trying.to).toEqual(peerSource());
    expect(trying.message.headers.get("To")).toBe("<sip:bob@example.net>");
    expect(trying.message.headers.get("Timestamp")).toBe("54.3");
    expect(ist.state).toBe(InviteServerState.Proceeding);
  });

  it("no 100 when the TU rings within 200 ms; a retransmitted INVITE gets the 180 again and is not passed up", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    const ist = incomingInvite(h, invite);
    h.clock.advance(50);
    ist.respond(createResponse(invite, 180, { toTag: "t1" }));
    h.clock.advance(450);
    h.transport.inject(invite, peerSource());
    expect(h.sendTimes("100")).toEqual([]);
    expect(h.sendTimes("180")).toEqual([50, 500]);
    expect(h.user.log).toEqual(["0 request INVITE"]);
  });

  it("an INVITE retransmitted before the TU spoke gets the 100 Trying at once, and only once", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    incomingInvite(h, invite);
    h.clock.advance(120);
    h.transport.inject(invite, peerSource());
    h.clock.advance(1_000);
    expect(h.sendTimes("100")).toEqual([120]);
    expect(h.user.requests).toHaveLength(1);
  });

  it("486 over UDP: Timer G resends at 0.5, 1, 2, 4, 4 s intervals; the ACK confirms it; Timer I (5 s) ends it", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    h.user.answer = (_r, t) => t.respond(createResponse(invite, 486, { toTag: "t1" }));
    const ist = incomingInvite(h, invite);
    expect(ist.state).toBe(InviteServerState.Completed);
    h.clock.advance(12_000);
    h.transport.inject(invite, peerSource());
    expect(h.sendTimes("486")).toEqual([0, 500, 1_500, 3_500, 7_500, 11_500, 12_000]);
    h.transport.inject(ack("t1"), peerSource());
    expect(ist.state).toBe(InviteServerState.Confirmed);
    h.clock.advance(4_000);
    h.transport.inject(ack("t1"), peerSource());
    expect(h.sendTimes("486")).toHaveLength(7);
    expect(h.user.log).toEqual(["0 request INVITE"]);
    h.clock.advance(999);
    expect(ist.state).toBe(InviteServerState.Confirmed);
    h.clock.advance(1);
    expect(ist.state).toBe(InviteServerState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("no ACK ever: Timer H fires at 32 s, the user hears of it, and the transaction ends", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    const ist = incomingInvite(h, invite);
    h.clock.advance(1_000);
    ist.respond(createResponse(invite, 603, { toTag: "t1" }));
    h.clock.advance(32_000);
    expect(h.user.log).toEqual(["0 request INVITE", "33000 server timeout INVITE"]);
    expect(ist.state).toBe(InviteServerState.Terminated);
    expect(h.sendTimes("603")).toEqual([1_000, 1_500, 2_500, 4_500, 8_500, 12_500, 16_500, 20_500, 24_500, 28_500, 32_500]);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("200 OK: Accepted (RFC 6026) absorbs INVITE retransmissions, sends the TU's 2xx retransmissions, passes the ACK up; Timer L ends it", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    const ist = incomingInvite(h, invite);
    h.clock.advance(3_000);
    const ok = createResponse(invite, 200, { toTag: "t1" });
    ist.respond(ok);
    expect(ist.state).toBe(InviteServerState.Accepted);
    h.transport.inject(invite, peerSource());
    h.clock.advance(500);
    ist.respond(ok);
    ist.respond(createResponse(invite, 486, { toTag: "t1" }));
    expect(h.sendTimes("200")).toEqual([3_000, 3_500]);
    expect(h.sendTimes("486")).toEqual([]);
    // The ACK for a 2xx has its own branch; one that reuses the INVITE's also reaches the user.
    h.transport.inject(ack("t1", "z9hG4bKack9"), peerSource());
    h.transport.inject(ack("t1"), peerSource());
    expect(h.user.log).toEqual(["0 request INVITE", "3500 request ACK (no transaction)", "3500 request ACK (no transaction)"]);
    h.clock.advance(32_000 - 501);
    expect(ist.state).toBe(InviteServerState.Accepted);
    h.clock.advance(1);
    expect(ist.state).toBe(InviteServerState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("over TCP: no Timer G, and the ACK ends it at once (Timer I zero)", () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20", protocol: "tcp" });
    const ist = incomingInvite(h, invite, true);
    ist.respond(createResponse(invite, 480, { toTag: "t1" }));
    h.clock.advance(20_000);
    expect(h.sendTimes("480")).toEqual([0]);
    h.transport.inject(request({ method: "ACK", viaHost: "192.0.2.20", protocol: "tcp", toTag: "t1" }), peerSource("tcp"));
    expect(ist.state).toBe(InviteServerState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("a failed final response reports a transport error and ends the transaction (§17.2.4)", async () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    const ist = incomingInvite(h, invite);
    h.transport.failSends(new TransportError("connection reset"));
    ist.respond(createResponse(invite, 500, { toTag: "t1" }));
    await settle();
    expect(h.user.log).toEqual(["0 request INVITE", "0 server transport error INVITE connection reset"]);
    expect(ist.state).toBe(InviteServerState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("a failed 2xx is reported but the transaction stays Accepted until Timer L (RFC 6026 §7.1)", async () => {
    const h = harness();
    const invite = request({ viaHost: "192.0.2.20" });
    const ist = incomingInvite(h, invite);
    h.transport.failSends(new TransportError("connection reset"));
    ist.respond(createResponse(invite, 200, { toTag: "t1" }));
    await settle();
    expect(h.user.log).toEqual(["0 request INVITE", "0 server transport error INVITE connection reset"]);
    expect(ist.state).toBe(InviteServerState.Accepted);
    h.transport.inject(invite, peerSource());
    expect(h.user.requests).toHaveLength(1);
    h.clock.advance(32_000);
    expect(ist.state).toBe(InviteServerState.Terminated);
    expect(h.clock.activeTimers).toBe(0);
  });
});
