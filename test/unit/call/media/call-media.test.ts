/**
 * CallMedia against a fake dialog (re-INVITEs go straight to the other CallMedia,
 * INFO is recorded): refusals as values (488 for SRTP policy or no common codec, 400
 * for a body that is not SDP), o= version kept or raised (RFC 3264 §8), a repeated
 * early answer, hold/resume directions, the INFO body we send and how received INFO
 * is answered, close (RTCP BYE, port freed, idempotent). Real sockets on 127.0.0.1.
 * Not covered here: SIP sessions (call-media-loopback.test.ts), audio content.
 */
import { createSocket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { CallMedia, callMediaSettings, type CallDialog, type CallMediaSettings } from "../../../../src/call/media/index.js";
import { defaultAccount, defaultConfig } from "../../../../src/config/schema.js";
import { RealClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import { err, ok } from "../../../../src/util/result.js";
import { settings, until } from "../../../support/loopback-phone.js";

const opened: CallMedia[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

async function open(overrides: Partial<CallMediaSettings> = {}, dialog?: CallDialog): Promise<CallMedia> {
  const media = await CallMedia.open({
    clock: new RealClock(), logs: silentLogs, bindAddress: "127.0.0.1", settings: settings(overrides), ...(dialog ? { dialog } : {}),
  });
  opened.push(media);
  return media;
}

function version(sdp: string): number {
  return Number(/^o=\S+ \S+ (\d+)/m.exec(sdp)![1]);
}

/** A dialog whose re-INVITEs the peer CallMedia answers, and whose INFO requests are kept. */
class FakeDialog implements CallDialog {
  peer: CallMedia | undefined;
  readonly infos: { contentType: string; body: string }[] = [];
  infoStatus = 200;
  async info(contentType: string, body: string) {
    this.infos.push({ contentType, body });
    return this.infoStatus < 300 ? ok(undefined) : err({ status: this.infoStatus, reason: "Nope" });
  }
  async reinvite(offer: string) {
    const answer = this.peer!.answer(offer);
    return answer.ok ? ok(answer.value) : err({ status: answer.error.status, reason: answer.error.reason });
  }
}

describe("CallMedia settings", () => {
  it("takes the account's codecs, SRTP and DTMF method and the document's RTP ports", async () => {
    const account = { ...defaultAccount(), codecs: ["PCMA" as const], srtp: "optional" as const, dtmfMethod: "info" as const };
    const media = { ...defaultConfig().media, rtpPortMin: 41000, rtpPortMax: 41099, symmetricRtp: false };
    const chosen = callMediaSettings(account, media);
    expect(chosen).toEqual({ codecs: ["PCMA"], srtp: "optional", dtmfMethod: "info", portRange: { min: 41000, max: 41099 }, symmetricRtp: false });
    const opened = await open(chosen);
    const offer = opened.offer();
    const port = Number(/^m=audio (\d+) RTP\/AVP 8 13 101$/m.exec(offer)?.[1]);
    expect(port).toBeGreaterThanOrEqual(41000);
    expect(port).toBeLessThanOrEqual(41098);
    expect(offer).toContain("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:");
  });
});

describe("CallMedia offer/answer", () => {
  it("refuses an offer its SRTP policy or codecs cannot take with 488, and a non-SDP body with 400", async () => {
    const plain = await open();
    const secure = await open({ srtp: "mandatory" });
    const alaw = await open({ codecs: ["PCMA"] });
    expect(secure.answer(plain.offer())).toEqual(err({ status: 488, reason: "Not Acceptable Here" }));
    expect(plain.answer(secure.offer())).toEqual(err({ status: 488, reason: "Not Acceptable Here" }));
    const ulawOnly = await open({ codecs: ["PCMU"] });
    expect(alaw.answer(ulawOnly.offer())).toEqual(err({ status: 488, reason: "Not Acceptable Here" }));
    expect(plain.answer("hello")).toEqual(err({ status: 400, reason: "Bad SDP" }));
    expect(secure.stats().direction).toBeUndefined(); // nothing started
  });

  it("offers the account's codec order, answers by it (RFC 3264 §6.1 answerer's choice), SRTP optional both sides", async () => {
    const a = await open({ codecs: ["PCMA", "PCMU"], srtp: "optional" });
    const b = await open({ srtp: "optional" });
    const offer = a.offer();
    expect(offer).toMatch(/^m=audio \d+ RTP\/AVP 8 0 /m);
    const answer = b.answer(offer);
    expect(answer.ok).toBe(true);
    const negotiated = a.applyAnswer(answer.ok ? answer.value : "");
    expect(negotiated.ok && negotiated.value.codec.name).toBe("PCMU");
    expect(negotiated.ok && negotiated.value.srtp).toBeTruthy();
  });

  it("keeps the o= version for an unchanged SDP and raises it for hold, on both sides", async () => {
    const dialogA = new FakeDialog();
    const a = await open({}, dialogA);
    const b = await open();
    dialogA.peer = b;
    const offer1 = a.offer();
    const answer1 = b.answer(offer1);
    expect(a.applyAnswer(answer1.ok ? answer1.value : "").ok).toBe(true);

    const offer2 = a.offer();
    const answer2 = b.answer(offer2);
    expect(version(offer2)).toBe(version(offer1));
    expect(answer2.ok && version(answer2.value)).toBe(answer1.ok && version(answer1.value));
    expect(a.applyAnswer(answer2.ok ? answer2.value : "").ok).toBe(true);

    expect(await a.hold(true)).toEqual(ok(undefined));
    expect(a.held).toBe(true);
    expect([a.stats().direction, b.stats().direction]).toEqual(["sendonly", "recvonly"]);
    const onHold = a.offer();
    expect(version(onHold)).toBe(version(offer1) + 1);
    expect(onHold).toContain("a=sendonly");
    const heldAnswer = b.answer(onHold);
    expect(heldAnswer.ok && version(heldAnswer.value)).toBe(answer1.ok && version(answer1.value) + 1);
    expect(a.applyAnswer(heldAnswer.ok ? heldAnswer.value : "").ok).toBe(true);

    expect(await a.hold(false)).toEqual(ok(undefined));
    expect([a.stats().direction, b.stats().direction]).toEqual(["sendrecv", "sendrecv"]);
  });

  it("follows a peer re-offer with another codec and address: update, o= version up", async () => {
    const a = await open();
    const b = await open();
    const moved = await open({ codecs: ["PCMA"] });
    const first = b.answer(a.offer());
    a.applyAnswer(first.ok ? first.value : "");
    expect(b.stats().codec).toBe("PCMU");
    const second = b.answer(moved.offer());
    expect(second.ok && version(second.value)).toBe(first.ok && version(first.value) + 1);
    expect(b.stats().codec).toBe("PCMA");
    expect(b.stats().remote?.port).toBe(moved.media.localMedia().port);
  });

  it("takes a repeated early answer once and follows a changed one", async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    const offer = a.offer();
    const early = b.answer(offer);
    const first = a.applyAnswer(early.ok ? early.value : "");
    expect(a.applyAnswer(early.ok ? early.value : "")).toEqual(first);
    const other = c.answer(offer);
    const changed = a.applyAnswer(other.ok ? other.value : "");
    expect(changed.ok && changed.value.remotePort).toBe(c.media.localMedia().port);
    expect(a.stats().remote?.port).toBe(c.media.localMedia().port);
  });

  it("refuses an answer when no offer is outstanding", async () => {
    const a = await open();
    expect(a.applyAnswer("v=0")).toEqual(err("no offer of ours is outstanding"));
  });
});

describe("CallMedia digits by INFO", () => {
  it("sends application/dtmf-relay in the dialog and reports the peer's refusal", async () => {
    const dialog = new FakeDialog();
    const a = await open({ dtmfMethod: "info" }, dialog);
    expect(await a.sendDigit("5", 160)).toEqual(ok("info"));
    expect(dialog.infos).toEqual([{ contentType: "application/dtmf-relay", body: "Signal=5\r\nDuration=160\r\n" }]);
    dialog.infoStatus = 415;
    expect(await a.sendDigit("#", 100)).toEqual(err("INFO failed: 415 Nope"));
  });

  it("answers received INFO: 200 and one report for dtmf-relay, 415 for another type, 400 for a bad body", async () => {
    const a = await open();
    const digits: unknown[] = [];
    a.onDigit((d) => digits.push(d));
    expect(a.receiveInfo("application/dtmf-relay; charset=x", "Signal=*\nDuration=90\n")).toBe(200);
    expect(a.receiveInfo("application/media_control+xml", "<x/>")).toBe(415);
    expect(a.receiveInfo(undefined, "")).toBe(415);
    expect(a.receiveInfo("application/dtmf-relay", "Signal=Z")).toBe(400);
    expect(digits).toEqual([{ digit: "*", durationMs: 90 }]);
  });

  it("says why a digit cannot go before media runs", async () => {
    const a = await open();
    expect(await a.sendDigit("1", 100)).toEqual(err("media session is not running"));
  });
});

describe("CallMedia close", () => {
  it("sends RTCP BYE, frees the port, and can be called again", async () => {
    const a = await open();
    const b = await open();
    const answer = b.answer(a.offer());
    a.applyAnswer(answer.ok ? answer.value : "");
    let bye = 0;
    b.media.onRemoteBye(() => bye++);
    const port = a.media.localMedia().port;
    const first = a.close();
    expect(a.close()).toBe(first);
    await first;
    await until(() => bye === 1, "RTCP BYE at the peer");
    const socket = createSocket("udp4");
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(port, "127.0.0.1", () => resolve());
    });
    socket.close();
  });
});
