/**
 * Message waiting and anonymous calls against real peers over loopback UDP:
 * - SIPp as the voicemail notifier: our SUBSCRIBE for message-summary is challenged (401)
 *   and answered, the NOTIFY's summary reaches the account's listener, the refresh goes in
 *   the dialog with the same credentials, and stop() un-SUBSCRIBEs (Expires: 0) and takes
 *   the final NOTIFY; SIPp checks every request and fails the run on anything unexpected;
 * - the same notifier behind Kamailio (registrar and proxy): registered there, our SUBSCRIBE
 *   passes Kamailio's proxy authentication and SIPp's 401, the NOTIFYs come back along the
 *   record-route (SIPp routes them through Kamailio);
 * - unsolicited NOTIFYs (Asterisk style) from SIPp, directly and through Kamailio's location
 *   lookup: 200 and reported; another event 489; a body that is not a summary 400;
 * - an anonymous INVITE checked on the wire by a SIPp UAS (From, Privacy, P-Preferred-Identity)
 *   and challenged: the credentials are the account's, not From's.
 * Not covered: TCP/TLS, forked subscriptions, a notifier that terminates the subscription.
 */
import { afterAll, expect, it } from "vitest";
import type { MessageSummary, MessageSummarySource } from "../../src/sip/event/index.js";
import type { SipUri } from "../../src/sip/message/index.js";
import { UserAgent } from "../../src/sip/ua/user-agent.js";
import type { Account, AccountSettings } from "../../src/sip/ua/account.js";
import { RealClock } from "../../src/util/clock.js";
import { Logs, MemorySink } from "../../src/util/log.js";
import { freePort, startKamailio, startSipp, stopAllPeers } from "./peers/index.js";
import { accountSettings, waitForRegistration } from "./support/agent.js";
import { RecordingUser, sdp } from "./support/calls.js";

const USER = "1001";
const PASSWORD = "pw-mwi-1001";

afterAll(async () => {
  await stopAllPeers();
});

const local = (user: string | undefined, port: number): SipUri => ({ scheme: "sip", user, password: undefined, host: "127.0.0.1", port, params: {}, headers: {} });

interface Heard {
  summary: MessageSummary;
  source: MessageSummarySource;
}

/** A UserAgent with one account on loopback UDP; summaries are collected and can be awaited. */
async function startUa(settings: AccountSettings) {
  const sink = new MemorySink();
  const heard: Heard[] = [];
  const waiters: Array<() => void> = [];
  const ua = new UserAgent({
    clock: new RealClock(), logs: new Logs(sink.sink, "debug"), listen: { udp: { address: "127.0.0.1", port: 0 } },
    userAgent: "dialtone-interop", accounts: [settings],
    onMessageSummary: (_account, summary, source) => {
      heard.push({ summary, source });
      for (const wake of waiters.splice(0)) wake();
    },
  });
  await ua.start();
  const account: Account = ua.accounts[0]!;
  /** Resolves when `count` summaries have arrived; rejects on deadline. */
  const summaries = async (count: number, timeoutMs = 15_000): Promise<Heard[]> => {
    const deadline = Date.now() + timeoutMs;
    while (heard.length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${heard.length} of ${count} summaries within ${timeoutMs} ms\n${sink.lines().slice(-40).join("\n")}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiters.push(() => { clearTimeout(timer); resolve(); });
      });
    }
    return heard;
  };
  return { ua, account, sink, summaries, port: ua.transport.localEndpoint("udp").port };
}

function expectBothSummaries(heard: Heard[]): void {
  expect(heard.map((h) => [h.source, h.summary.messagesWaiting, h.summary.classes["voice-message"]])).toEqual([
    ["subscription", true, { newCount: 2, oldCount: 8, urgentNew: 1, urgentOld: 0 }],
    ["subscription", false, { newCount: 0, oldCount: 10, urgentNew: 0, urgentOld: 0 }],
  ]);
}

function received(messages: Array<{ direction: string; firstLine: string }>): string[] {
  return messages.filter((m) => m.direction === "received").map((m) => m.firstLine.split(" ").slice(0, 2).join(" "));
}

it("subscribes to a SIPp voicemail server through its challenge, follows two NOTIFYs and a refresh, and un-SUBSCRIBEs on stop", async () => {
  const sipp = await startSipp({ scenario: "mwi-notifier.xml", keys: { user: USER, password: PASSWORD, expires: "6" }, timeoutSec: 30 });
  await sipp.ready();
  const settings = { ...accountSettings({ user: USER, password: PASSWORD, registrarPort: sipp.port, register: false }), mwi: { subscribe: true, uri: local("voicemail", sipp.port) } };
  const agent = await startUa(settings);
  try {
    expectBothSummaries(await agent.summaries(2));
    expect(agent.account.mwiState).toBe("active");
  } finally {
    await agent.ua.stop();
  }
  expect(agent.account.mwiState).toBe("unsubscribed");
  const result = await sipp.done;
  expect(result.ok, `${result.errors}\n${result.output}`).toBe(true);
  expect(received(result.messages)).toEqual(["SUBSCRIBE sip:voicemail@127.0.0.1:" + sipp.port, expect.stringMatching(/^SUBSCRIBE/), "SIP/2.0 200", expect.stringMatching(/^SUBSCRIBE sip:voicemail/), "SIP/2.0 200", expect.stringMatching(/^SUBSCRIBE/), "SIP/2.0 200"]);
});

