/**
 * The registration client's main story (RFC 3261 §10.2): the first REGISTER and
 * its exact headers, the refresh time, one Call-ID and rising CSeq, the expiry
 * read from our Contact vs the Expires header, 423 with Min-Expires, a Contact
 * change, and stop() removing our binding with no timer left behind.
 * Failures and backoff are in registration-backoff.test.ts, keep-alive in
 * keep-alive.test.ts. Digest challenges are answered by the AuthenticatingSender;
 * here only its effect on CSeq is checked.
 */
import { describe, expect, it } from "vitest";
import { AuthenticatingSender, DigestAuthenticator } from "../../../../src/sip/auth/index.js";
import { parseNameAddr } from "../../../../src/sip/message/index.js";
import { RegistrationClient } from "../../../../src/sip/registration/index.js";
import { silentLogs } from "../../../../src/util/log.js";
import { FakeRegistrar } from "./fake-registrar.js";
import { AOR, CONTACT, CONTACT_TEXT, REGISTRAR, newHarness, sipUri } from "./harness.js";

const OUR_CONTACT = `<${CONTACT_TEXT}>`;

describe("RegistrationClient: registering", () => {
  it("sends no request before start(), then a REGISTER built per §10.2", () => {
    const h = newHarness();
    expect(h.sender.sent).toHaveLength(0);
    expect(h.client.state).toBe("unregistered");

    h.client.start();

    expect(h.client.state).toBe("registering");
    const { built } = h.sender.last();
    expect(built.method).toBe("REGISTER");
    expect(built.uri).toBe("sip:example.net");
    expect(built.headers.all().map((f) => f.name)).toEqual([
      "To", "From", "Call-ID", "CSeq", "Contact", "Expires", "Allow", "User-Agent", "Content-Length",
    ]);
    expect(built.headers.get("To")).toBe("Kitchen <sip:1001@example.net>");
    const from = parseNameAddr(built.headers.get("From")!);
    expect(from.ok && from.value.uri.user === "1001" && from.value.uri.host === "example.net").toBe(true);
    expect(from.ok && from.value.params["tag"]).toMatch(/^[0-9a-f]{16}$/);
    expect(built.headers.get("Call-ID")).toMatch(/^[0-9a-f]{24}$/);
    expect(built.headers.get("CSeq")).toBe("1 REGISTER");
    expect(built.headers.get("Contact")).toBe(`${OUR_CONTACT};expires=300`);
    expect(built.headers.get("Expires")).toBe("300");
    expect(built.headers.get("Allow")).toBe("INVITE, ACK, CANCEL, BYE, OPTIONS");
    expect(built.headers.get("User-Agent")).toBe("dialtone/0.1");
    expect(built.headers.get("Content-Length")).toBe("0");
    expect(built.body.length).toBe(0);
  });

  it("becomes registered on 200 with the granted expiry and refreshes 64 s before it lapses", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 200, headers: [["Contact", `${OUR_CONTACT};expires=300`]] });

    expect(h.client.state).toBe("registered");
    expect(h.events.map((e) => [e.state, e.detail])).toEqual([
      ["registering", {}],
      ["registered", { status: 200, reason: "OK", expiresSec: 300 }],
    ]);
    expect(h.logs.lines("sip.reg")).toContain("info sip.reg registered, expires 300 s, refresh in 236 s");

    h.clock.advance(235_999);
    expect(h.sender.sent).toHaveLength(1);
    h.clock.advance(1);
    expect(h.sender.sent).toHaveLength(2);
    expect(h.client.state).toBe("registered"); // a refresh does not flicker the state
  });

  it("keeps one Call-ID and From tag across refreshes, raises CSeq, never tags To (§10.2.4)", () => {
    const h = newHarness();
    const registrar = new FakeRegistrar(h.clock);
    h.sender.handler = registrar.handle;
    h.client.start();
    h.clock.advance(3 * 236_000 + 100);

    const registers = h.sender.ofMethod("REGISTER").map((s) => s.built.headers);
    expect(registers).toHaveLength(4);
    expect(new Set(registers.map((r) => r.get("Call-ID"))).size).toBe(1);
    expect(new Set(registers.map((r) => r.get("From"))).size).toBe(1);
    expect(registers.map((r) => r.get("CSeq"))).toEqual(["1 REGISTER", "2 REGISTER", "3 REGISTER", "4 REGISTER"]);
    expect(registers.every((r) => !r.get("To")!.includes("tag="))).toBe(true);
    expect(registrar.live()).toEqual([CONTACT_TEXT]);
  });
});

describe("RegistrationClient: the granted expiry (§10.2.4)", () => {
  const grantedFor = (headers: Array<[string, string]>): number | undefined => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 200, headers });
    return h.events.find((e) => e.state === "registered")?.detail.expiresSec;
  };

  it("uses our Contact's expires parameter over the Expires header and other bindings", () => {
    expect(grantedFor([
      ["Contact", "<sip:1001@198.51.100.7:5062>;expires=3600"],
      ["Contact", `${OUR_CONTACT};expires=120`],
      ["Expires", "600"],
    ])).toBe(120);
  });

  it("matches our Contact by URI comparison, not by text (§19.1.4)", () => {
    // A parameter present on one side only is ignored; a missing port is a different URI.
    expect(grantedFor([["Contact", "<sip:1001@192.0.2.10:5060;ob>;expires=60"]])).toBe(60);
    expect(grantedFor([["Contact", "<sip:1001@192.0.2.10>;expires=60"], ["Expires", "90"]])).toBe(90);
  });

  it("falls back to the Expires header, then to what we asked for", () => {
    expect(grantedFor([["Contact", OUR_CONTACT], ["Expires", "90"]])).toBe(90);
    expect(grantedFor([])).toBe(300);
  });

  it("refreshes a short grant at half its time", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 200, headers: [["Contact", `${OUR_CONTACT};expires=60`]] });
    h.clock.advance(29_999);
    expect(h.sender.sent).toHaveLength(1);
    h.clock.advance(1);
    expect(h.sender.sent).toHaveLength(2);
  });
});

