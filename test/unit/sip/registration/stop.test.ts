/**
 * stop(): the un-REGISTER of RFC 3261 §10.2.2 (expires=0 for our Contact only,
 * never "*"), the bounded wait when nobody answers, waiting for an outstanding
 * REGISTER first (§10.2), and no timer left on the clock afterwards.
 * Does not cover what the core does with its own transaction timers.
 */
import { describe, expect, it } from "vitest";
import { FakeRegistrar } from "./fake-registrar.js";
import { CONTACT_TEXT, newHarness, registeredHarness } from "./harness.js";

describe("RegistrationClient.stop", () => {
  it("removes only our binding with expires=0, then ends unregistered with no timers left", async () => {
    const h = registeredHarness({ keepAlive: { mode: "options", intervalMs: 30_000 } });
    h.registrar.bindings.set("sip:1001@198.51.100.9", h.clock.now() + 3_600_000); // another device of the AoR
    const first = h.sender.last().built.headers;

    const stopped = h.client.stop();
    const unregister = h.sender.last().built.headers;
    expect(unregister.getAll("Contact")).toEqual([`<${CONTACT_TEXT}>;expires=0`]);
    expect(unregister.get("Expires")).toBe("0");
    expect(unregister.get("Call-ID")).toBe(first.get("Call-ID"));
    expect(unregister.get("CSeq")).toBe("2 REGISTER");
    expect(h.client.state).toBe("registered"); // until the registrar answers

    h.clock.advance(20);
    await stopped;
    expect(h.client.state).toBe("unregistered");
    expect(h.registrar.live()).toEqual(["sip:1001@198.51.100.9"]);
    expect(h.events.map((e) => [e.state, e.detail.status])).toEqual([
      ["registering", undefined],
      ["registered", 200],
      ["unregistered", 200],
    ]);
    expect(h.clock.activeTimers).toBe(0);
    h.clock.advance(3_600_000);
    expect(h.sender.sent).toHaveLength(2);
  });

  it("gives up waiting after stopTimeoutMs when the registrar is silent", async () => {
    const h = registeredHarness({ keepAlive: { mode: "options", intervalMs: 30_000 } });
    h.registrar.up = false;
    let done = false;
    const stopped = h.client.stop().then(() => {
      done = true;
    });
    h.clock.advance(4_999);
    await Promise.resolve();
    expect(done).toBe(false);
    h.clock.advance(1);
    await stopped;
    expect(h.client.state).toBe("unregistered");
    expect(h.events[2]!.detail.reason).toBe("un-REGISTER not answered in time");
    h.clock.advance(40_000); // the late timeout of the un-REGISTER changes nothing
    expect(h.states()).toEqual(["registering", "registered", "unregistered"]);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("waits for an outstanding REGISTER's answer before sending the un-REGISTER (§10.2)", async () => {
    const h = newHarness();
    h.client.start();
    const stopped = h.client.stop();
    expect(h.sender.sent).toHaveLength(1);

    h.sender.respond(h.sender.last(), { status: 200 });
    expect(h.sender.sent).toHaveLength(2);
    expect(h.sender.last().built.headers.get("Expires")).toBe("0");
    expect(h.client.state).toBe("registering"); // never reported registered while stopping

    h.sender.respond(h.sender.last(), { status: 200 });
    await stopped;
    expect(h.states()).toEqual(["registering", "unregistered"]);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("cancels a pending retry when stopped while failed", async () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 403 });
    expect(h.client.state).toBe("failed");

    const stopped = h.client.stop();
    h.sender.respond(h.sender.last(), { status: 403 });
    await stopped;
    expect(h.client.state).toBe("unregistered");
    expect(h.clock.activeTimers).toBe(0);
    h.clock.advance(3_600_000);
    expect(h.sender.sent).toHaveLength(2);
  });

  it("does nothing when never started, and can start again after stopping", async () => {
    const h = newHarness();
    await h.client.stop();
    expect(h.sender.sent).toHaveLength(0);
    expect(h.events).toHaveLength(0);

    const registrar = new FakeRegistrar(h.clock);
    h.sender.handler = registrar.handle;
    h.client.start();
    h.clock.advance(20);
    const stopped = h.client.stop();
    h.clock.advance(20);
    await stopped;
    h.client.start();
    h.clock.advance(20);
    expect(h.client.state).toBe("registered");
    expect(h.sender.sent.map((s) => s.built.headers.get("CSeq"))).toEqual(["1 REGISTER", "2 REGISTER", "3 REGISTER"]);
  });
});
