/**
 * An Account over the real UA core, transaction layer and digest sender, with a fake
 * transport and clock: the message-summary subscription through a 401 challenge,
 * its NOTIFY reaching the account and the listener, the un-SUBSCRIBE on stop;
 * unsolicited NOTIFYs (200 and reported; 489 for other events; 400 for bad
 * bodies; 481 in an unknown dialog); and the anonymous INVITE (RFC 3323/3325)
 * still answering a proxy challenge with the account's auth user. Subscription
 * timing and Subscription-State are covered in test/unit/sip/event; real peers in
 * test/interop/mwi.test.ts.
 */
import { beforeEach, expect, it } from "vitest";
import type { MessageSummary, MessageSummarySource } from "../../../../src/sip/event/index.js";
import { createResponse, parseMessage, type SipRequest, type SipResponse, type SipUri } from "../../../../src/sip/message/index.js";
import { FakeTransport } from "../../../../src/sip/transaction/testing/fake-transport.js";
import { DEFAULT_TIMERS, newBranch } from "../../../../src/sip/transaction/index.js";
import type { Source } from "../../../../src/sip/transport/types.js";
import { Account, type AccountSettings } from "../../../../src/sip/ua/account.js";
import { UserAgentCore } from "../../../../src/sip/ua/core.js";
import { ALLOW, SUPPORTED } from "../../../../src/sip/ua/user-agent.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import { ok } from "../../../../src/util/result.js";
import { OFFER, RecordingUser } from "../session/harness.js";

const SERVER: Source = { protocol: "udp", address: "198.51.100.7", port: 5060, connectionId: undefined, local: { protocol: "udp", address: "127.0.0.1", port: 5060 } };
const uri = (user: string | undefined, host: string): SipUri => ({ scheme: "sip", user, password: undefined, host, port: undefined, params: {}, headers: {} });
const SUMMARY = "Messages-Waiting: yes\r\nMessage-Account: sip:*97@example.net\r\nVoice-Message: 3/1 (1/0)\r\n";

let clock: FakeClock;
let transport: FakeTransport;
let summaries: Array<{ summary: MessageSummary; source: MessageSummarySource }>;

function newAccount(mwi: AccountSettings["mwi"], anonymousMethod?: AccountSettings["anonymousMethod"]): Account {
  const core = new UserAgentCore({
    clock, logs: silentLogs, transport, locate: async () => ok([{ protocol: "udp", address: SERVER.address, port: SERVER.port }]),
    limiter: { allow: () => true }, newBranch, allow: ALLOW, supported: SUPPORTED, userAgent: "dialtone-test",
  });
  transport.attach({ onMessage: (m, s) => core.receive(m, s) });
  const account = new Account({
    id: "line0", aor: uri("1001", "example.net"), registrar: uri(undefined, "example.net"), authUser: "1001", password: "secret",
    displayName: "Kitchen", protocol: "udp", registerExpiresSec: 0, keepAlive: { mode: "off", intervalMs: 0 }, mwi, anonymousMethod,
  }, {
    core, clock, logs: silentLogs, timers: DEFAULT_TIMERS, allow: ALLOW, supported: SUPPORTED, userAgent: "dialtone-test",
    sendCrlf: () => undefined, onIncoming: () => undefined,
  });
  core.addHandler(account);
  account.onMessageSummary((summary, source) => summaries.push({ summary, source }));
  return account;
}

/** Lets the core's asynchronous next-hop lookup run (no time passes on the fake clock). */
const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function sent(method: string): SipRequest[] {
  return transport.messages("send").filter((m): m is SipRequest => m.type === "request" && m.method === method);
}

function answers(): SipResponse[] {
  return transport.messages("respond") as SipResponse[];
}

function reply(request: SipRequest, status: number, headers: Array<[string, string]> = [], toTag = "vm1"): void {
  const response = createResponse(request, status, { toTag });
  for (const [name, value] of headers) response.headers.append(name, value);
  transport.inject(response, SERVER);
}

