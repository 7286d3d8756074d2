/**
 * Keep-alive while registered (RFC 5626 §4.4 in spirit): OPTIONS probes to the
 * registrar at 80–100 % of the interval, a lost probe sending the client back to
 * registering with an immediate REGISTER (and backoff after that), CRLF
 * keep-alives through the core's callback, and nothing left running after stop.
 * Does not cover the CRLF bytes themselves (the core sends them).
 */
import { describe, expect, it } from "vitest";
import { TIMER_F_MS } from "./fake-sender.js";
import { newHarness, registeredHarness } from "./harness.js";

describe("keep-alive: OPTIONS", () => {
  it("probes the registrar at a randomised 80–100 % of the interval while registered", () => {
    // random() gives 0 then .25: waits of 24 s then 25.5 s after each answer.
    const h = registeredHarness({ keepAlive: { mode: "options", intervalMs: 30_000 } });
    h.clock.advance(60_000);

    const probes = h.sender.ofMethod("OPTIONS");
    expect(probes.map((p) => p.atMs)).toEqual([24_020, 24_040 + 25_500]);
    const options = probes[0]!.built;
    expect(options.uri).toBe("sip:example.net");
    expect(options.headers.has("Via")).toBe(false);
    expect(options.headers.get("To")).toBe("<sip:example.net>");
    expect(options.headers.get("CSeq")).toBe("1 OPTIONS");
    expect(options.headers.get("Call-ID")).not.toBe(h.sender.last().built.headers.get("Call-ID"));
    expect(probes[1]!.built.headers.get("Call-ID")).not.toBe(options.headers.get("Call-ID"));
    expect(h.client.state).toBe("registered");
  });

  it("re-registers at once when a probe times out, then backs off until the registrar returns", () => {
    const h = registeredHarness({ keepAlive: { mode: "options", intervalMs: 30_000 } });
    h.registrar.up = false;
    h.clock.advance(24_000 + TIMER_F_MS); // the probe at 24 020 times out at 56 020

    expect(h.client.state).toBe("registering");
    expect(h.sender.last().atMs).toBe(56_020);
    expect(h.events.at(-1)!.detail).toMatchObject({ status: 408, reason: "OPTIONS timed out" });

    h.clock.advance(TIMER_F_MS); // that REGISTER times out as well
    expect(h.client.state).toBe("failed");
    expect(h.events.at(-1)!.detail.retryInMs).toBe(37_500); // random .25 of 60 s upper bound

    h.registrar.up = true;
    h.clock.advance(37_500 + 20);
    expect(h.states()).toEqual(["registering", "registered", "registering", "failed", "registering", "registered"]);
    // The refresh timer of the lost registration was cancelled: no REGISTER at 236 020.
    const registerTimes = h.sender.ofMethod("REGISTER").map((s) => s.atMs);
    h.clock.advance(150_000);
    expect(h.sender.ofMethod("REGISTER").map((s) => s.atMs)).toEqual(registerTimes);
  });

  it("takes any final answer, even 404, as a sign the registrar is alive", () => {
    const h = newHarness({ keepAlive: { mode: "options", intervalMs: 30_000 } });
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 200 });
    h.clock.advance(24_000);
    h.sender.respond(h.sender.last("OPTIONS"), { status: 404 });
    expect(h.client.state).toBe("registered");
    h.clock.advance(25_500);
    expect(h.sender.ofMethod("OPTIONS")).toHaveLength(2);
    h.sender.respond(h.sender.last("OPTIONS"), { status: 408 });
    expect(h.client.state).toBe("registering");
  });

  it("ignores a probe's answer that arrives after stop()", async () => {
    const h = registeredHarness({ keepAlive: { mode: "options", intervalMs: 30_000 } });
    h.clock.advance(24_000);
    expect(h.sender.ofMethod("OPTIONS")).toHaveLength(1);
    const stopped = h.client.stop();
    h.clock.advance(20);
    await stopped;
    expect(h.client.state).toBe("unregistered");
    expect(h.clock.activeTimers).toBe(0);
  });
});

describe("keep-alive: CRLF", () => {
  it("asks the core for a CRLF keep-alive while registered, and stops when failed or stopped", async () => {
    let crlfs: number[] = [];
    const h = registeredHarness({ keepAlive: { mode: "crlf", intervalMs: 30_000, sendCrlf: () => crlfs.push(h.clock.now()) } });
    h.clock.advance(60_000);
    expect(crlfs).toEqual([24_020, 24_020 + 25_500]);

    h.registrar.up = false;
    h.clock.advance(236_000 - 60_000 + TIMER_F_MS); // the refresh times out
    expect(h.client.state).toBe("failed");
    crlfs = [];
    h.clock.advance(20_000);
    expect(crlfs).toEqual([]);

    const stopped = h.client.stop();
    h.clock.advance(5_000); // the registrar is still down: stop() gives up waiting
    await stopped;
    h.clock.advance(100_000); // lets the fake core's Timer F for the un-REGISTER run out
    expect(crlfs).toEqual([]);
    expect(h.clock.activeTimers).toBe(0);
  });

  it("refuses crlf mode without a way to send the CRLF", () => {
    expect(() => newHarness({ keepAlive: { mode: "crlf", intervalMs: 30_000 } })).toThrow(/sendCrlf/);
  });
});
