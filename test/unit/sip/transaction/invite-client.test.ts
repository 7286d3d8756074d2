/**
 * INVITE client transaction (RFC 3261 §17.1.1, RFC 6026 §8.4) through the
 * TransactionLayer, with a FakeClock and the FakeTransport. Covers Timer A/B
 * timing on UDP, provisional responses, the ACK for a non-2xx final (exact
 * headers, resent per retransmitted final, Timer D), the Accepted state with
 * Timer M, reliable transports, transport errors and terminate(). Does not cover
 * matching rules (transaction-layer.test.ts) or the ACK for a 2xx (UA core).
 */
import { describe, expect, it } from "vitest";
import { InviteClientState } from "../../../../src/sip/transaction/invite-client.js";
import { TransportError } from "../../../../src/sip/transport/types.js";
import { clientUser, harness, PEER, peerSource, reply, request, settle } from "./harness.js";

describe("INVITE client transaction", () => {
  it("INVITE over UDP with no answer: retransmitted at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s, then onTimeout at 32 s", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const ict = h.layer.sendRequest(request(), PEER, user);
    expect(ict.state).toBe(InviteClientState.Calling);
    h.clock.advance(31_999);
    expect(user.log).toEqual([]);
    h.clock.advance(1);
    expect(h.sendTimes("INVITE")).toEqual([0, 500, 1_500, 3_500, 7_500, 15_500, 31_500]);
    expect(user.log).toEqual(["32000 timeout"]);
    expect(ict.state).toBe(InviteClientState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
    h.clock.advance(100_000);
    expect(h.transport.sent).toHaveLength(7);
  });

  it("a 180 stops the retransmissions and Timer B; the call may ring for minutes", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const invite = request();
    const ict = h.layer.sendRequest(invite, PEER, user);
    h.clock.advance(600);
    h.transport.inject(reply(invite, 180), peerSource());
    expect(ict.state).toBe(InviteClientState.Proceeding);
    h.clock.advance(120_000);
    expect(h.sendTimes("INVITE")).toEqual([0, 500]);
    h.transport.inject(reply(invite, 183), peerSource());
    expect(user.log).toEqual(["600 response 180", "120600 response 183"]);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("486 Busy Here: ACK with the INVITE's URI, top Via, Route, From, Call-ID, CSeq number and the response's To; resent per retransmission; Timer D ends it at 32 s", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const invite = request({
      uri: "sip:bob@example.net;transport=udp",
      cseq: 7,
      extra: [["Route", "<sip:proxy1.example.net;lr>"], ["Route", "<sip:proxy2.example.net;lr>"], ["Contact", "<sip:alice@192.0.2.10>"]],
    });
    invite.headers.append("Via", "SIP/2.0/UDP 198.51.100.1;branch=z9hG4bKlower");
    const ict = h.layer.sendRequest(invite, PEER, user);
    h.clock.advance(100);
    h.transport.inject(reply(invite, 486, "busy-tag"), peerSource());
    expect(ict.state).toBe(InviteClientState.Completed);
    expect(user.log).toEqual(["100 response 486"]);

    const acks = h.transport.sent.filter((s) => s.message.type === "request" && s.message.method === "ACK");
    expect(acks).toHaveLength(1);
    expect(acks[0]!.to).toEqual(PEER);
    const ack = acks[0]!.message;
    if (ack.type !== "request") throw new Error("not a request");
    expect(ack.uri).toBe("sip:bob@example.net;transport=udp");
    expect(ack.headers.all().map((f) => [f.name, f.value])).toEqual([
      ["Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKtest1"],
      ["Route", "<sip:proxy1.example.net;lr>"],
      ["Route", "<sip:proxy2.example.net;lr>"],
      ["Max-Forwards", "70"],
      ["From", '"Alice" <sip:alice@example.com>;tag=a1'],
      ["To", "<sip:bob@example.net>;tag=busy-tag"],
      ["Call-ID", "call-1@192.0.2.10"],
      ["CSeq", "7 ACK"],
    ]);

    h.clock.advance(1_000);
    h.transport.inject(reply(invite, 486, "busy-tag"), peerSource());
    h.clock.advance(2_000);
    h.transport.inject(reply(invite, 486, "busy-tag"), peerSource());
    expect(h.sendTimes("ACK")).toEqual([100, 1_100, 3_100]);
    expect(user.log).toEqual(["100 response 486"]);
    expect(h.sendTimes("INVITE")).toEqual([0]);

    h.clock.advance(32_000 - 3_001);
    expect(ict.state).toBe(InviteClientState.Completed);
    h.clock.advance(1);
    expect(ict.state).toBe(InviteClientState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("200 OK: Accepted for Timer M (RFC 6026), every 2xx goes to the user, no ACK from the transaction; afterwards a 200 is stray", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const invite = request();
    const ict = h.layer.sendRequest(invite, PEER, user);
    h.clock.advance(2_000);
    h.transport.inject(reply(invite, 200), peerSource());
    expect(ict.state).toBe(InviteClientState.Accepted);
    h.clock.advance(500);
    h.transport.inject(reply(invite, 200), peerSource());
    h.transport.inject(reply(invite, 200, "other-fork"), peerSource());
    h.transport.inject(reply(invite, 486), peerSource());
    expect(user.log).toEqual(["2000 response 200", "2500 response 200", "2500 response 200"]);
    expect(user.responses.map((r) => r.headers.get("To"))).toContain("<sip:bob@example.net>;tag=other-fork");
    expect(h.sendTimes("ACK")).toEqual([]);
    expect(h.sendTimes("INVITE")).toEqual([0, 500, 1_500]);

    h.clock.advance(32_000 - 501);
    expect(ict.state).toBe(InviteClientState.Accepted);
    h.clock.advance(1);
    expect(ict.state).toBe(InviteClientState.Terminated);
    h.transport.inject(reply(invite, 200), peerSource());
    expect(h.user.log).toEqual(["34000 stray 200"]);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("over TCP: no retransmissions, Timer B still 32 s; a 404 is acknowledged and ends the transaction at once (Timer D zero)", () => {
    const h = harness();
    const tcp = { ...PEER, protocol: "tcp" as const };
    const first = clientUser(h.clock);
    h.layer.sendRequest(request({ protocol: "tcp", branch: "z9hG4bKtcp1" }), tcp, first);
    h.clock.advance(32_000);
    expect(h.sendTimes("INVITE")).toEqual([0]);
    expect(first.log).toEqual(["32000 timeout"]);

    const second = clientUser(h.clock);
    const invite = request({ protocol: "tcp", branch: "z9hG4bKtcp2" });
    const ict = h.layer.sendRequest(invite, tcp, second);
    h.transport.inject(reply(invite, 404), peerSource("tcp"));
    expect(ict.state).toBe(InviteClientState.Terminated);
    expect(h.sendTimes("ACK")).toEqual([32_000]);
    expect(second.log).toEqual(["32000 response 404"]);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("a failed send reports a transport error and terminates (§17.1.4)", async () => {
    const h = harness();
    const user = clientUser(h.clock);
    h.transport.failSends(new TransportError("network unreachable"));
    const ict = h.layer.sendRequest(request(), PEER, user);
    await settle();
    expect(user.log).toEqual(["0 transport error network unreachable"]);
    expect(ict.state).toBe(InviteClientState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("a retransmission that fails later also ends the transaction", async () => {
    const h = harness();
    const user = clientUser(h.clock);
    const ict = h.layer.sendRequest(request(), PEER, user);
    h.transport.failSends(new TransportError("ICMP port unreachable"));
    h.clock.advance(500);
    await settle();
    expect(user.log).toEqual(["500 transport error ICMP port unreachable"]);
    expect(ict.state).toBe(InviteClientState.Terminated);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("terminate() ends it silently, stops the timers and frees the table", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const ict = h.layer.sendRequest(request(), PEER, user);
    ict.terminate();
    h.clock.advance(64_000);
    expect(user.log).toEqual([]);
    expect(h.sendTimes("INVITE")).toEqual([0]);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("logs each move under sip.ict with the branch as id", () => {
    const h = harness();
    const invite = request();
    h.layer.sendRequest(invite, PEER, clientUser(h.clock));
    h.transport.inject(reply(invite, 180), peerSource());
    const moves = h.sink.records.filter((r) => r.category === "sip.ict").map((r) => `${r.id} ${r.message}`);
    expect(moves).toContain("z9hG4bKtest1 Calling -> Proceeding");
  });
});
