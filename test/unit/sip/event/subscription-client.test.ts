/**
 * The RFC 6665 subscriber on a fake clock and a fake sender: the initial SUBSCRIBE,
 * refresh timing, NOTIFY before the 2xx, Subscription-State (active, pending,
 * terminated with each kind of reason, expires, retry-after), refresh failures,
 * the 64·T1 wait for a first NOTIFY, 423, 489, and a bounded un-SUBSCRIBE that
 * leaves no timer behind. Digest challenges (answered by the sender) and real
 * sockets are covered in test/unit/sip/ua/account-mwi.test.ts and test/interop/mwi.test.ts.
 */
import { describe, expect, it } from "vitest";
import { newSubscriptionHarness, SUMMARY_YES } from "./harness.js";

type H = ReturnType<typeof newSubscriptionHarness>;

const OK_600 = { status: 200, headers: [["Expires", "600"], ["Contact", "<sip:vm@198.51.100.7:5060>"]] as const };

/** Started, answered 200 (600 s granted) and notified active. */
function activeHarness(): H {
  const h = newSubscriptionHarness();
  h.client.start();
  h.sender.respond(h.lastSubscribe(), OK_600);
  expect(h.notify({ state: "active;expires=600", body: SUMMARY_YES }).responses[0]?.status).toBe(200);
  expect(h.client.state).toBe("active");
  return h;
}

