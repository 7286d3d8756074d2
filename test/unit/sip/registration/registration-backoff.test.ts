/**
 * Failures and recovery: every kind of failure ends in "failed" with a retry
 * after min(1800 s, 30 s · 2^n) picked in 50–100 % (RFC 5626 §4.5), checked to
 * the millisecond with a known random sequence; Retry-After; 100 failures in a
 * row never tight-loop; a registrar that restarts and forgets the binding; a
 * refresh that fails while registered. Keep-alive probing is in keep-alive.test.ts.
 */
import { describe, expect, it } from "vitest";
import { FakeRegistrar } from "./fake-registrar.js";
import { TIMER_F_MS } from "./fake-sender.js";
import { CONTACT_TEXT, newHarness, seeded } from "./harness.js";

describe("RegistrationClient: backoff after failures", () => {
  it("follows the RFC 5626 schedule exactly for a known random sequence", () => {
    // random() returns 0, .25, .5, .75, 0, ...: the delay is upper · (0.5 + 0.5 · r).
    const h = newHarness();
    h.sender.handler = () => ({ status: 503 });
    h.client.start();
    h.clock.advance(10_000_000);

    const retries = h.events.filter((e) => e.state === "failed").slice(0, 8).map((e) => e.detail.retryInMs);
    expect(retries).toEqual([30_000, 75_000, 180_000, 420_000, 480_000, 1_125_000, 1_350_000, 1_575_000]);
    // Each REGISTER goes out exactly when its retry timer falls due (20 ms answer latency).
    const gaps = h.sender.sent.slice(1, 9).map((s, i) => s.atMs - h.sender.sent[i]!.atMs);
    expect(gaps).toEqual(retries.map((r) => r! + 20));
  });

  it("never tight-loops: 100 consecutive failures stay within the bound", () => {
    const h = newHarness({ random: seeded(7) });
    h.sender.handler = () => ({ status: 500 });
    h.client.start();
    for (let i = 0; i < 10_000 && h.events.filter((e) => e.state === "failed").length < 100; i++) h.clock.advance(60_000);

    const retries = h.events.filter((e) => e.state === "failed").map((e) => e.detail.retryInMs!);
    expect(retries).toHaveLength(100);
    retries.forEach((delay, i) => {
      const upper = Math.min(1_800_000, 30_000 * 2 ** (i + 1));
      expect(delay).toBeGreaterThanOrEqual(upper / 2);
      expect(delay).toBeLessThanOrEqual(upper);
    });
    const sends = h.sender.sent.map((s) => s.atMs);
    const shortestGap = Math.min(...sends.slice(1).map((t, i) => t - sends[i]!));
    expect(shortestGap).toBeGreaterThanOrEqual(30_000);
    expect(sends).toHaveLength(100);
  });

  it("treats a timeout as 408 and a transport error as 503", () => {
    const h = newHarness();
    h.client.start();
    h.sender.timeout(h.sender.last());
    expect(h.events[1]!.detail).toMatchObject({ status: 408, retryInMs: 30_000 });
    h.clock.advance(30_000);
    h.sender.transportError(h.sender.last());
    expect(h.events.map((e) => e.state)).toEqual(["registering", "failed", "registering", "failed"]);
    expect(h.events[3]!.detail).toMatchObject({ status: 503, reason: "connection refused", retryInMs: 75_000 });
  });

  it("honours Retry-After, capped at max-time", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 503, headers: [["Retry-After", "600 (maintenance);duration=60"]] });
    expect(h.events[1]!.detail.retryInMs).toBe(600_000);
    h.clock.advance(599_999);
    expect(h.sender.sent).toHaveLength(1);
    h.clock.advance(1);
    h.sender.respond(h.sender.last(), { status: 500, headers: [["Retry-After", "99999999"]] });
    expect(h.events[3]!.detail.retryInMs).toBe(1_800_000);
  });

  it("treats a 401 reaching it as refused credentials and backs off", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 401, headers: [["WWW-Authenticate", 'Digest realm="x", nonce="n"']] });
    expect(h.client.state).toBe("failed");
    expect(h.sender.sent).toHaveLength(1);
  });

  it("retries at once on refreshNow() during backoff", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 404 });
    h.client.refreshNow();
    expect(h.sender.sent).toHaveLength(2);
    expect(h.client.state).toBe("registering");
    h.sender.respond(h.sender.last(), { status: 200 });
    expect(h.clock.activeTimers).toBe(1); // only the refresh; the old retry timer is gone
  });
});

describe("RegistrationClient: the registrar restarts", () => {
  it("fails while the registrar is down, backs off, and re-creates the forgotten binding", () => {
    const h = newHarness();
    const registrar = new FakeRegistrar(h.clock);
    h.sender.handler = registrar.handle;
    h.client.start();
    h.clock.advance(20);
    expect(registrar.live()).toEqual([CONTACT_TEXT]);

    registrar.up = false;
    registrar.restart();
    // Refresh due at 20 + 236 s; it times out after Timer F.
    h.clock.advance(236_000 + TIMER_F_MS);
    expect(h.client.state).toBe("failed");
    h.clock.advance(30_000 + TIMER_F_MS); // the first retry times out too
    expect(h.events.at(-1)!.detail).toMatchObject({ status: 408, retryInMs: 75_000 });

    registrar.up = true;
    h.clock.advance(75_000 + 20);
    expect(h.client.state).toBe("registered");
    expect(registrar.live()).toEqual([CONTACT_TEXT]);
    expect(h.events.map((e) => [e.state, e.atMs])).toEqual([
      ["registering", 0],
      ["registered", 20],
      ["failed", 20 + 236_000 + TIMER_F_MS],
      ["registering", 20 + 236_000 + TIMER_F_MS + 30_000],
      ["failed", 20 + 236_000 + 2 * TIMER_F_MS + 30_000],
      ["registering", 20 + 236_000 + 2 * TIMER_F_MS + 105_000],
      ["registered", 20 + 236_000 + 2 * TIMER_F_MS + 105_020],
    ]);
  });

  it("starts the backoff count afresh after a success", () => {
    const h = newHarness();
    const registrar = new FakeRegistrar(h.clock);
    h.sender.handler = registrar.handle;
    h.client.start();
    h.clock.advance(20);
    registrar.up = false;
    h.clock.advance(236_000 + TIMER_F_MS);
    registrar.up = true;
    h.clock.advance(60_000);
    registrar.up = false;
    h.clock.advance(236_000 + TIMER_F_MS);
    const failures = h.events.filter((e) => e.state === "failed");
    // random() gives 0 then .25 then .5: without the reset the second delay would be 120 s · 0.625.
    expect(failures.map((e) => e.detail.retryInMs)).toEqual([30_000, 37_500]);
  });
});
