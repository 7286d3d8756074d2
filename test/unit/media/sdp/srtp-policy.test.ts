/**
 * SRTP in offer/answer under the account policy (off | optional | mandatory),
 * with the real SdesNegotiator: the offer's profile and a=crypto lines, which
 * offers we answer (SAVP, best-effort crypto on AVP, plain) and how, which
 * answers we take, a=crypto lines read whole (every session parameter, which
 * sdp-transform would cut to the first), and a full call between two
 * SdpSessions whose negotiated keys carry audio both ways through
 * createSdesProtector, keys kept across a re-offer. Key-line syntax and the
 * SRTP packet layer are tested under test/unit/media/srtp/.
 */
import { describe, expect, it } from "vitest";
import { serializeRtp } from "../../../../src/media/rtp/index.js";
import { createAnswer, createOffer, parseAnswer, SdpSession, type MediaOptions, type OfferOptions, type SrtpPolicy } from "../../../../src/media/sdp/index.js";
import { createSdesProtector, SdesNegotiator } from "../../../../src/media/srtp/index.js";
import { BARESIP_OFFER } from "./samples.js";

const KEY40 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";
const crlf = (lines: string[]): string => lines.join("\r\n") + "\r\n";

function offerWith(profile: string, crypto: string[]): string {
  return crlf(["v=0", "o=- 55 1 IN IP4 192.0.2.60", "s=-", "c=IN IP4 192.0.2.60", "t=0 0", `m=audio 16000 ${profile} 0 8 101`,
    "a=rtpmap:0 PCMU/8000", "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16", ...crypto, "a=sendrecv"]);
}

/** A mandatory-SRTP phone: suites we lack first, then ours. */
const SAVP_OFFER = offerWith("RTP/SAVP", [
  `a=crypto:1 AEAD_AES_256_GCM inline:${KEY40}${KEY40}`,
  `a=crypto:2 AES_256_CM_HMAC_SHA1_80 inline:${KEY40}${KEY40}`,
  `a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:${KEY40}|2^31`,
  `a=crypto:4 AES_CM_128_HMAC_SHA1_32 inline:${KEY40}|2^31`,
]);
/** Best-effort SRTP: keys offered on plain RTP/AVP. */
const AVP_CRYPTO_OFFER = offerWith("RTP/AVP", [`a=crypto:7 AES_CM_128_HMAC_SHA1_32 inline:${KEY40}`]);
const AVP_BAD_CRYPTO_OFFER = offerWith("RTP/AVP", [`a=crypto:7 AES_CM_128_HMAC_SHA1_32 inline:${KEY40} WSH=64 UNENCRYPTED_SRTP`]);
const SAVP_BAD_CRYPTO_OFFER = offerWith("RTP/SAVP", [`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY40.slice(4)}`]);

const local = (policy: SrtpPolicy): OfferOptions => ({
  address: "192.0.2.10",
  port: 40_000,
  codecs: [{ name: "PCMU", payloadType: 0, clockRate: 8000 }],
  telephoneEvent: { payloadType: 101, events: "0-16" },
  origin: { sessionId: "1", sessionVersion: 1 },
  srtp: new SdesNegotiator({ policy }),
});

const cryptoLines = (sdp: string): string[] => sdp.split("\r\n").filter((l) => l.startsWith("a=crypto:"));
const mLine = (sdp: string): string | undefined => sdp.split("\r\n").find((l) => l.startsWith("m=audio"));

describe("our offer", () => {
  it("off: RTP/AVP without keys; optional: RTP/AVP with keys; mandatory: RTP/SAVP with keys", () => {
    const { srtp: _none, ...plain } = local("off");
    expect([mLine(createOffer(plain)), cryptoLines(createOffer(plain)).length]).toEqual(["m=audio 40000 RTP/AVP 0 101", 0]);
    expect([mLine(createOffer(local("off"))), cryptoLines(createOffer(local("off"))).length]).toEqual(["m=audio 40000 RTP/AVP 0 101", 0]);
    expect([mLine(createOffer(local("optional"))), cryptoLines(createOffer(local("optional"))).length]).toEqual(["m=audio 40000 RTP/AVP 0 101", 2]);
    expect([mLine(createOffer(local("mandatory"))), cryptoLines(createOffer(local("mandatory"))).length]).toEqual(["m=audio 40000 RTP/SAVP 0 101", 2]);
  });
});

