/**
 * Call transfer against real peers, through Kamailio (record-routing, so every in-dialog
 * REFER and NOTIFY crosses it):
 * - we are the transferor: our call to a SIPp callee, our REFER (Refer-To sip:3000@...,
 *   Referred-By), SIPp's 202 and NOTIFYs 100 Trying → 200 OK reach the ReferUser in order;
 * - we are the transferee: a SIPp caller REFERs us to 2000 (a second SIPp, behind Kamailio's
 *   407); we answer 202 + NOTIFY 100, place that call, and NOTIFY its 200; SIPp checks the
 *   Event id, sipfrag bodies and Subscription-State of our NOTIFYs;
 * - an INVITE with Replaces from a SIPp caller is matched to the call another SIPp holds
 *   with us (to-tag = ours, from-tag = theirs), answered, and the replaced call ends by BYE;
 *   one naming no dialog of ours gets 481 and no call is offered.
 * Not covered: attended transfer end to end with three phones, REFER over TCP/TLS, baresip.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatUri } from "../../src/sip/message/index.js";
import type { IncomingRefer, ReferOutcome, ReferUser } from "../../src/sip/session/index.js";
import { freePorts, sippMessagesStarting, startKamailio, startSipp, stopAllPeers } from "./peers/index.js";
import type { KamailioHandle, SippResult } from "./peers/index.js";
import { startAgent, waitForRegistration } from "./support/agent.js";
import { RecordingUser, sdp } from "./support/calls.js";

const ACCOUNT = { user: "1001", password: "pw-1001" };
let kamailio: KamailioHandle;
let referrerPort: number;
let replacerPort: number;
let heldPort: number;
let calleePort: number;

beforeAll(async () => {
  [referrerPort, replacerPort, heldPort, calleePort] = (await freePorts(4)) as [number, number, number, number];
  kamailio = await startKamailio({
    users: [ACCOUNT],
    trustedPeers: [referrerPort, replacerPort, heldPort].map((port) => ({ address: "127.0.0.1", port })),
    staticRoutes: { "2000": `sip:127.0.0.1:${calleePort}` },
  });
});

afterAll(async () => {
  await stopAllPeers();
});

/** Records a REFER's events; `done` settles with onDone's outcome (a deadline fails the test). */
class ReferWatcher implements ReferUser {
  readonly events: string[] = [];
  readonly done: Promise<ReferOutcome>;
  private settle!: (outcome: ReferOutcome) => void;

