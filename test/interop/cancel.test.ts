/**
 * A caller giving up before the answer, against real peers, signalling only: CANCEL (RFC 3261
 * §9) both ways, and a BYE on the early dialog (§15.1.2) after an UPDATE in it (RFC 3311):
 * - each SIPp caller scenario is first played against its SIPp callee, so a failure below is ours;
 * - we call a SIPp UAS directly, it rings, we cancel: 200 for the CANCEL, 487 for the INVITE,
 *   which we ACK, and our user hears onFailed 487;
 * - a SIPp UAC calls us directly, we ring, it cancels: we answer 200 and 487, it ACKs, and our
 *   user hears onCancelled;
 * - the same call from SIPp through Kamailio, which relays the CANCEL hop by hop;
 * - a SIPp UAC gets our 183, sends an UPDATE offer in the early dialog (our user answers it),
 *   then a BYE there: we answer 200 and the INVITE 487, and our user hears onCancelled;
 *   directly, and through Kamailio (in-dialog requests follow its Record-Route).
 * Not covered: CANCEL over TCP/TLS, a CANCEL crossing our 200 (unit tests), our cancel
 * through Kamailio (uas-ring-then-cancel.xml only works for a caller that reaches it directly).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePorts, startKamailio, startSipp, stopAllPeers } from "./peers/index.js";
import type { KamailioHandle, SippHandle, SippOptions, SippResult } from "./peers/index.js";
import { startAgent, waitForRegistration, type Incoming } from "./support/agent.js";
import { RecordingUser, sdp } from "./support/calls.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };

afterAll(async () => {
  await stopAllPeers();
});

/** First lines SIPp sent or received, requests without their URI ("CANCEL", "SIP/2.0 487 Request Terminated"). */
function lines(result: SippResult, direction: "sent" | "received"): string[] {
  return result.messages.filter((m) => m.direction === direction).map((m) => m.firstLine.replace(/ sip:\S+ SIP\/2\.0$/, ""));
}

async function runPair(server: SippOptions, client: (serverPort: number) => SippOptions): Promise<[SippResult, SippResult]> {
  const uas: SippHandle = await startSipp(server);
  await uas.ready();
  const uac = await startSipp(client(uas.port));
  return Promise.all([uas.done, uac.done]);
}

/** Status codes of the responses SIPp received, 100 Trying left out (a proxy sends one, we may not). */
function statuses(result: SippResult): string[] {
  return lines(result, "received").map((l) => /^SIP\/2\.0 (\d{3})/.exec(l)?.[1] ?? l).filter((s) => s !== "100");
}

/** What the SIPp caller must have seen of a call that rang and that it cancelled. */
function expectCancelledBySipp(result: SippResult): void {
  expect(result.ok, result.errors + result.output.slice(-800)).toBe(true);
  expect(statuses(result)).toEqual(["180", "200", "487"]);
  expect(lines(result, "sent")).toEqual(["INVITE", "CANCEL", "ACK"]);
}

describe("the CANCEL scenarios, against each other", () => {
  it("uac-cancel.xml cancels uas-ring-then-cancel.xml while it rings", async () => {
    const [uas, uac] = await runPair({ scenario: "uas-ring-then-cancel.xml" }, (port) => ({
      scenario: "uac-cancel.xml", remote: { port }, service: ACCOUNT.user,
    }));
    expect(uas.ok, uas.errors + uas.output.slice(-800)).toBe(true);
    expectCancelledBySipp(uac);
    expect(lines(uas, "received")).toEqual(["INVITE", "CANCEL", "ACK"]);
  });

  it("uac-early-update-bye.xml updates, then leaves, the early dialog of uas-early-update-bye.xml", async () => {
    const [uas, uac] = await runPair({ scenario: "uas-early-update-bye.xml" }, (port) => ({
      scenario: "uac-early-update-bye.xml", remote: { port }, service: ACCOUNT.user,
    }));
    expect(uas.ok, uas.errors + uas.output.slice(-800)).toBe(true);
    expectEarlyByeBySipp(uac);
  });
});

/** What the SIPp caller must have seen when it updated and then left the early dialog. */
function expectEarlyByeBySipp(result: SippResult): void {
  expect(result.ok, result.errors + result.output.slice(-800)).toBe(true);
  expect(statuses(result)).toEqual(["183", "200", "200", "487"]);
  expect(lines(result, "sent")).toEqual(["INVITE", "UPDATE", "BYE", "ACK"]);
}

