/**
 * Our side as offerer: createOffer's body, parseAnswer (RFC 3264 §7) against
 * realistic answers (payload type numbers that differ from ours, the
 * answerer's codec order, ptime, hold answers, rejected audio, answers that do
 * not fit the offer), and a full round trip between two of our own sessions.
 * Re-offers and o= versions are in sdp-session.test.ts.
 */
import { describe, expect, it } from "vitest";
import { createAnswer, createOffer, parseAnswer, type OfferOptions } from "../../../../src/media/sdp/index.js";
import { SdesNegotiator } from "../../../../src/media/srtp/index.js";

const ours: OfferOptions = {
  address: "192.0.2.10",
  port: 40_000,
  codecs: [{ name: "PCMU", payloadType: 0, clockRate: 8000 }, { name: "PCMA", payloadType: 8, clockRate: 8000 }],
  telephoneEvent: { payloadType: 101, events: "0-16" },
  ptimeMs: 20,
  origin: { sessionId: "987654321", sessionVersion: 1 },
};
const offer = createOffer(ours);

/** A baresip-style answer; `media` replaces its m= line and attributes. */
function baresipAnswer(media: string[] = ["m=audio 10634 RTP/AVP 0 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15", "a=sendrecv", "a=ptime:20"]): string {
  return ["v=0", "o=- 3120 3121 IN IP4 192.0.2.50", "s=-", "c=IN IP4 192.0.2.50", "t=0 0", ...media].join("\r\n") + "\r\n";
}

function negotiate(answer: string) {
  const result = parseAnswer(answer, offer);
  if (!result.ok) throw new Error(`${result.error.reason}: ${result.error.detail}`);
  return result.value;
}

describe("createOffer", () => {
  it("lists our codecs in preference order, then telephone-event, with ptime and direction", () => {
    expect(offer).toBe(
      ["v=0", "o=- 987654321 1 IN IP4 192.0.2.10", "s=dialtone", "c=IN IP4 192.0.2.10", "t=0 0",
        "m=audio 40000 RTP/AVP 0 8 101", "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000",
        "a=fmtp:101 0-16", "a=ptime:20", "a=sendrecv", ""].join("\r\n"),
    );
  });

  it("with SRTP mandatory the profile is RTP/SAVP and our a=crypto lines are written, one per suite", () => {
    const keys = ["d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj", "NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj"];
    const sdp = createOffer({ ...ours, srtp: new SdesNegotiator({ policy: "mandatory", random: () => Buffer.from(keys.shift()!, "base64") }) });
    expect(sdp).toContain("m=audio 40000 RTP/SAVP 0 8 101\r\n");
    expect(sdp).toContain("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj\r\n");
    expect(sdp).toContain("a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj\r\n");
  });

  it("without telephone-event and with our hold (sendonly)", () => {
    const sdp = createOffer({ ...ours, telephoneEvent: undefined, direction: "sendonly", codecs: [ours.codecs[1]!] });
    expect(sdp).toContain("m=audio 40000 RTP/AVP 8\r\n");
    expect(sdp).toContain("a=sendonly\r\n");
    expect(sdp).not.toContain("telephone-event");
  });
});

describe("parseAnswer", () => {
  it("a baresip answer: PCMU, telephone-event 101, its address and port", () => {
    expect(negotiate(baresipAnswer())).toEqual({
      mediaIndex: 0, remoteAddress: "192.0.2.50", remotePort: 10634, remoteRtcpPort: 10635,
      codec: { name: "PCMU", clockRate: 8000, channels: 1 }, sendPayloadType: 0, receivePayloadType: 0,
      telephoneEvent: { sendPayloadType: 101, receivePayloadType: 101, events: "0-15" },
      ptimeMs: 20, direction: "sendrecv", remoteHold: false, profile: "RTP/AVP", remoteCrypto: [],
    });
  });

  it("the answerer's own payload type for telephone-event is what we send with; we still receive on ours", () => {
    const n = negotiate(baresipAnswer(["m=audio 10634 RTP/AVP 8 96", "a=rtpmap:96 telephone-event/8000", "a=fmtp:96 0-16"]));
    expect(n.codec.name).toBe("PCMA");
    expect(n.telephoneEvent).toEqual({ sendPayloadType: 96, receivePayloadType: 101, events: "0-16" });
  });

  it("several codecs in the answer: the answerer's first one that we offered; its ptime is what we send with", () => {
    const n = negotiate(baresipAnswer(["m=audio 10634 RTP/AVP 18 8 0", "a=rtpmap:18 G729/8000", "a=ptime:30"]));
    expect(n.codec.name).toBe("PCMA");
    expect(n.ptimeMs).toBe(30);
    expect(n.telephoneEvent).toBeUndefined();
  });

  it("answers to our hold offer: recvonly back means we only send; inactive back means nothing flows", () => {
    const holdOffer = createOffer({ ...ours, direction: "sendonly" });
    const recvonly = parseAnswer(baresipAnswer(["m=audio 10634 RTP/AVP 0", "a=recvonly"]), holdOffer);
    const inactive = parseAnswer(baresipAnswer(["m=audio 10634 RTP/AVP 0", "a=inactive"]), holdOffer);
    expect(recvonly.ok && recvonly.value.direction).toBe("sendonly");
    expect(inactive.ok && inactive.value.direction).toBe("inactive");
  });

  it("failures: audio rejected (port 0), m= line count differs, a codec we never offered, unparsable", () => {
    const reason = (answer: string) => {
      const r = parseAnswer(answer, offer);
      return r.ok ? "ok" : r.error.reason;
    };
    expect(reason(baresipAnswer(["m=audio 0 RTP/AVP 0"]))).toBe("audio-rejected");
    expect(reason(baresipAnswer(["m=audio 10634 RTP/AVP 0", "m=video 0 RTP/AVP 96"]))).toBe("mismatched-answer");
    expect(reason(baresipAnswer(["m=audio 10634 RTP/AVP 18", "a=rtpmap:18 G729/8000"]))).toBe("mismatched-answer");
    expect(reason("not sdp")).toBe("malformed");
  });

  it("round trip between two of our sessions: each side sends with the payload types the other receives on", () => {
    const peer: OfferOptions = { ...ours, address: "192.0.2.20", port: 50_000, codecs: [{ name: "PCMA", payloadType: 8, clockRate: 8000 }],
      telephoneEvent: { payloadType: 110, events: "0-15" }, origin: { sessionId: "5", sessionVersion: 7 } };
    const answered = createAnswer(offer, peer);
    if (!answered.ok) throw new Error(answered.error.detail);
    const mine = negotiate(answered.value.sdp);
    const theirs = answered.value.negotiated;
    expect(mine.codec).toEqual(theirs.codec);
    expect(mine.sendPayloadType).toBe(theirs.receivePayloadType);
    expect(mine.telephoneEvent?.sendPayloadType).toBe(theirs.telephoneEvent?.receivePayloadType);
    expect(mine.telephoneEvent?.events).toBe("0-15");
    expect([mine.remoteAddress, mine.remotePort, theirs.remoteAddress, theirs.remotePort]).toEqual(["192.0.2.20", 50_000, "192.0.2.10", 40_000]);
  });
});