describe("RegistrationClient: hostile or odd answers", () => {
  it("ignores a malformed Contact and a malformed Expires, keeping what it asked for", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 200, headers: [["Contact", "<<<sip:@@;;>"], ["Expires", "-5"]] });
    expect(h.events.at(-1)).toMatchObject({ state: "registered", detail: { expiresSec: 300 } });
  });

  it("treats a 2xx that grants our Contact 0 s as a failure", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 200, headers: [["Contact", `${OUR_CONTACT};expires=0`]] });
    expect(h.events.at(-1)).toMatchObject({ state: "failed", detail: { reason: "registrar granted 0 s" } });
  });

  it("keeps going when a listener throws, and stops calling an unsubscribed one", () => {
    const h = newHarness();
    const seen: string[] = [];
    h.client.onChange(() => {
      throw new Error("UI bug");
    });
    const unsubscribe = h.client.onChange((state) => seen.push(state));
    h.client.start();
    unsubscribe();
    h.sender.respond(h.sender.last(), { status: 200 });
    expect(h.client.state).toBe("registered");
    expect(seen).toEqual(["registering"]);
    expect(h.states()).toEqual(["registering", "registered"]);
    expect(h.logs.lines("sip.reg")).toContain("error sip.reg state listener threw: UI bug");
  });
});

describe("RegistrationClient: 423 Interval Too Brief (§10.2.8)", () => {
  it("asks again at once with Min-Expires and keeps asking for it on refreshes", () => {
    const h = newHarness();
    const registrar = new FakeRegistrar(h.clock);
    registrar.minExpiresSec = 600;
    h.sender.handler = registrar.handle;
    h.client.start();
    h.clock.advance(20);

    expect(h.sender.sent).toHaveLength(2);
    expect(h.sender.sent[1]!.atMs).toBe(20);
    expect(h.sender.sent[1]!.built.headers.get("Contact")).toBe(`${OUR_CONTACT};expires=600`);
    expect(h.sender.sent[1]!.built.headers.get("Expires")).toBe("600");
    expect(h.client.state).toBe("registering");

    h.clock.advance(20);
    expect(h.events.map((e) => [e.state, e.detail.expiresSec])).toEqual([["registering", undefined], ["registered", 600]]);
    h.clock.advance(536_000);
    expect(h.sender.last().built.headers.get("Expires")).toBe("600");
  });

  it("fails when Min-Expires is not above what was asked", () => {
    const h = newHarness();
    h.client.start();
    h.sender.respond(h.sender.last(), { status: 423, headers: [["Min-Expires", "300"]] });
    expect(h.client.state).toBe("failed");
    expect(h.sender.sent).toHaveLength(1);
    expect(h.events[1]!.detail).toMatchObject({ status: 423 });
  });
});

describe("RegistrationClient: Contact change", () => {
  it("binds the new Contact and removes the old one in the same REGISTER", () => {
    const h = newHarness();
    const registrar = new FakeRegistrar(h.clock);
    h.sender.handler = registrar.handle;
    h.client.start();
    h.clock.advance(20);
    h.setContact(sipUri("1001", "192.0.2.77", 5060));
    h.client.refreshNow();

    expect(h.sender.last().built.headers.getAll("Contact")).toEqual([
      "<sip:1001@192.0.2.77:5060>;expires=300",
      `${OUR_CONTACT};expires=0`,
    ]);
    h.clock.advance(20);
    expect(registrar.live()).toEqual(["sip:1001@192.0.2.77:5060"]);
  });
});

describe("RegistrationClient over digest authentication", () => {
  it("keeps CSeq above the one a challenged re-send used (§22.2), so refreshes are not refused", () => {
    const h = newHarness();
    const registrar = new FakeRegistrar(h.clock);
    registrar.challenge = true;
    h.sender.handler = registrar.handle;
    const client = new RegistrationClient({
      aor: AOR, registrar: REGISTRAR, contact: () => CONTACT, sender: new AuthenticatingSender(h.sender, new DigestAuthenticator({ authUser: "1001", password: "secret" })),
      clock: h.clock, logs: silentLogs, random: () => 0, userAgent: "dialtone/0.1",
    });
    client.start();
    h.clock.advance(40);
    expect(client.state).toBe("registered");
    expect(h.sender.ofMethod("REGISTER").map((s) => s.wire.headers.get("CSeq"))).toEqual(["1 REGISTER", "2 REGISTER"]);

    h.clock.advance(236_000);
    expect(client.state).toBe("registered");
    expect(h.sender.last().wire.headers.get("CSeq")).toBe("3 REGISTER");
    expect(h.sender.last().wire.headers.has("Authorization")).toBe(true);
  });
});