describe("CANCEL with SIPp alone", () => {
  it("cancels our call while a SIPp UAS rings: the user hears 487 and SIPp gets its ACK", async () => {
    const uas = await startSipp({ scenario: "uas-ring-then-cancel.xml" });
    await uas.ready();
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: uas.port, register: false }] });
    try {
      const account = agent.ua.accounts[0]!;
      const user = new RecordingUser();
      const call = account.call(account.targetFor("2000"), sdp(40100), user);
      await user.when("progress 180");
      call.cancel();
      await user.when("failed");
      expect(user.failure?.status).toBe(487);
      expect(user.events.some((e) => e === "answered" || e.startsWith("ended"))).toBe(false);
      const result = await uas.done;
      expect(result.ok, result.errors + result.output.slice(-800)).toBe(true);
      expect(lines(result, "received")).toEqual(["INVITE", "CANCEL", "ACK"]);
      const cancel = result.messages.find((m) => m.direction === "received" && m.firstLine.startsWith("CANCEL"));
      expect(cancel?.text).toMatch(/^CSeq:\s*\d+ CANCEL/m);
      expect(agent.ua.accounts[0]!.sessions.size).toBe(0);
    } finally {
      await agent.stop();
    }
  });

  it("rings for a SIPp UAC that then cancels: 200 and 487 go out, our user hears onCancelled", async () => {
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: 5060, register: false }] });
    try {
      const incoming = agent.nextIncoming();
      const ourPort = agent.ua.transport.localEndpoint("udp").port;
      const uac = await startSipp({ scenario: "uac-cancel.xml", remote: { port: ourPort }, service: ACCOUNT.user });
      await ringUntilCancelled(await incoming);
      expectCancelledBySipp(await uac.done);
    } finally {
      await agent.stop();
    }
  });

  it("answers a SIPp UAC's UPDATE in our early dialog, then takes its BYE there as giving up", async () => {
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: 5060, register: false }] });
    try {
      const incoming = agent.nextIncoming();
      const ourPort = agent.ua.transport.localEndpoint("udp").port;
      const uac = await startSipp({ scenario: "uac-early-update-bye.xml", remote: { port: ourPort }, service: ACCOUNT.user });
      const { call, user, account } = await incoming;
      expect(call.progress(sdp(40120))).toBe(true);
      await user.when("cancelled");
      expect(user.events).toEqual(["cancelled"]);
      expect(account.sessions.size).toBe(0);
      const result = await uac.done;
      expectEarlyByeBySipp(result);
      const updateOk = result.messages.find((m) => m.direction === "received" && /^CSeq:\s*2 UPDATE/m.test(m.text));
      expect(updateOk?.text, "the 200 to the UPDATE carries the answer our user gave").toMatch(/^m=audio 40002 /m);
    } finally {
      await agent.stop();
    }
  });
});

describe("CANCEL through Kamailio", () => {
  let kamailio: KamailioHandle;
  let sippUacPort: number;

  beforeAll(async () => {
    [sippUacPort] = (await freePorts(1)) as [number];
    kamailio = await startKamailio({ users: [ACCOUNT], trustedPeers: [{ address: "127.0.0.1", port: sippUacPort }] });
  });

  it("rings for a SIPp UAC calling through Kamailio, which relays its CANCEL to us", async () => {
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: kamailio.udpPort }] });
    try {
      await waitForRegistration(agent.ua.accounts[0]!, "registered");
      const incoming = agent.nextIncoming();
      const uac = await startSipp({ scenario: "uac-cancel.xml", remote: { port: kamailio.udpPort }, localPort: sippUacPort, service: ACCOUNT.user });
      await ringUntilCancelled(await incoming);
      expectCancelledBySipp(await uac.done);
    } finally {
      await agent.stop();
    }
  });

  it("answers an UPDATE and takes a BYE in our early dialog, both routed by Kamailio's Record-Route", async () => {
    const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: kamailio.udpPort }] });
    try {
      await waitForRegistration(agent.ua.accounts[0]!, "registered");
      const incoming = agent.nextIncoming();
      const uac = await startSipp({ scenario: "uac-early-update-bye.xml", remote: { port: kamailio.udpPort }, localPort: sippUacPort, service: ACCOUNT.user });
      const { call, user } = await incoming;
      expect(call.progress(sdp(40130))).toBe(true);
      await user.when("cancelled");
      const result = await uac.done;
      expectEarlyByeBySipp(result);
      const sentUpdate = result.messages.find((m) => m.direction === "sent" && m.firstLine.startsWith("UPDATE"));
      expect(sentUpdate?.text, "SIPp sent the UPDATE through Kamailio").toMatch(new RegExp(`^Route: <sip:127\\.0\\.0\\.1:${kamailio.udpPort};lr`, "m"));
    } finally {
      await agent.stop();
    }
  });
});

/** We ring and never answer; the caller's CANCEL must reach the user as onCancelled. */
async function ringUntilCancelled({ call, user, account }: Incoming): Promise<void> {
  expect(call.ringing()).toBe(true);
  await user.when("cancelled");
  expect(user.events).toEqual(["cancelled"]);
  expect(call.accept(sdp(40110))).toBe(false);
  expect(account.sessions.size).toBe(0);
}
