/**
 * Non-INVITE client transaction (RFC 3261 §17.1.2) through the TransactionLayer,
 * with a FakeClock and the FakeTransport. Covers Timer E (doubling to T2 in
 * Trying, T2 in Proceeding), Timer F, absorption of retransmitted finals during
 * Timer K, reliable transports and transport errors. Matching rules are in
 * transaction-layer.test.ts.
 */
import { describe, expect, it } from "vitest";
import { NonInviteClientState } from "../../../../src/sip/transaction/non-invite-client.js";
import { TransportError } from "../../../../src/sip/transport/types.js";
import { clientUser, harness, PEER, peerSource, reply, request, settle } from "./harness.js";

describe("non-INVITE client transaction", () => {
  it("OPTIONS over UDP with no answer: intervals 0.5, 1, 2, then 4 s (T2), onTimeout at 32 s", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const nict = h.layer.sendRequest(request({ method: "OPTIONS" }), PEER, user);
    expect(nict.state).toBe(NonInviteClientState.Trying);
    h.clock.advance(32_000);
    expect(h.sendTimes("OPTIONS")).toEqual([0, 500, 1_500, 3_500, 7_500, 11_500, 15_500, 19_500, 23_500, 27_500, 31_500]);
    expect(user.log).toEqual(["32000 timeout"]);
    expect(nict.state).toBe(NonInviteClientState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("in Proceeding the request is still retransmitted, every T2 (§17.1.2.2), until Timer F", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const register = request({ method: "REGISTER" });
    const nict = h.layer.sendRequest(register, PEER, user);
    h.clock.advance(200);
    h.transport.inject(reply(register, 100), peerSource());
    expect(nict.state).toBe(NonInviteClientState.Proceeding);
    h.clock.advance(31_800);
    // Timer E set in Trying still fires at 0.5 s; from then on it is reset to T2.
    expect(h.sendTimes("REGISTER")).toEqual([0, 500, 4_500, 8_500, 12_500, 16_500, 20_500, 24_500, 28_500]);
    expect(user.log).toEqual(["200 response 100", "32000 timeout"]);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("a 200 completes it; retransmitted finals are absorbed until Timer K (T4 = 5 s)", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const bye = request({ method: "BYE", toTag: "b1" });
    const nict = h.layer.sendRequest(bye, PEER, user);
    h.clock.advance(700);
    h.transport.inject(reply(bye, 200), peerSource());
    expect(nict.state).toBe(NonInviteClientState.Completed);
    h.clock.advance(1_000);
    h.transport.inject(reply(bye, 200), peerSource());
    h.clock.advance(3_999);
    expect(nict.state).toBe(NonInviteClientState.Completed);
    h.clock.advance(1);
    expect(nict.state).toBe(NonInviteClientState.Terminated);
    expect(user.log).toEqual(["700 response 200"]);
    expect(h.sendTimes("BYE")).toEqual([0, 500]);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("over TCP: sent once, and the final ends it at once (Timer K zero)", () => {
    const h = harness();
    const user = clientUser(h.clock);
    const options = request({ method: "OPTIONS", protocol: "tcp" });
    const nict = h.layer.sendRequest(options, { ...PEER, protocol: "tcp" }, user);
    h.clock.advance(10_000);
    h.transport.inject(reply(options, 200), peerSource("tcp"));
    expect(nict.state).toBe(NonInviteClientState.Terminated);
    expect(h.sendTimes("OPTIONS")).toEqual([0]);
    expect(user.log).toEqual(["10000 response 200"]);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("a failed send reports a transport error and terminates (§17.1.4)", async () => {
    const h = harness();
    const user = clientUser(h.clock);
    h.transport.failSends(new TransportError("no route to host"));
    const nict = h.layer.sendRequest(request({ method: "OPTIONS" }), PEER, user);
    await settle();
    expect(user.log).toEqual(["0 transport error no route to host"]);
    expect(nict.state).toBe(NonInviteClientState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });
});
