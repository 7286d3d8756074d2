/**
 * Registration against a real Kamailio with digest users, over UDP, TCP and TLS:
 * the account reaches "registered", Kamailio holds our Contact, stopping removes it
 * (un-REGISTER); a wrong password ends in "failed" without looping; after Kamailio
 * restarts (forgetting every binding) the refresh puts ours back.
 * Not covered: DNS (RFC 3263) lookups of a real domain (unit tests use a DNS server of their own).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTestCerts, startKamailio, stopAllPeers } from "./peers/index.js";
import type { KamailioHandle, TestCerts } from "./peers/index.js";
import { eventually, startAgent, waitForRegistration } from "./support/agent.js";

const USERS = [
  { user: "1001", password: "pw-1001" },
  { user: "1002", password: "pw-1002" },
  { user: "1003", password: "pw-1003" },
];

let kamailio: KamailioHandle;
let certs: TestCerts;

beforeAll(async () => {
  certs = await makeTestCerts();
  kamailio = await startKamailio({ users: USERS, tls: certs, minExpires: 5 });
});

afterAll(async () => {
  await stopAllPeers();
  await certs?.remove();
});

describe("registering with digest authentication", () => {
  for (const [index, protocol] of (["udp", "tcp", "tls"] as const).entries()) {
    it(`registers over ${protocol}, and un-registers on stop`, async () => {
      const { user, password } = USERS[index]!;
      const port = protocol === "tls" ? kamailio.tlsPort! : protocol === "tcp" ? kamailio.tcpPort : kamailio.udpPort;
      const agent = await startAgent({
        accounts: [{ user, password, registrarPort: port, protocol }],
        tls: protocol === "tls" ? { address: "127.0.0.1", port: 0, key: certs.keyPem, cert: certs.certPem, ca: certs.caCertPem } : undefined,
      });
      const account = agent.ua.accounts[0]!;
      try {
        await waitForRegistration(account, "registered");
        const bindings = await kamailio.bindings(user);
        expect(bindings).toHaveLength(1);
        expect(bindings[0]!.contact).toContain(`sip:${user}@127.0.0.1`);
        if (protocol !== "udp") expect(bindings[0]!.contact).toContain(`transport=${protocol}`);
      } finally {
        await agent.stop();
      }
      expect(account.registrationState).toBe("unregistered");
      expect(await kamailio.registered(user)).toBe(false);
    });
  }

  it("reports failed for a wrong password and backs off instead of retrying at once", async () => {
    const agent = await startAgent({ accounts: [{ user: "1001", password: "wrong", registrarPort: kamailio.udpPort }] });
    const account = agent.ua.accounts[0]!;
    const failed = new Promise<{ status?: number; retryInMs?: number }>((resolve) => {
      account.registration!.onChange((state, detail) => { if (state === "failed") resolve(detail); });
    });
    try {
      const detail = await failed;
      expect(detail.status).toBe(401);
      // RFC 5626 §4.5 backoff: the first retry waits 50-100 % of 30 s.
      expect(detail.retryInMs).toBeGreaterThanOrEqual(15_000);
      expect(await kamailio.registered("1001")).toBe(false);
    } finally {
      await agent.stop();
    }
  });

  it("re-registers after Kamailio restarts and forgets the binding", async () => {
    const agent = await startAgent({ accounts: [{ user: "1002", password: "pw-1002", registrarPort: kamailio.udpPort, expiresSec: 6 }] });
    const account = agent.ua.accounts[0]!;
    try {
      await waitForRegistration(account, "registered");
      await kamailio.restart();
      expect(await kamailio.registered("1002")).toBe(false);
      await eventually(() => kamailio.registered("1002"), "binding back at the restarted Kamailio", 15_000);
      expect(account.registrationState).toBe("registered");
    } finally {
      await agent.stop();
    }
  });
});
