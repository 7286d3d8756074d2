/**
 * Session lifetimes and login limits on a FakeClock: idle and absolute expiry, the cap on
 * live sessions (oldest gives way), constant-time CSRF comparison results; login attempts
 * per address and overall in a sliding window, cleared by success. HTTP is in web-server.test.ts.
 */
import { expect, it } from "vitest";
import { LoginLimiter } from "../../../src/web/login-limiter.js";
import { SessionStore } from "../../../src/web/sessions.js";
import { FakeClock } from "../../../src/util/clock.js";

it("expires a session after its idle time, and after its maximum age even when in use", () => {
  const clock = new FakeClock();
  const store = new SessionStore(clock, { idleMs: 1000, maxAgeMs: 5000, maxSessions: 10 });
  const idle = store.create();
  const busy = store.create();
  for (let t = 0; t < 4; t++) {
    clock.advance(999);
    expect(store.use(busy.id)).toBe(busy);
  }
  expect(store.use(idle.id)).toBeUndefined();
  clock.advance(999);
  expect(store.use(busy.id)).toBe(busy);
  clock.advance(5);
  expect(store.use(busy.id)).toBeUndefined();
  expect(store.use(undefined)).toBeUndefined();
});

it("keeps at most maxSessions, dropping the oldest", () => {
  const store = new SessionStore(new FakeClock(), { idleMs: 1000, maxAgeMs: 5000, maxSessions: 2 });
  const [a, b, c] = [store.create(), store.create(), store.create()];
  expect([store.use(a.id), store.use(b.id), store.use(c.id)]).toEqual([undefined, b, c]);
  expect(store.size).toBe(2);
});

it("matches the CSRF token exactly", () => {
  const session = new SessionStore(new FakeClock()).create();
  expect(SessionStore.csrfMatches(session, session.csrfToken)).toBe(true);
  expect(SessionStore.csrfMatches(session, session.csrfToken.slice(1))).toBe(false);
  expect(SessionStore.csrfMatches(session, undefined)).toBe(false);
});

it("limits attempts per address and overall within a sliding window; success clears an address", () => {
  const clock = new FakeClock();
  const limiter = new LoginLimiter(clock, { perAddress: 2, overall: 3, windowMs: 10_000 });
  expect([limiter.attempt("a"), limiter.attempt("a"), limiter.attempt("a")]).toEqual([0, 0, 10]);
  clock.advance(4000);
  expect(limiter.attempt("b")).toBe(0);
  expect(limiter.attempt("c")).toBe(6);
  clock.advance(6001);
  expect([limiter.attempt("a"), limiter.attempt("c")]).toEqual([0, 0]);
  limiter.succeeded("a");
  clock.advance(4000);
  expect(limiter.attempt("a")).toBe(0);
});
