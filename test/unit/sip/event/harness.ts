/**
 * Set-up for the subscription client tests: a FakeClock, the registration tests'
 * FakeRequestSender (its 2xx carry To tag "reg1"), a message-summary
 * SubscriptionClient for sip:*97@example.net, NOTIFYs built as a notifier would
 * send them, and a fake server transaction that records the answer.
 */
import { parseMessage, type SipRequest, type SipResponse } from "../../../../src/sip/message/index.js";
import { SubscriptionClient, type SubscriptionOptions, type SubscriptionState } from "../../../../src/sip/event/index.js";
import type { ServerTransaction } from "../../../../src/sip/transaction/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { ok } from "../../../../src/util/result.js";
import { FakeRequestSender, type SentRequest } from "../registration/fake-sender.js";
import { AOR, CONTACT, sequence, sipUri } from "../registration/harness.js";

export const VOICEMAIL = sipUri("*97", "example.net");
export const SUMMARY_YES = "Messages-Waiting: yes\r\nVoice-Message: 2/8 (0/2)\r\n";

export interface NotifySpec {
  state: string;
  body?: string;
  /** The notifier's tag; default "reg1", the tag of the fake sender's 2xx. */
  fromTag?: string;
  cseq?: number;
  event?: string | null;
  contact?: string;
}

export interface Answered {
  tx: ServerTransaction;
  responses: SipResponse[];
  taken: boolean;
}

export function newSubscriptionHarness(overrides: Partial<SubscriptionOptions> = {}) {
  const clock = new FakeClock();
  const sender = new FakeRequestSender(clock);
  const sink = new MemorySink();
  const bodies: string[] = [];
  const states: SubscriptionState[] = [];
  const client = new SubscriptionClient({
    identity: { event: "message-summary", accept: "application/simple-message-summary", target: VOICEMAIL, from: { displayName: "Kitchen", uri: AOR, params: {} }, allow: ["INVITE", "NOTIFY"], userAgent: "dialtone/0.1" },
    contact: () => CONTACT,
    sender, clock,
    logs: new Logs(sink.sink, "debug", () => clock.now()),
    random: sequence([0]),
    onBody: (body) => {
      bodies.push(body);
      return body.startsWith("garbage") ? { ok: false, error: "not a message-summary" } : ok(undefined);
    },
    ...overrides,
  });
  client.onChange((state) => states.push(state));
  let cseq = 1;

  /** A NOTIFY in the dialog of `subscribe` (our From tag in To, the notifier's tag in From). */
  function notifyFor(subscribe: SentRequest, spec: NotifySpec): SipRequest {
    const headers = [
      "NOTIFY sip:1001@192.0.2.10:5060 SIP/2.0",
      "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bKnotify" + cseq,
      "Max-Forwards: 70",
      `From: <sip:*97@example.net>;tag=${spec.fromTag ?? "reg1"}`,
      `To: ${subscribe.built.headers.get("From")}`,
      `Call-ID: ${subscribe.built.headers.get("Call-ID")}`,
      `CSeq: ${spec.cseq ?? cseq++} NOTIFY`,
      `Contact: ${spec.contact ?? "<sip:vm@198.51.100.7:5060>"}`,
      ...(spec.event === null ? [] : [`Event: ${spec.event ?? "message-summary"}`]),
      `Subscription-State: ${spec.state}`,
      ...(spec.body === undefined ? [] : ["Content-Type: application/simple-message-summary"]),
    ];
    const body = spec.body ?? "";
    const text = `${headers.join("\r\n")}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const parsed = parseMessage(Buffer.from(text));
    if (!parsed.ok || parsed.value.type !== "request") throw new Error(`bad test NOTIFY: ${JSON.stringify(parsed)}`);
    return parsed.value;
  }

  /** Hands a NOTIFY to the client through a recording server transaction. */
  function deliver(request: SipRequest): Answered {
    const responses: SipResponse[] = [];
    const tx: ServerTransaction = {
      id: `tx${cseq}`, request, state: "trying",
      source: { protocol: "udp", address: "198.51.100.7", port: 5060, connectionId: undefined, local: { protocol: "udp", address: "192.0.2.10", port: 5060 } },
      respond: (r) => void responses.push(r),
      terminate: () => undefined,
    };
    const taken = client.handleNotify(request, tx);
    return { tx, responses, taken };
  }

  return {
    clock, sender, sink, client, bodies, states, notifyFor, deliver,
    /** The last SUBSCRIBE sent. */
    lastSubscribe: () => sender.last("SUBSCRIBE"),
    notify: (spec: NotifySpec, subscribe = sender.last("SUBSCRIBE")) => deliver(notifyFor(subscribe, spec)),
  };
}