  constructor(timeoutMs = 15_000) {
    this.done = new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no onDone within ${timeoutMs} ms; events: ${this.events.join(", ")}`)), timeoutMs);
      this.settle = (outcome) => { clearTimeout(timer); resolve(outcome); };
    });
  }

  onAccepted(): void { this.events.push("accepted"); }
  onProgress(status: number, reason: string): void { this.events.push(`progress ${status} ${reason}`); }
  onDone(outcome: ReferOutcome): void {
    this.events.push(`done ${outcome.status} ${outcome.reason}`);
    this.settle(outcome);
  }
}

/** A call user that takes the first REFER it is offered. */
class TransfereeUser extends RecordingUser {
  readonly refer: Promise<IncomingRefer>;
  private take!: (refer: IncomingRefer) => void;

  constructor() {
    super();
    this.refer = new Promise((resolve) => { this.take = resolve; });
  }

  onRefer(refer: IncomingRefer): boolean {
    this.take(refer);
    return true;
  }
}

function requestsReceived(result: SippResult): string[] {
  return result.messages.filter((m) => m.direction === "received" && !m.firstLine.startsWith("SIP/2.0")).map((m) => m.firstLine.split(" ")[0]!);
}

async function registeredAgent() {
  const agent = await startAgent({ accounts: [{ ...ACCOUNT, registrarPort: kamailio.udpPort }] });
  const account = agent.ua.accounts[0]!;
  await waitForRegistration(account, "registered");
  return { agent, account };
}

describe("call transfer through Kamailio", () => {
  it("as transferor: REFERs a SIPp callee and follows its 202 and NOTIFYs to the final 200", async () => {
    const callee = await startSipp({ scenario: "refer-uas-accepts.xml", localPort: calleePort });
    await callee.ready();
    const { agent, account } = await registeredAgent();
    try {
      const user = new RecordingUser();
      const call = account.call(account.targetFor("2000"), sdp(40100), user);
      await user.when("answered");
      const watcher = new ReferWatcher();
      expect(call.refer(formatUri(account.targetFor("3000")), watcher)).toBe(true);
      expect(await watcher.done).toEqual({ status: 200, reason: "OK" });
      expect(watcher.events).toEqual(["accepted", "progress 100 Trying", "done 200 OK"]);
      call.hangup();
      await user.when("ended");
      const result = await callee.done;
      expect(result.ok, result.errors).toBe(true);
      expect(result.errors).not.toMatch(/Failed regexp/); // SIPp's checks of our REFER held
      expect(requestsReceived(result)).toEqual(["INVITE", "ACK", "REFER", "BYE"]);
      const refer = sippMessagesStarting(result.messages, "REFER", "received")[0]!.text;
      expect(refer).toMatch(/^Record-Route:|^Via: .*\r?\nVia: /m); // it crossed Kamailio
      expect(refer).toMatch(/^Referred-By: .*sip:1001@127\.0\.0\.1/m);
    } finally {
      await agent.stop();
    }
  });

  it("as transferee: answers a SIPp REFER with 202 and NOTIFYs 100, places the call and NOTIFYs its 200", async () => {
    const target = await startSipp({ scenario: "uas-answer.xml", localPort: calleePort });
    await target.ready();
    const { agent, account } = await registeredAgent();
    try {
      const incoming = agent.nextIncoming();
      const referTo = `sip:2000@127.0.0.1:${kamailio.udpPort}`;
      const referrer = await startSipp({
        scenario: "refer-uac-refers.xml", remote: { port: kamailio.udpPort }, localPort: referrerPort, service: ACCOUNT.user, keys: { refer_to: referTo },
      });
      const { call } = await incoming;
      const user = new TransfereeUser();
      call.attach(user);
      call.accept(sdp(40110));
      const refer = await user.refer;
      expect(refer.target).toBe(referTo);
      expect(refer.referredBy?.uri.user).toBe("sipp");
      const newCallUser = new RecordingUser();
      const newCall = account.call(refer.referTo, sdp(40120), newCallUser);
      await newCallUser.when("answered");
      expect(refer.notify(200, "OK")).toBe(true);
      await user.when("ended");
      const referrerResult = await referrer.done;
      expect(referrerResult.ok, referrerResult.errors).toBe(true);
      expect(referrerResult.errors).not.toMatch(/Failed regexp/); // SIPp's checks of our NOTIFYs held
      newCall.hangup();
      await newCallUser.when("ended");
      const targetResult = await target.done;
      expect(targetResult.ok, targetResult.errors).toBe(true);
      const notifies = sippMessagesStarting(referrerResult.messages, "NOTIFY", "received").map((m) => m.text);
      expect(notifies).toHaveLength(2);
      expect(notifies[0]).toMatch(/^Subscription-State: active;expires=\d+/m);
      expect(notifies[1]).toMatch(/^Subscription-State: terminated;reason=noresource/m);
    } finally {
      await agent.stop();
    }
  });

  it("matches a SIPp INVITE with Replaces to the call another SIPp holds with us, and ends that call", async () => {
    const { agent, account } = await registeredAgent();
    try {
      const first = agent.nextIncoming();
      const held = await startSipp({ scenario: "uac-call-wait-bye.xml", remote: { port: kamailio.udpPort }, localPort: heldPort, service: ACCOUNT.user });
      const old = await first;
      old.call.accept(sdp(40130));
      await old.user.when("confirmed");
      const { callId, localTag, remoteTag } = old.call.dialog!.id;
      const second = agent.nextIncoming();
      const replacer = await startSipp({
        scenario: "refer-uac-replaces.xml", remote: { port: kamailio.udpPort }, localPort: replacerPort, service: ACCOUNT.user,
        keys: { replaces: `${callId};to-tag=${localTag};from-tag=${remoteTag}` }, pauseMs: 300,
      });
      const replacing = await second;
      expect(replacing.call.replaces).toBe(old.call);
      expect(replacing.call.invite.headers.get("Replaces")).toBe(`${callId};to-tag=${localTag};from-tag=${remoteTag}`);
      replacing.call.accept(sdp(40140));
      old.call.hangup();
      await old.user.when("ended");
      await replacing.user.when("ended");
      const [heldResult, replacerResult] = await Promise.all([held.done, replacer.done]);
      expect(heldResult.ok, heldResult.errors).toBe(true);
      expect(replacerResult.ok, replacerResult.errors).toBe(true);
      expect(requestsReceived(heldResult)).toEqual(["BYE"]);

      const unknown = await startSipp({
        scenario: "refer-uac-replaces-unknown.xml", remote: { port: kamailio.udpPort }, localPort: replacerPort, service: ACCOUNT.user,
        keys: { replaces: `${callId};to-tag=${localTag};from-tag=${remoteTag}` }, // that call is over now
      });
      const unknownResult = await unknown.done;
      expect(unknownResult.ok, unknownResult.errors).toBe(true);
      expect(account.sessions.size).toBe(0); // an offered call would wait here, unanswered
    } finally {
      await agent.stop();
    }
  });
});