describe("answering", () => {
  /** The answer's m= line and crypto tags, or the failure's reason and detail. */
  function outcome(offer: string, policy: SrtpPolicy): string {
    const result = createAnswer(offer, local(policy));
    if (!result.ok) return `${result.error.reason}: ${result.error.detail}`;
    const { sdp, negotiated } = result.value;
    const keys = negotiated.srtp ? ` keys ${negotiated.srtp.local.tag}/${negotiated.srtp.local.suite}` : " plain";
    expect(cryptoLines(sdp).length).toBe(negotiated.srtp ? 1 : 0);
    return `${mLine(sdp)}${keys}`;
  }

  it("an RTP/SAVP offer: refused with policy off (488), taken with the first suite we support otherwise", () => {
    expect(outcome(SAVP_OFFER, "off")).toBe("no-acceptable-audio: m-line 0: RTP/SAVP offered, SRTP is off here");
    expect(outcome(SAVP_OFFER, "optional")).toBe("m=audio 40000 RTP/SAVP 0 101 keys 3/AES_CM_128_HMAC_SHA1_80");
    expect(outcome(SAVP_OFFER, "mandatory")).toBe("m=audio 40000 RTP/SAVP 0 101 keys 3/AES_CM_128_HMAC_SHA1_80");
  });

  it("keys on RTP/AVP (best effort): ignored with policy off, used otherwise", () => {
    expect(outcome(AVP_CRYPTO_OFFER, "off")).toBe("m=audio 40000 RTP/AVP 0 101 plain");
    expect(outcome(AVP_CRYPTO_OFFER, "optional")).toBe("m=audio 40000 RTP/AVP 0 101 keys 7/AES_CM_128_HMAC_SHA1_32");
    expect(outcome(AVP_CRYPTO_OFFER, "mandatory")).toBe("m=audio 40000 RTP/AVP 0 101 keys 7/AES_CM_128_HMAC_SHA1_32");
  });

  it("a plain offer: taken unless SRTP is mandatory (488)", () => {
    expect(outcome(BARESIP_OFFER, "optional")).toBe("m=audio 40000 RTP/AVP 0 102 plain");
    expect(outcome(BARESIP_OFFER, "mandatory")).toBe("no-acceptable-audio: m-line 0: plain RTP offered, SRTP is mandatory here");
  });

  it("keys we cannot use: plain RTP on a best-effort offer when optional, refused on SAVP or when mandatory", () => {
    expect(outcome(AVP_BAD_CRYPTO_OFFER, "optional")).toBe("m=audio 40000 RTP/AVP 0 101 plain");
    expect(outcome(AVP_BAD_CRYPTO_OFFER, "mandatory")).toBe(
      "no-acceptable-audio: m-line 0: no usable a=crypto (tag 7: session parameter UNENCRYPTED_SRTP is not supported)",
    );
    expect(outcome(SAVP_BAD_CRYPTO_OFFER, "optional")).toMatch(/^no-acceptable-audio: m-line 0: no usable a=crypto \(tag 1: .*needs 30 octets/);
    expect(outcome(offerWith("RTP/SAVP", []), "optional")).toBe("no-acceptable-audio: m-line 0: RTP/SAVP offered without a=crypto");
  });

  it("reads every session parameter and odd a=crypto lines without throwing", () => {
    const result = createAnswer(offerWith("RTP/AVP", ["a=crypto:", "a=crypto:x AES_CM_128_HMAC_SHA1_80", "a=crypto:9  AES_CM_128_HMAC_SHA1_80  inline:" + KEY40 + "  KDR=0  WSH=64 "]), local("mandatory"));
    expect(result.ok && result.value.negotiated.srtp?.remote).toEqual({ tag: 9, suite: "AES_CM_128_HMAC_SHA1_80", keyParams: `inline:${KEY40}`, sessionParams: "KDR=0  WSH=64" });
    expect(result.ok && result.value.negotiated.remoteCrypto.length).toBe(3);
  });
});

describe("taking the answer to our offer", () => {
  function answerTo(profile: string, crypto: string[]): string {
    return offerWith(profile, crypto).replace("o=- 55 1", "o=- 56 1");
  }

  it("optional: a plain answer gives plain RTP, an answer with our tag and suite gives SRTP", () => {
    const options = local("optional");
    const offer = createOffer(options);
    const plain = parseAnswer(answerTo("RTP/AVP", []), offer, options.srtp);
    expect(plain.ok && plain.value.srtp).toBeUndefined();
    const keyed = parseAnswer(answerTo("RTP/AVP", [`a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:${KEY40}`]), offer, options.srtp);
    expect(keyed.ok && keyed.value.srtp?.local).toEqual(options.srtp!.offer()[1]);
  });

  it("mandatory: a plain answer, or keys that do not fit the offer, are refused", () => {
    const options = local("mandatory");
    const offer = createOffer(options);
    const failure = (answer: string): string => {
      const result = parseAnswer(answer, offer, options.srtp);
      return result.ok ? "taken" : `${result.error.reason}: ${result.error.detail}`;
    };
    expect(failure(answerTo("RTP/AVP", []))).toBe("mismatched-answer: SRTP is mandatory: the answer has no a=crypto");
    expect(failure(answerTo("RTP/SAVP", [`a=crypto:5 AES_CM_128_HMAC_SHA1_80 inline:${KEY40}`]))).toBe(
      "mismatched-answer: the answer's a=crypto does not fit our offer (tag 5 was not offered)",
    );
    expect(failure(answerTo("RTP/SAVP", [`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY40}`]))).toBe("taken");
  });

  it("off: keys in an answer are ignored", () => {
    const options = local("off");
    const offer = createOffer(options);
    const result = parseAnswer(answerTo("RTP/AVP", [`a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:${KEY40}`]), offer, options.srtp);
    expect(result.ok && result.value.srtp).toBeUndefined();
  });
});

describe("a call between two SdpSessions", () => {
  it("mandatory offerer, optional answerer: both get SRTP, audio crosses both ways, and a re-offer keeps the keys", () => {
    const media = (port: number, policy: SrtpPolicy): MediaOptions => ({
      address: "192.0.2.10", port, codecs: [{ name: "PCMA", payloadType: 8, clockRate: 8000 }], srtp: new SdesNegotiator({ policy }),
    });
    const aliceMedia = media(40_000, "mandatory");
    const bobMedia = media(50_000, "optional");
    const alice = new SdpSession();
    const bob = new SdpSession();
    const offer = alice.createOffer(aliceMedia);
    const answered = bob.createAnswer(offer, bobMedia);
    if (!answered.ok) throw new Error(answered.error.detail);
    const applied = alice.applyAnswer(answered.value.sdp);
    if (!applied.ok) throw new Error(applied.error.detail);
    const aliceKeys = applied.value.srtp!;
    const bobKeys = answered.value.negotiated.srtp!;
    expect(aliceKeys.local).toEqual(bobKeys.remote);
    expect(aliceKeys.remote).toEqual(bobKeys.local);

    const a = createSdesProtector(aliceKeys.local, aliceKeys.remote);
    const b = createSdesProtector(bobKeys.local, bobKeys.remote);
    if (!a.ok || !b.ok) throw new Error("no protector");
    const packet = (seq: number, ssrc: number): Uint8Array => new Uint8Array(serializeRtp({
      marker: false, payloadType: 8, sequenceNumber: seq, timestamp: seq * 160, ssrc, csrcs: [], extension: undefined, payload: new Uint8Array(160).fill(0xd5), paddingLength: 0,
    }));
    expect(b.value.unprotectRtp(a.value.protectRtp(packet(1, 0xa)))).toEqual(packet(1, 0xa));
    expect(a.value.unprotectRtp(b.value.protectRtp(packet(9, 0xb)))).toEqual(packet(9, 0xb));

    const reoffer = alice.createOffer(aliceMedia);
    expect(cryptoLines(reoffer)).toEqual(cryptoLines(offer));
    expect(alice.sessionVersion).toBe(1);
  });
});
