/**
 * Shared set-up for the registration client tests: a FakeClock, a
 * FakeRequestSender, a RegistrationClient for sip:1001@example.net whose
 * Contact is sip:1001@192.0.2.10:5060, and a record of every state change.
 */
import type { SipUri } from "../../../../src/sip/message/index.js";
import { RegistrationClient } from "../../../../src/sip/registration/index.js";
import type { RegistrationDetail, RegistrationOptions, RegistrationState } from "../../../../src/sip/registration/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { expect } from "vitest";
import { FakeRegistrar } from "./fake-registrar.js";
import { FakeRequestSender } from "./fake-sender.js";

export function sipUri(user: string | undefined, host: string, port?: number): SipUri {
  return { scheme: "sip", user, password: undefined, host, port, params: {}, headers: {} };
}

export const AOR = sipUri("1001", "example.net");
export const REGISTRAR = sipUri(undefined, "example.net");
export const CONTACT = sipUri("1001", "192.0.2.10", 5060);
export const CONTACT_TEXT = "sip:1001@192.0.2.10:5060";

/** Returns the values in turn, over and over: a "random" source whose outputs the test knows. */
export function sequence(values: readonly number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length]!;
}

/** mulberry32: a small seeded generator for long deterministic runs. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Harness {
  clock: FakeClock;
  sender: FakeRequestSender;
  client: RegistrationClient;
  logs: MemorySink;
  events: Array<{ state: RegistrationState; detail: RegistrationDetail; atMs: number }>;
  states(): RegistrationState[];
  setContact(uri: SipUri): void;
}

export function newHarness(overrides: Partial<RegistrationOptions> = {}): Harness {
  const clock = new FakeClock();
  const sender = new FakeRequestSender(clock);
  const logs = new MemorySink();
  let contact = CONTACT;
  const client = new RegistrationClient({
    aor: AOR,
    registrar: REGISTRAR,
    contact: () => contact,
    displayName: "Kitchen",
    sender,
    clock,
    logs: new Logs(logs.sink, "debug", () => clock.now()),
    random: sequence([0, 0.25, 0.5, 0.75]),
    userAgent: "dialtone/0.1",
    ...overrides,
  });
  const events: Harness["events"] = [];
  client.onChange((state, detail) => events.push({ state, detail, atMs: clock.now() }));
  return {
    clock,
    sender,
    client,
    logs,
    events,
    states: () => events.map((e) => e.state),
    setContact: (uri) => {
      contact = uri;
    },
  };
}

/** A harness whose client has registered at a FakeRegistrar, 20 ms after start. */
export function registeredHarness(overrides: Partial<RegistrationOptions> = {}): Harness & { registrar: FakeRegistrar } {
  const h = newHarness(overrides);
  const registrar = new FakeRegistrar(h.clock);
  h.sender.handler = registrar.handle;
  h.client.start();
  h.clock.advance(20);
  expect(h.client.state).toBe("registered");
  return { ...h, registrar };
}
