/**
 * Non-INVITE server transaction (RFC 3261 §17.2.2) through the TransactionLayer,
 * with a FakeClock and the FakeTransport. Covers absorbing retransmissions in
 * Trying, resending the last response in Proceeding and Completed, Timer J on UDP
 * and reliable transports, late responses, and transport errors.
 */
import { describe, expect, it } from "vitest";
import { createResponse } from "../../../../src/sip/message/index.js";
import { NonInviteServerState } from "../../../../src/sip/transaction/non-invite-server.js";
import { TransportError } from "../../../../src/sip/transport/types.js";
import { harness, peerSource, request, settle } from "./harness.js";

const options = (protocol: "udp" | "tcp" = "udp") => request({ method: "OPTIONS", viaHost: "192.0.2.20", protocol });

describe("non-INVITE server transaction", () => {
  it("absorbs retransmissions in Trying, resends the 1xx in Proceeding and the final in Completed, ends at Timer J (32 s)", () => {
    const h = harness();
    const req = options();
    h.transport.inject(req, peerSource());
    const nist = h.user.requests[0]!.transaction!;
    expect(nist.state).toBe(NonInviteServerState.Trying);
    h.clock.advance(500);
    h.transport.inject(req, peerSource());
    expect(h.transport.sent).toHaveLength(0);

    nist.respond(createResponse(req, 100));
    expect(nist.state).toBe(NonInviteServerState.Proceeding);
    h.clock.advance(1_000);
    h.transport.inject(req, peerSource());
    h.clock.advance(500);
    nist.respond(createResponse(req, 200, { toTag: "t1" }));
    expect(nist.state).toBe(NonInviteServerState.Completed);
    nist.respond(createResponse(req, 500, { toTag: "t1" }));
    h.clock.advance(2_000);
    h.transport.inject(req, peerSource());
    expect(h.sendTimes("100")).toEqual([500, 1_500]);
    expect(h.sendTimes("200")).toEqual([2_000, 4_000]);
    expect(h.sendTimes("500")).toEqual([]);
    expect(h.user.log).toEqual(["0 request OPTIONS"]);

    h.clock.advance(32_000 - 2_001);
    expect(nist.state).toBe(NonInviteServerState.Completed);
    h.clock.advance(1);
    expect(nist.state).toBe(NonInviteServerState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
    // After Timer J the same request is new again.
    h.transport.inject(req, peerSource());
    expect(h.user.log).toEqual(["0 request OPTIONS", "34000 request OPTIONS"]);
  });

  it("over TCP the final ends it at once (Timer J zero)", () => {
    const h = harness();
    const req = options("tcp");
    h.user.answer = (r, t) => t.respond(createResponse(r, 200, { toTag: "t1" }));
    h.transport.inject(req, peerSource("tcp"));
    expect(h.user.requests[0]!.transaction!.state).toBe(NonInviteServerState.Terminated);
    expect(h.sendTimes("200")).toEqual([0]);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("a failed send reports a transport error and ends the transaction (§17.2.4)", async () => {
    const h = harness();
    h.transport.failSends(new TransportError("host unreachable"));
    h.user.answer = (r, t) => t.respond(createResponse(r, 200, { toTag: "t1" }));
    h.transport.inject(options(), peerSource());
    await settle();
    expect(h.user.log).toEqual(["0 request OPTIONS", "0 server transport error OPTIONS host unreachable"]);
    expect(h.user.requests[0]!.transaction!.state).toBe(NonInviteServerState.Terminated);
    expect(h.layer.size).toBe(0);
    expect(h.clock.activeTimers).toBe(0);
  });
});