describe("subscribing", () => {
  it("sends SUBSCRIBE for message-summary to the resource, with Accept, Expires 3600 and our Contact", () => {
    const h = newSubscriptionHarness();
    h.client.start();
    const s = h.lastSubscribe().built;
    expect(s.method).toBe("SUBSCRIBE");
    expect(s.uri).toBe("sip:*97@example.net");
    expect(s.headers.get("To")).toBe("<sip:*97@example.net>");
    expect(s.headers.get("From")).toMatch(/^Kitchen <sip:1001@example\.net>;tag=\w+$/);
    expect(s.headers.get("Event")).toBe("message-summary");
    expect(s.headers.get("Accept")).toBe("application/simple-message-summary");
    expect(s.headers.get("Expires")).toBe("3600");
    expect(s.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    expect(h.states).toEqual(["subscribing"]);
  });

  it("answers the NOTIFY 200, hands its body over, and refreshes in the dialog at grant − 64 s", () => {
    const h = activeHarness();
    expect(h.bodies).toEqual([SUMMARY_YES]);
    const first = h.lastSubscribe();
    h.clock.advance(535_900);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(1);
    h.clock.advance(100);
    const refresh = h.lastSubscribe().built;
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
    expect(refresh.uri).toBe("sip:vm@198.51.100.7:5060");
    expect(refresh.headers.get("Call-ID")).toBe(first.built.headers.get("Call-ID"));
    expect(refresh.headers.get("To")).toMatch(/;tag=reg1$/);
    expect(refresh.headers.get("CSeq")).toBe("2 SUBSCRIBE");
    expect(refresh.headers.get("Contact")).toBe("<sip:1001@192.0.2.10:5060>");
    h.sender.respond(h.lastSubscribe(), { status: 200, headers: [["Expires", "100"]] });
    h.clock.advance(49_999);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
    h.clock.advance(1);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(3);
  });

  it("takes a NOTIFY that comes before the 2xx (§4.1.2.4) and uses its Contact as remote target", () => {
    const h = newSubscriptionHarness();
    h.client.start();
    const answered = h.notify({ state: "pending", contact: "<sip:vm-node2@198.51.100.8>" });
    expect(answered.taken).toBe(true);
    expect(answered.responses[0]?.status).toBe(200);
    expect(h.client.state).toBe("pending");
    h.sender.respond(h.lastSubscribe(), { status: 200, headers: [["Expires", "600"]] });
    h.notify({ state: "active", contact: "<sip:vm-node2@198.51.100.8>" });
    expect(h.states).toEqual(["subscribing", "pending", "active"]);
    h.clock.advance(536_000);
    expect(h.lastSubscribe().built.uri).toBe("sip:vm-node2@198.51.100.8");
  });

  it("takes the expires parameter of Subscription-State as the time left (§4.1.3)", () => {
    const h = activeHarness();
    h.notify({ state: "active;expires=100" });
    h.clock.advance(50_000);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
  });

  it("asks again with Min-Expires after 423, in the same Call-ID with the next CSeq", () => {
    const h = newSubscriptionHarness();
    h.client.start();
    const first = h.lastSubscribe().built;
    h.sender.respond(h.lastSubscribe(), { status: 423, headers: [["Min-Expires", "7200"]] });
    const second = h.lastSubscribe().built;
    expect(second.headers.get("Expires")).toBe("7200");
    expect(second.headers.get("Call-ID")).toBe(first.headers.get("Call-ID"));
    expect(second.headers.get("CSeq")).toBe("2 SUBSCRIBE");
  });
});

describe("NOTIFYs that are refused", () => {
  it("answers 489 to another event, 400 without Subscription-State or with a bad body, 481 to another fork, 500 out of order", () => {
    const h = activeHarness();
    expect(h.notify({ state: "active", event: "presence" }).responses[0]?.status).toBe(489);
    expect(h.notify({ state: "active", event: null }).responses[0]?.status).toBe(400);
    expect(h.notify({ state: "bogus" }).responses[0]?.status).toBe(400);
    const bad = h.notify({ state: "active", body: "garbage" }).responses[0];
    expect([bad?.status, bad?.reason]).toEqual([400, "not a message-summary"]);
    expect(h.notify({ state: "active", fromTag: "other-fork" }).responses[0]?.status).toBe(481);
    expect(h.notify({ state: "active", cseq: 1 }).responses[0]?.status).toBe(500);
    expect(h.client.state).toBe("active");
  });

  it("leaves NOTIFYs of other dialogs to the caller (the core answers 481)", () => {
    const h = activeHarness();
    const stranger = h.notifyFor(h.lastSubscribe(), { state: "active" });
    stranger.headers.set("Call-ID", "someone-else");
    expect(h.deliver(stranger).taken).toBe(false);
  });
});

describe("termination and failure", () => {
  it("subscribes again at once after 'deactivated' with a new Call-ID, but backs off when it happens again straight away", () => {
    const h = activeHarness();
    const oldCallId = h.lastSubscribe().built.headers.get("Call-ID");
    h.notify({ state: "terminated;reason=deactivated" });
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
    expect(h.lastSubscribe().built.headers.get("Call-ID")).not.toBe(oldCallId);
    expect(h.lastSubscribe().built.headers.get("To")).not.toContain("tag=");
    h.sender.respond(h.lastSubscribe(), OK_600);
    h.notify({ state: "terminated;reason=deactivated" });
    expect(h.client.state).toBe("waiting");
    h.clock.advance(59_999); // second failure: upper bound 120 s, random 0 → 60 s
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
    h.clock.advance(1);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(3);
  });

  it("ignores the 2xx of a SUBSCRIBE whose subscription a NOTIFY already ended", () => {
    const h = newSubscriptionHarness();
    h.client.start();
    h.notify({ state: "terminated;reason=probation;retry-after=100" });
    h.sender.respond(h.lastSubscribe(), OK_600);
    expect(h.client.state).toBe("waiting");
    h.clock.advance(100_000);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
    expect(h.lastSubscribe().built.headers.get("To")).not.toContain("tag=");
    h.clock.advance(600_000);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
  });

  it("waits at least retry-after after 'probation'", () => {
    const h = activeHarness();
    h.notify({ state: "terminated;reason=probation;retry-after=120" });
    expect(h.client.state).toBe("waiting");
    h.clock.advance(119_999);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(1);
    h.clock.advance(1);
    expect(h.client.state).toBe("subscribing");
  });

  it("gives up for good after 'rejected', 'noresource' or 'invariant', and after 489 Bad Event, with no timer left", () => {
    for (const reason of ["rejected", "noresource", "invariant"]) {
      const h = activeHarness();
      h.notify({ state: `terminated;reason=${reason}` });
      h.clock.advance(86_400_000);
      expect([reason, h.client.state, h.sender.ofMethod("SUBSCRIBE").length, h.clock.activeTimers]).toEqual([reason, "rejected", 1, 0]);
    }
    const h = newSubscriptionHarness();
    h.client.start();
    h.sender.respond(h.lastSubscribe(), { status: 489 });
    h.clock.advance(86_400_000);
    expect([h.client.state, h.sender.ofMethod("SUBSCRIBE").length, h.clock.activeTimers]).toEqual(["rejected", 1, 0]);
    expect(h.sink.lines("sip.subscription").some((l) => l.startsWith("error") && l.includes("489"))).toBe(true);
  });

  it("honours Retry-After on a failed SUBSCRIBE, within the back-off cap", () => {
    const h = newSubscriptionHarness();
    h.client.start();
    h.sender.respond(h.lastSubscribe(), { status: 503, headers: [["Retry-After", "300"]] });
    expect(h.client.state).toBe("waiting");
    h.clock.advance(299_999);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(1);
    h.clock.advance(1);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
    h.sender.respond(h.lastSubscribe(), { status: 503, headers: [["Retry-After", "999999"]] });
    h.clock.advance(1_800_000);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(3);
  });

  it("starts a new subscription when a refresh gets 481 (§4.1.2.2)", () => {
    const h = activeHarness();
    const oldCallId = h.lastSubscribe().built.headers.get("Call-ID");
    h.clock.advance(536_000);
    h.sender.respond(h.lastSubscribe(), { status: 481 });
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(3);
    expect(h.lastSubscribe().built.headers.get("Call-ID")).not.toBe(oldCallId);
  });

  it("keeps the subscription after a refresh times out, retries the refresh, and starts anew when it lapses", () => {
    const h = activeHarness();
    const callId = h.lastSubscribe().built.headers.get("Call-ID");
    h.clock.advance(536_000);
    h.sender.timeout(h.lastSubscribe());
    expect(h.client.state).toBe("active");
    h.clock.advance(30_000); // first failure: 60 s upper bound, random 0 → 30 s
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(3);
    expect(h.lastSubscribe().built.headers.get("Call-ID")).toBe(callId);
    h.sender.respond(h.lastSubscribe(), { status: 500 });
    h.clock.advance(34_000); // 600 s after the 2xx: lapsed
    expect(h.client.state).toBe("subscribing");
    expect(h.lastSubscribe().built.headers.get("Call-ID")).not.toBe(callId);
  });

  it("counts the subscription failed when no NOTIFY follows the 2xx within 64·T1", () => {
    const h = newSubscriptionHarness();
    h.client.start();
    h.sender.respond(h.lastSubscribe(), OK_600);
    h.clock.advance(31_999);
    expect(h.client.state).toBe("subscribing");
    h.clock.advance(1);
    expect(h.client.state).toBe("waiting");
  });
});

describe("stop", () => {
  it("un-SUBSCRIBEs in the dialog with Expires 0 and settles on the final NOTIFY, leaving no timer", async () => {
    const h = activeHarness();
    const stopped = h.client.stop();
    const unsubscribe = h.lastSubscribe();
    expect(unsubscribe.built.headers.get("Expires")).toBe("0");
    expect(unsubscribe.built.headers.get("To")).toMatch(/;tag=reg1$/);
    h.sender.respond(unsubscribe, { status: 200, headers: [["Expires", "0"]] });
    expect(h.client.state).toBe("active");
    expect(h.notify({ state: "terminated;reason=timeout" }).responses[0]?.status).toBe(200);
    await stopped;
    expect(h.client.state).toBe("unsubscribed");
    expect(h.clock.activeTimers).toBe(0);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
  });

  it("settles 2 s after the un-SUBSCRIBE's 2xx without a final NOTIFY, and in 5 s when nothing answers", async () => {
    const h = activeHarness();
    const stopped = h.client.stop();
    h.sender.respond(h.lastSubscribe(), { status: 200 });
    h.clock.advance(2_000);
    await stopped;
    expect(h.client.state).toBe("unsubscribed");
    const silent = activeHarness();
    const stopping = silent.client.stop();
    silent.clock.advance(4_999);
    expect(silent.client.state).toBe("active");
    silent.clock.advance(1);
    await stopping;
    expect([silent.client.state, silent.clock.activeTimers]).toEqual(["unsubscribed", 0]);
  });

  it("waits for a SUBSCRIBE in flight, then removes what its 2xx created", async () => {
    const h = newSubscriptionHarness();
    h.client.start();
    const stopped = h.client.stop();
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(1);
    h.sender.respond(h.lastSubscribe(), OK_600);
    expect(h.sender.ofMethod("SUBSCRIBE")).toHaveLength(2);
    expect(h.lastSubscribe().built.headers.get("Expires")).toBe("0");
    h.sender.respond(h.lastSubscribe(), { status: 481 });
    await stopped;
    expect([h.client.state, h.clock.activeTimers]).toEqual(["unsubscribed", 0]);
  });

  it("stops while waiting to retry without sending anything", async () => {
    const h = newSubscriptionHarness();
    h.client.start();
    h.sender.respond(h.lastSubscribe(), { status: 500 });
    await h.client.stop();
    h.clock.advance(3_600_000);
    expect([h.client.state, h.sender.ofMethod("SUBSCRIBE").length, h.clock.activeTimers]).toEqual(["unsubscribed", 1, 0]);
  });
});
