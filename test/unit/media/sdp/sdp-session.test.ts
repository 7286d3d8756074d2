/**
 * SdpSession over one call (RFC 3264 §8): the o= line stays, its version goes
 * up by one exactly when the body we send changes (re-offer with a new port or
 * codec, our hold, an answer that differs), and answers are matched to the
 * outstanding offer. Not covered: glare and SIP transport of the bodies
 * (the session layer's job).
 */
import { parse } from "sdp-transform";
import { describe, expect, it } from "vitest";
import { SdpSession, type MediaOptions } from "../../../../src/media/sdp/index.js";
import { ASTERISK_HOLD_REOFFER, ASTERISK_OFFER } from "./samples.js";

const media: MediaOptions = {
  address: "192.0.2.10",
  port: 40_000,
  codecs: [{ name: "PCMU", payloadType: 0, clockRate: 8000 }, { name: "PCMA", payloadType: 8, clockRate: 8000 }],
  telephoneEvent: { payloadType: 101, events: "0-16" },
};
const originLine = (sdp: string) => sdp.split("\r\n").find((l) => l.startsWith("o="));

describe("SdpSession", () => {
  it("a re-offer with a new port, then with another codec: same o= line, version + 1 each time", () => {
    const session = new SdpSession({ sessionId: "1234", username: "dialtone" });
    const first = session.createOffer(media);
    expect(originLine(first)).toBe("o=dialtone 1234 1 IN IP4 192.0.2.10");
    const newPort = session.createOffer({ ...media, port: 40_002 });
    expect(originLine(newPort)).toBe("o=dialtone 1234 2 IN IP4 192.0.2.10");
    expect(newPort).toContain("m=audio 40002 RTP/AVP 0 8 101");
    const newCodec = session.createOffer({ ...media, port: 40_002, codecs: [media.codecs[1]!] });
    expect(originLine(newCodec)).toBe("o=dialtone 1234 3 IN IP4 192.0.2.10");
    expect(newCodec).toContain("m=audio 40002 RTP/AVP 8 101");
    expect(session.sessionVersion).toBe(3);
  });

  it("an unchanged re-offer (session refresh) keeps the version", () => {
    const session = new SdpSession({ sessionId: "1" });
    const a = session.createOffer(media);
    const b = session.createOffer(media);
    expect(b).toBe(a);
    expect(parse(b).origin.sessionVersion).toBe(1);
  });

  it("answers share the version count: the hold re-INVITE's answer differs (recvonly) and goes up by one", () => {
    const session = new SdpSession({ sessionId: "99", initialVersion: 5 });
    const first = session.createAnswer(ASTERISK_OFFER, media);
    const again = session.createAnswer(ASTERISK_OFFER, media);
    const hold = session.createAnswer(ASTERISK_HOLD_REOFFER, media);
    if (!first.ok || !again.ok || !hold.ok) throw new Error("expected answers");
    expect(parse(first.value.sdp).origin.sessionVersion).toBe(5);
    expect(parse(again.value.sdp).origin.sessionVersion).toBe(5);
    expect(parse(hold.value.sdp).origin.sessionVersion).toBe(6);
    expect(hold.value.negotiated.direction).toBe("recvonly");
  });

  it("applyAnswer matches the outstanding offer once; a failed answer leaves it outstanding", () => {
    const session = new SdpSession();
    expect(session.applyAnswer("v=0").ok).toBe(false);
    session.createOffer(media);
    const answer = ["v=0", "o=- 1 1 IN IP4 192.0.2.50", "s=-", "c=IN IP4 192.0.2.50", "t=0 0", "m=audio 10000 RTP/AVP 8", ""].join("\r\n");
    expect(session.applyAnswer(answer.replace("10000", "0")).ok).toBe(false);
    const applied = session.applyAnswer(answer);
    expect(applied.ok && applied.value.codec.name).toBe("PCMA");
    expect(session.applyAnswer(answer).ok).toBe(false);
  });

  it("picks a random numeric session id when none is given", () => {
    const a = new SdpSession().sessionId;
    const b = new SdpSession().sessionId;
    expect(a).toMatch(/^\d+$/);
    expect(a).not.toBe(b);
  });
});