it("subscribes through Kamailio, answering the challenges on the way, and gets the NOTIFYs back along the record-route", async () => {
  const sippPort = await freePort();
  const kamailio = await startKamailio({ users: [{ user: USER, password: PASSWORD }], staticRoutes: { voicemail: `sip:127.0.0.1:${sippPort}` } });
  const sipp = await startSipp({ scenario: "mwi-notifier.xml", localPort: sippPort, keys: { user: USER, password: PASSWORD, expires: "6" }, timeoutSec: 30 });
  await sipp.ready();
  const settings = { ...accountSettings({ user: USER, password: PASSWORD, registrarPort: kamailio.udpPort }), mwi: { subscribe: true, uri: local("voicemail", kamailio.udpPort) } };
  const agent = await startUa(settings);
  try {
    await waitForRegistration(agent.account, "registered");
    expectBothSummaries(await agent.summaries(2));
  } finally {
    await agent.ua.stop();
  }
  const result = await sipp.done;
  expect(result.ok, `${result.errors}\n${result.output}`).toBe(true);
  const notifies = result.messages.filter((m) => m.direction === "sent" && m.firstLine.startsWith("NOTIFY"));
  expect(notifies.length).toBeGreaterThanOrEqual(3);
  expect(notifies[0]!.text).toMatch(new RegExp(`^Route:.*127\\.0\\.0\\.1:${kamailio.udpPort}`, "im"));
  await kamailio.stop();
});

it("answers unsolicited NOTIFYs sent straight to its Contact: 200 and reported, 489 for presence, 400 for a non-summary", async () => {
  const agent = await startUa(accountSettings({ user: USER, password: PASSWORD, registrarPort: 9, register: false }));
  try {
    const sipp = await startSipp({ scenario: "mwi-unsolicited.xml", remote: { port: agent.port }, service: USER });
    const result = await sipp.done;
    expect(result.ok, `${result.errors}\n${result.output}`).toBe(true);
    const [heard] = await agent.summaries(1);
    expect([heard?.source, heard?.summary.messagesWaiting, heard?.summary.classes["voice-message"]?.newCount]).toEqual(["unsolicited", true, 5]);
    expect(agent.account.mwiState).toBeUndefined();
  } finally {
    await agent.ua.stop();
  }
});

it("takes an unsolicited NOTIFY that Kamailio routes to its registration", async () => {
  const sippPort = await freePort();
  const kamailio = await startKamailio({ users: [{ user: USER, password: PASSWORD }], trustedPeers: [{ address: "127.0.0.1", port: sippPort }] });
  const agent = await startUa(accountSettings({ user: USER, password: PASSWORD, registrarPort: kamailio.udpPort }));
  try {
    await waitForRegistration(agent.account, "registered");
    const sipp = await startSipp({ scenario: "mwi-unsolicited.xml", localPort: sippPort, remote: { port: kamailio.udpPort }, service: USER });
    const result = await sipp.done;
    expect(result.ok, `${result.errors}\n${result.output}`).toBe(true);
    const [heard] = await agent.summaries(1);
    expect([heard?.source, heard?.summary.messagesWaiting]).toEqual(["unsolicited", true]);
  } finally {
    await agent.ua.stop();
    await kamailio.stop();
  }
});

it("places an anonymous call that a SIPp UAS checks on the wire and challenges; the account's credentials answer", async () => {
  const sipp = await startSipp({ scenario: "anonymous-uas-auth.xml", keys: { user: USER, password: PASSWORD } });
  await sipp.ready();
  const agent = await startUa(accountSettings({ user: USER, password: PASSWORD, registrarPort: sipp.port, register: false }));
  try {
    const user = new RecordingUser();
    const call = agent.account.call(local("2000", sipp.port), sdp(40010), user, { anonymous: true });
    await user.when("answered");
    call.hangup();
    await user.when("ended");
  } finally {
    await agent.ua.stop();
  }
  const result = await sipp.done;
  expect(result.ok, `${result.errors}\n${result.output}`).toBe(true);
  const invites = result.messages.filter((m) => m.direction === "received" && m.firstLine.startsWith("INVITE"));
  expect(invites).toHaveLength(2);
  expect(invites[1]!.text).toMatch(/^P-Preferred-Identity: "?Test 1001"? <sip:1001@127\.0\.0\.1:\d+>$/m);
});
