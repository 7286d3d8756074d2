/**
 * createAnswer (RFC 3264 §6) against realistic offers: codec choice by our
 * preference with the offer's payload type numbers, telephone-event with its
 * own payload type and the common event list, ptime, direction rules for hold
 * (sendonly, inactive, c=0.0.0.0), rejected streams (video, T.38, a second
 * audio stream, SRTP without keys), multiple m= lines, and hostile input.
 * createOffer's output is checked in offer.test.ts; SRTP keys themselves are
 * the SRTP layer's business.
 */
import { parse } from "sdp-transform";
import { describe, expect, it } from "vitest";
import { createAnswer, type AnswerOptions } from "../../../../src/media/sdp/index.js";
import { SdesNegotiator } from "../../../../src/media/srtp/index.js";
import { seededRandom } from "../../../../src/media/jitter/testing/network-sim.js";
import * as samples from "./samples.js";

const local: AnswerOptions = {
  address: "192.0.2.10",
  port: 40_000,
  codecs: [{ name: "PCMU", payloadType: 0, clockRate: 8000 }, { name: "PCMA", payloadType: 8, clockRate: 8000 }],
  telephoneEvent: { payloadType: 101, events: "0-16" },
  ptimeMs: 20,
  origin: { sessionId: "4242", sessionVersion: 1 },
};

function answer(offer: string, options: Partial<AnswerOptions> = {}) {
  const result = createAnswer(offer, { ...local, ...options });
  if (!result.ok) throw new Error(`expected an answer, got ${result.error.reason}: ${result.error.detail}`);
  return { ...result.value, parsed: parse(result.value.sdp) };
}