function inject(lines: string[], body = ""): void {
  const text = `${lines.join("\r\n")}\r\nVia: SIP/2.0/UDP 198.51.100.7:5060;branch=${newBranch()}\r\nMax-Forwards: 70\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
  const parsed = parseMessage(Buffer.from(text));
  if (!parsed.ok) throw new Error(`bad test message: ${JSON.stringify(parsed.error)}`);
  transport.inject(parsed.value, SERVER);
}

/** A NOTIFY in the dialog of `subscribe`, as the voicemail server sends it. */
function notifyIn(subscribe: SipRequest, cseq: number, state: string, body = ""): void {
  inject([
    "NOTIFY sip:1001@127.0.0.1:5060 SIP/2.0", "From: <sip:*97@example.net>;tag=vm1", `To: ${subscribe.headers.get("From")}`,
    `Call-ID: ${subscribe.headers.get("Call-ID")}`, `CSeq: ${cseq} NOTIFY`, "Contact: <sip:vm@198.51.100.7>",
    "Event: message-summary", `Subscription-State: ${state}`, ...(body ? ["Content-Type: application/simple-message-summary"] : []),
  ], body);
}

function unsolicited(event: string, body: string, extra: string[] = []): void {
  inject([
    "NOTIFY sip:1001@127.0.0.1:5060 SIP/2.0", "From: <sip:asterisk@198.51.100.7>;tag=ast1", "To: <sip:1001@example.net>",
    `Call-ID: ${newBranch()}`, "CSeq: 102 NOTIFY", `Event: ${event}`, "Content-Type: application/simple-message-summary", ...extra,
  ], body);
}

beforeEach(() => {
  clock = new FakeClock();
  transport = new FakeTransport({ now: () => clock.now() });
  summaries = [];
});

it("subscribes through the digest sender, reports the NOTIFY in its dialog, and un-SUBSCRIBEs on stop", async () => {
  const account = newAccount({ subscribe: true, uri: uri("*97", "example.net"), expiresSec: 1800 });
  account.start();
  await flush();
  const [first] = sent("SUBSCRIBE");
  expect(first?.uri).toBe("sip:*97@example.net");
  expect(first?.headers.get("Expires")).toBe("1800");
  reply(first!, 401, [["WWW-Authenticate", 'Digest realm="example.net", nonce="n1", qop="auth", algorithm=MD5']]);
  await flush();
  const second = sent("SUBSCRIBE")[1]!;
  expect(second.headers.get("Authorization")).toMatch(/username="1001"/);
  expect(second.headers.get("CSeq")).toBe("2 SUBSCRIBE");
  reply(second, 200, [["Expires", "1800"], ["Contact", "<sip:vm@198.51.100.7>"]]);
  notifyIn(second, 1, "active;expires=1800", SUMMARY);
  expect(answers().map((r) => r.status)).toEqual([200]);
  expect(account.mwiState).toBe("active");
  expect(summaries).toEqual([{ source: "subscription", summary: expect.objectContaining({ messagesWaiting: true }) }]);
  expect(account.messageSummary?.classes["voice-message"]).toEqual({ newCount: 3, oldCount: 1, urgentNew: 1, urgentOld: 0 });

  const stopped = account.stop();
  await flush();
  await flush();
  const unsubscribe = sent("SUBSCRIBE")[2]!;
  expect(unsubscribe.uri).toBe("sip:vm@198.51.100.7");
  expect(unsubscribe.headers.get("Expires")).toBe("0");
  expect(unsubscribe.headers.get("CSeq")).toBe("3 SUBSCRIBE");
  expect(unsubscribe.headers.get("Authorization")).toMatch(/username="1001"/);
  reply(unsubscribe, 200, [["Expires", "0"]]);
  notifyIn(second, 2, "terminated;reason=timeout");
  await stopped;
  expect(account.mwiState).toBe("unsubscribed");
  expect(answers().map((r) => r.status)).toEqual([200, 200]);
});

it("keeps the dialog's CSeq above a refresh that was challenged and sent again", async () => {
  const account = newAccount({ subscribe: true, uri: uri("*97", "example.net"), expiresSec: 600 });
  account.start();
  await flush();
  const [first] = sent("SUBSCRIBE");
  reply(first!, 200, [["Expires", "600"], ["Contact", "<sip:vm@198.51.100.7>"]]);
  notifyIn(first!, 1, "active", SUMMARY);
  clock.advance(536_000);
  await flush();
  const refresh = sent("SUBSCRIBE")[1]!;
  expect(refresh.headers.get("CSeq")).toBe("2 SUBSCRIBE");
  reply(refresh, 401, [["WWW-Authenticate", 'Digest realm="example.net", nonce="n3", algorithm=MD5']]);
  await flush();
  const resent = sent("SUBSCRIBE")[2]!;
  expect(resent.headers.get("CSeq")).toBe("3 SUBSCRIBE");
  expect(resent.headers.get("Authorization")).toMatch(/nonce="n3"/);
  reply(resent, 200, [["Expires", "600"]]);
  clock.advance(536_000);
  await flush();
  expect(sent("SUBSCRIBE")[3]?.headers.get("CSeq")).toBe("4 SUBSCRIBE");
});

it("answers unsolicited NOTIFYs: message-summary 200 and reported, other events 489, bad bodies 400, unknown dialogs 481", () => {
  const account = newAccount(undefined);
  expect(account.mwiState).toBeUndefined();
  unsolicited("message-summary", SUMMARY);
  unsolicited("presence", SUMMARY);
  unsolicited("message-summary", "<xml/>");
  inject([
    "NOTIFY sip:1001@127.0.0.1:5060 SIP/2.0", "From: <sip:x@198.51.100.7>;tag=a", "To: <sip:1001@example.net>;tag=unknown",
    "Call-ID: stale", "CSeq: 5 NOTIFY", "Event: message-summary", "Subscription-State: active",
  ]);
  const statuses = answers().map((r) => r.status);
  expect(statuses).toEqual([200, 489, 400, 481]);
  expect(answers()[0]?.headers.get("To")).toMatch(/;tag=\w+/);
  expect(answers()[2]?.reason).toBe('not a message-summary: line 1 is not "name: value"');
  expect(summaries.map((s) => [s.source, s.summary.messagesWaiting])).toEqual([["unsolicited", true]]);
});

it("places an anonymous call: anonymous From, Privacy id, the AOR in P-Preferred-Identity, and the account's credentials", async () => {
  const account = newAccount(undefined);
  account.call(uri("2000", "example.net"), OFFER, new RecordingUser(), { anonymous: true, headers: [["Alert-Info", "<urn:alert:service:normal>"]] });
  await flush();
  const [invite] = sent("INVITE");
  expect(invite?.headers.get("From")).toMatch(/^Anonymous <sip:anonymous@anonymous\.invalid>;tag=\w+$/);
  expect(invite?.headers.get("Privacy")).toBe("id");
  expect(invite?.headers.get("P-Preferred-Identity")).toBe("Kitchen <sip:1001@example.net>");
  expect(invite?.headers.get("Alert-Info")).toBe("<urn:alert:service:normal>");
  reply(invite!, 407, [["Proxy-Authenticate", 'Digest realm="example.net", nonce="n2", algorithm=MD5']]);
  await flush();
  const again = sent("INVITE")[1]!;
  expect(again.headers.get("Proxy-Authorization")).toMatch(/username="1001"/);
  expect(again.headers.get("From")).toBe(invite!.headers.get("From"));
});

it("calls with the account's identity by default, and refuses extra headers the stack writes itself", async () => {
  const account = newAccount(undefined);
  account.call(uri("2000", "example.net"), OFFER, new RecordingUser());
  await flush();
  const [invite] = sent("INVITE");
  expect(invite?.headers.get("From")).toMatch(/^Kitchen <sip:1001@example\.net>;tag=/);
  expect(invite?.headers.has("Privacy")).toBe(false);
  expect(() => account.call(uri("2000", "example.net"), OFFER, new RecordingUser(), { headers: [["from", "<sip:x@y>"]] })).toThrow(/written by the SIP stack/);
});

it("with anonymousMethod privacy, a hidden call keeps our From and asks for privacy with Privacy: id alone", async () => {
  const account = newAccount(undefined, "privacy");
  account.call(uri("2000", "example.net"), OFFER, new RecordingUser(), { anonymous: true });
  await flush();
  const [invite] = sent("INVITE");
  expect(invite?.headers.get("From")).toMatch(/^Kitchen <sip:1001@example\.net>;tag=\w+$/);
  expect(invite?.headers.get("Privacy")).toBe("id");
  expect(invite?.headers.get("P-Preferred-Identity")).toBeUndefined();
});
