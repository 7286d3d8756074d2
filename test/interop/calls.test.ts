/**
 * INVITE sessions against real peers (signalling only; no RTP flows here):
 * - a call placed through Kamailio (407 answered) to a SIPp UAS, answered, hung up by us;
 * - a call from a SIPp UAC through Kamailio to our registered account, answered by us,
 *   hung up by SIPp;
 * - UDP retransmission stories with SIPp alone: the far end's first 200 OK is lost (we must
 *   ACK the retransmitted one), and the caller's ACK is late (we must retransmit our 200).
 * Not covered: media, CANCEL through Kamailio, TCP/TLS calls through Kamailio.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseSdp } from "sdp-transform";
import { freePorts, startKamailio, startSipp, stopAllPeers } from "./peers/index.js";
import type { KamailioHandle, SippResult } from "./peers/index.js";
import { startAgent, waitForRegistration } from "./support/agent.js";
import { RecordingUser, sdp } from "./support/calls.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let kamailio: KamailioHandle;
let sippUacPort: number;
let sippUasPort: number;

beforeAll(async () => {
  [sippUacPort, sippUasPort] = (await freePorts(2)) as [number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT],
    trustedPeers: [{ address: "127.0.0.1", port: sippUacPort }],
    staticRoutes: { "2000": `sip:127.0.0.1:${sippUasPort}` },
  });
});

afterAll(async () => {
  await stopAllPeers();
});

function received(result: SippResult): string[] {
  return result.messages.filter((m) => m.direction === "received").map((m) => m.firstLine.split(" ")[0]!);
}

describe("calls through Kamailio", () => {
  it("places a call to a SIPp UAS, hears it ring, gets the answer and hangs up", async () => {
    const uas = await startSipp({ scenario: "uas-answer.xml", localPort: sippUasPort });
    await uas.ready();
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: kamailio.udpPort }] });
    try {
      const account = agent.ua.accounts[0]!;
      await waitForRegistration(account, "registered");
      const user = new RecordingUser();
      const call = account.call(account.targetFor("2000"), sdp(40000), user);
      await user.when("answered");
      expect(user.events).toContain("progress 180");
      expect(parseSdp(user.answer!).media[0]?.type).toBe("audio");
      call.hangup();
      await user.when("ended");
      expect(user.end?.by).toBe("local");
      const result = await uas.done;
      expect(result.ok, result.errors).toBe(true);
      expect(received(result)).toEqual(["INVITE", "ACK", "BYE"]);
    } finally {
      await agent.stop();
    }
  });

  it("receives a call from a SIPp UAC, rings, answers, and sees SIPp hang up", async () => {
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: kamailio.udpPort }] });
    try {
      const account = agent.ua.accounts[0]!;
      await waitForRegistration(account, "registered");
      const incoming = agent.nextIncoming();
      const uac = await startSipp({ scenario: "uac-call.xml", remote: { port: kamailio.udpPort }, localPort: sippUacPort, service: ACCOUNT.user, pauseMs: 300 });
      const { call, user } = await incoming;
      expect(call.offer && parseSdp(call.offer).media[0]?.port).toBeGreaterThan(0);
      call.ringing();
      call.accept(sdp(40010));
      await user.when("confirmed");
      await user.when("ended");
      expect(user.end?.by).toBe("remote");
      const result = await uac.done;
      expect(result.ok, result.errors).toBe(true);
      const statuses = result.messages.filter((m) => m.direction === "received").map((m) => m.firstLine);
      expect(statuses).toContain("SIP/2.0 180 Ringing");
      expect(statuses.some((l) => l.startsWith("SIP/2.0 200"))).toBe(true);
    } finally {
      await agent.stop();
    }
  });
});

describe("UDP retransmissions, with SIPp alone", () => {
  it("ACKs the far end's retransmitted 200 OK when the first one is lost", async () => {
    const uas = await startSipp({ scenario: "uas-drop-first-200.xml" });
    await uas.ready();
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: uas.port, register: false }] });
    try {
      const account = agent.ua.accounts[0]!;
      const user = new RecordingUser();
      const call = account.call(account.targetFor("2000"), sdp(40020), user);
      await user.when("answered");
      call.hangup();
      await user.when("ended");
      const result = await uas.done;
      expect(result.ok, result.errors).toBe(true);
      expect(received(result)).toEqual(["INVITE", "ACK", "BYE"]);
      expect(user.events.filter((e) => e === "answered")).toHaveLength(1);
    } finally {
      await agent.stop();
    }
  });

  it("retransmits its 200 OK until the caller's late ACK arrives", async () => {
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: 5060, register: false }] });
    try {
      const incoming = agent.nextIncoming();
      const ourPort = agent.ua.transport.localEndpoint("udp").port;
      const uac = await startSipp({ scenario: "uac-drop-ack.xml", remote: { port: ourPort }, service: ACCOUNT.user });
      const { call, user } = await incoming;
      call.accept(sdp(40030));
      await user.when("confirmed");
      await user.when("ended");
      const result = await uac.done;
      expect(result.ok, result.errors).toBe(true);
      const oks = result.messages.filter((m) => m.direction === "received" && m.firstLine.startsWith("SIP/2.0 200") && /CSeq:\s*\d+ INVITE/i.test(m.text));
      // ACK withheld for 1.8 s: 200 sent at 0, 0.5 and 1.5 s (RFC 3261 §13.3.1.4).
      expect(oks.length).toBeGreaterThanOrEqual(3);
      expect(user.end?.by).toBe("remote");
    } finally {
      await agent.stop();
    }
  });
});