describe("createAnswer", () => {
  it("baresip offer: our first codec it supports (PCMU, not its opus), telephone-event at 8000 with its payload type", () => {
    const a = answer(samples.BARESIP_OFFER);
    expect(a.sdp).toContain("m=audio 40000 RTP/AVP 0 102\r\n");
    expect(a.sdp).toContain("a=rtpmap:102 telephone-event/8000\r\na=fmtp:102 0-15\r\n");
    expect(a.sdp).toContain("c=IN IP4 192.0.2.10\r\n");
    expect(a.sdp).toContain("o=- 4242 1 IN IP4 192.0.2.10\r\n");
    expect(a.sdp).toContain("a=ptime:20\r\na=sendrecv\r\n");
    expect(a.negotiated).toEqual({
      mediaIndex: 0, remoteAddress: "192.0.2.50", remotePort: 10634, remoteRtcpPort: 10635,
      codec: { name: "PCMU", clockRate: 8000, channels: 1 }, sendPayloadType: 0, receivePayloadType: 0,
      telephoneEvent: { sendPayloadType: 102, receivePayloadType: 102, events: "0-15" },
      ptimeMs: 20, direction: "sendrecv", remoteHold: false, profile: "RTP/AVP", remoteCrypto: [],
    });
  });

  it("Asterisk offer with many codecs: local preference wins over the offer's order", () => {
    expect(answer(samples.ASTERISK_OFFER).negotiated.codec.name).toBe("PCMU");
    const pcmaFirst = answer(samples.ASTERISK_OFFER, { codecs: [...local.codecs].reverse() });
    expect(pcmaFirst.sdp).toContain("m=audio 40000 RTP/AVP 8 101\r\n");
    expect(pcmaFirst.negotiated.telephoneEvent?.events).toBe("0-16");
  });

  it("mirrors the offer's payload type number for a dynamic codec, and keeps its fmtp", () => {
    const a = answer(samples.ASTERISK_OFFER, { codecs: [{ name: "g726-32", payloadType: 112, clockRate: 8000 }] });
    expect(a.sdp).toContain("m=audio 40000 RTP/AVP 111 101\r\n");
    expect(a.sdp).toContain("a=rtpmap:111 G726-32/8000\r\n");
    expect(a.negotiated.sendPayloadType).toBe(111);
    expect(a.negotiated.receivePayloadType).toBe(111);
  });

  it("hold re-INVITE with a=sendonly is answered recvonly; the peer has put us on hold", () => {
    const a = answer(samples.ASTERISK_HOLD_REOFFER);
    expect(a.parsed.media[0]!.direction).toBe("recvonly");
    expect(a.negotiated.direction).toBe("recvonly");
    expect(a.negotiated.remoteHold).toBe(true);
  });

  it("direction rules: recvonly → sendonly, inactive → inactive, and our own hold narrows sendrecv", () => {
    const dir = (offerDir: string, ours?: AnswerOptions["direction"]) =>
      answer(samples.ASTERISK_OFFER.replace("a=sendrecv", `a=${offerDir}`), ours ? { direction: ours } : {}).negotiated.direction;
    expect(dir("recvonly")).toBe("sendonly");
    expect(dir("inactive")).toBe("inactive");
    expect(dir("sendrecv", "sendonly")).toBe("sendonly");
    expect(dir("sendonly", "sendonly")).toBe("inactive");
    expect(dir("recvonly", "recvonly")).toBe("inactive");
  });

  it("a session-level direction applies to an m= line without its own", () => {
    const offer = samples.NULL_ADDRESS_HOLD.replace("c=IN IP4 0.0.0.0", "c=IN IP4 192.0.2.77").replace("t=0 0\r\n", "t=0 0\r\na=inactive\r\n");
    expect(answer(offer).negotiated.direction).toBe("inactive");
    expect(answer(offer).sdp).toContain("a=inactive\r\n");
  });

  it("c=0.0.0.0 (RFC 2543 hold): we must not send; our answer still carries our real address", () => {
    const a = answer(samples.NULL_ADDRESS_HOLD);
    expect(a.negotiated.remoteAddress).toBe("0.0.0.0");
    expect(a.negotiated.remoteHold).toBe(true);
    expect(a.negotiated.direction).toBe("recvonly");
    expect(a.sdp).toContain("c=IN IP4 192.0.2.10\r\n");
    expect(a.sdp).toContain("a=recvonly\r\n");
  });

  it("audio + video: video is rejected with port 0 and its formats; audio uses its media-level c= and a=rtcp", () => {
    const a = answer(samples.AUDIO_VIDEO_OFFER);
    expect(a.parsed.media).toHaveLength(2);
    expect(a.sdp).toContain("m=video 0 RTP/AVP 96 97\r\n");
    expect(a.negotiated.remoteAddress).toBe("198.51.100.21");
    expect(a.negotiated.remoteRtcpPort).toBe(7079);
    // telephone-event without a=fmtp means 0-15 (RFC 4733 §7.1.1).
    expect(a.negotiated.telephoneEvent?.events).toBe("0-15");
  });

  it("video, T.38 and audio over IPv6: two rejected streams in place, static payload types without rtpmap, peer ptime", () => {
    const a = answer(samples.VIDEO_FAX_AUDIO_OFFER, { address: "2001:db8::10" });
    const kinds = a.parsed.media.map((m) => `${m.type} ${m.port} ${m.protocol}`);
    expect(kinds).toEqual(["video 0 RTP/AVP", "image 0 udptl", "audio 40000 RTP/AVP"]);
    expect(a.sdp).toContain("m=image 0 udptl t38\r\n");
    expect(a.sdp).toContain("c=IN IP6 2001:db8::10\r\n");
    expect(a.negotiated).toMatchObject({ mediaIndex: 2, remoteAddress: "2001:db8::5", codec: { name: "PCMU" }, ptimeMs: 30 });
    expect(a.negotiated.telephoneEvent).toBeUndefined();
    expect(a.sdp).not.toContain("telephone-event");
  });

  it("an RTP/SAVP stream is rejected without SRTP keys; the next audio stream is taken", () => {
    const a = answer(samples.SRTP_THEN_RTP_OFFER);
    expect(a.sdp).toContain("m=audio 0 RTP/SAVP 0 101\r\n");
    expect(a.sdp).toContain("m=audio 40000 RTP/AVP 0 101\r\n");
    expect(a.negotiated.mediaIndex).toBe(1);
    expect(a.negotiated.profile).toBe("RTP/AVP");
  });

  it("with SRTP keys the RTP/SAVP stream is taken, our a=crypto written, theirs passed through; the second audio is rejected", () => {
    const srtp = new SdesNegotiator({ policy: "optional", random: () => Buffer.from("WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz", "base64") });
    const a = answer(samples.SRTP_THEN_RTP_OFFER, { srtp });
    expect(a.sdp).toContain("m=audio 40000 RTP/SAVP 0 101\r\n");
    expect(a.sdp).toContain("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz\r\n");
    expect(a.sdp).toContain("m=audio 0 RTP/AVP 0 101\r\n");
    expect(a.negotiated.profile).toBe("RTP/SAVP");
    expect(a.negotiated.remoteCrypto).toEqual([
      { tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyParams: "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32" },
    ]);
    // No keys on a plain RTP/AVP answer to a plain offer.
    expect(answer(samples.BARESIP_OFFER, { srtp }).sdp).not.toContain("a=crypto");
  });

  it("no common codec: a failure to answer with 488, naming what was offered", () => {
    const result = createAnswer(samples.ASTERISK_OFFER, { ...local, codecs: [{ name: "AMR", payloadType: 98, clockRate: 8000 }] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.reason).toBe("no-acceptable-audio");
    expect(result.error.detail).toContain("no common codec");
    expect(result.error.detail).toContain("G729/8000");
  });

  it("a stream the offer disabled (port 0) is answered with port 0", () => {
    const result = createAnswer(samples.BARESIP_OFFER.replace("m=audio 10634", "m=audio 0"), local);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.detail).toContain("port 0 in the offer");
  });

  it("hostile input gives a malformed failure, never an exception", () => {
    for (const bad of ["", "hello", "v=0\r\n", "v=1\r\no=- 1 1 IN IP4 1.2.3.4\r\n", "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\nm=audio 99999999 RTP/AVP 0\r\n"]) {
      const result = createAnswer(bad, local);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.reason).toMatch(/malformed|no-acceptable-audio/);
    }
  });

  it("survives 2,000 random mutations of the samples", () => {
    const random = seededRandom(2026);
    const all = Object.values(samples);
    for (let i = 0; i < 2000; i++) {
      const text = all[Math.floor(random() * all.length)]!;
      const chars = [...text];
      for (let k = 0; k < 1 + Math.floor(random() * 8); k++) {
        const at = Math.floor(random() * chars.length);
        chars[at] = String.fromCharCode(Math.floor(random() * 128));
      }
      expect(() => createAnswer(chars.join(""), local)).not.toThrow();
    }
  });
});
