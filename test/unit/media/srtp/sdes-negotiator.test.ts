/**
 * SDES negotiation for one call (RFC 4568 §5) and the protector built from its
 * result: our offer lines (one fresh key per suite, kept across re-offers),
 * the answerer's choice of the first offered line it supports (skipping
 * unknown suites, bad keys and session parameters it does not honour), the
 * offerer's check of the answer's line, createSdesProtector carrying audio
 * both ways with each side's own key, and contexts kept when a key is
 * negotiated again. The policy inside SDP offer/answer is
 * in test/unit/media/sdp/srtp-policy.test.ts.
 */
import { describe, expect, it } from "vitest";
import { serializeRtp } from "../../../../src/media/rtp/index.js";
import type { CryptoAttribute, SdesChoice } from "../../../../src/media/sdp/index.js";
import { createSdesProtector, SdesNegotiator, type SrtpSession } from "../../../../src/media/srtp/index.js";

const KEY40 = "PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR";

function chosen(choice: SdesChoice | string): SdesChoice {
  if (typeof choice === "string") throw new Error(choice);
  return choice;
}

function protector(local: CryptoAttribute, remote: CryptoAttribute): SrtpSession {
  const result = createSdesProtector(local, remote);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const rtp = (seq: number, ssrc: number): Uint8Array => new Uint8Array(serializeRtp({
  marker: false, payloadType: 0, sequenceNumber: seq, timestamp: seq * 160, ssrc, csrcs: [], extension: undefined,
  payload: new Uint8Array(160).fill(seq & 0xff), paddingLength: 0,
}));

describe("SdesNegotiator", () => {
  it("offers one line per suite, _80 first, each with its own fresh key, the same on every re-offer", () => {
    const negotiator = new SdesNegotiator({ policy: "optional" });
    const offer = negotiator.offer();
    expect(offer.map((l) => [l.tag, l.suite])).toEqual([[1, "AES_CM_128_HMAC_SHA1_80"], [2, "AES_CM_128_HMAC_SHA1_32"]]);
    expect(offer[0]!.keyParams).toMatch(/^inline:[A-Za-z0-9+/]{40}$/);
    expect(offer[0]!.keyParams).not.toBe(offer[1]!.keyParams);
    expect(negotiator.offer()).toEqual(offer);
    expect(new SdesNegotiator({ policy: "optional" }).offer()[0]).not.toEqual(offer[0]);
    expect(new SdesNegotiator({ policy: "mandatory", suites: ["AES_CM_128_HMAC_SHA1_32"] }).offer().map((l) => l.suite)).toEqual(["AES_CM_128_HMAC_SHA1_32"]);
  });

  it("answers the first offered line it supports, under the offer's tag, and says why it skipped the others", () => {
    const ours = new SdesNegotiator({ policy: "mandatory" });
    const offered: CryptoAttribute[] = [
      { tag: 1, suite: "AEAD_AES_256_GCM", keyParams: `inline:${KEY40}${KEY40}` },
      { tag: 2, suite: "AES_CM_128_HMAC_SHA1_80", keyParams: `inline:${KEY40}`, sessionParams: "UNENCRYPTED_SRTCP" },
      { tag: 3, suite: "AES_CM_128_HMAC_SHA1_32", keyParams: `inline:${KEY40}|2^31` },
      { tag: 4, suite: "AES_CM_128_HMAC_SHA1_80", keyParams: `inline:${KEY40}` },
    ];
    const choice = chosen(ours.answer(offered));
    expect(choice.remote).toBe(offered[2]);
    expect(choice.local).toEqual({ ...ours.offer()[1], tag: 3 });
    expect(ours.answer(offered.slice(0, 2))).toBe(
      "tag 1: unknown crypto suite AEAD_AES_256_GCM; tag 2: session parameter UNENCRYPTED_SRTCP is not supported",
    );
    expect(new SdesNegotiator({ policy: "optional", suites: ["AES_CM_128_HMAC_SHA1_80"] }).answer([offered[2]!])).toBe(
      "tag 3: AES_CM_128_HMAC_SHA1_32 is not enabled here",
    );
    expect(ours.answer([])).toBe("no a=crypto line");
  });

  it("accepts an answer line with one of our tags and its suite; refuses anything else", () => {
    const ours = new SdesNegotiator({ policy: "optional" });
    const offered = ours.offer();
    const answer = { tag: 2, suite: "AES_CM_128_HMAC_SHA1_32", keyParams: `inline:${KEY40}` };
    expect(chosen(ours.accept(offered, [answer]))).toEqual({ local: offered[1], remote: answer });
    expect(ours.accept(offered, [])).toBe("0 a=crypto lines in the answer, expected one");
    expect(ours.accept(offered, [answer, answer])).toBe("2 a=crypto lines in the answer, expected one");
    expect(ours.accept(offered, [{ ...answer, tag: 9 }])).toBe("tag 9 was not offered");
    expect(ours.accept(offered, [{ ...answer, suite: "AES_CM_128_HMAC_SHA1_80" }])).toBe(
      "tag 2 offered AES_CM_128_HMAC_SHA1_32, answered AES_CM_128_HMAC_SHA1_80",
    );
    expect(ours.accept(offered, [{ ...answer, keyParams: "inline:short" }])).toMatch(/not base64|needs 30 octets/);
  });
});

describe("createSdesProtector", () => {
  it("each side sends with its own key and receives with the other's: audio crosses both ways, RTP and RTCP", () => {
    const alice = new SdesNegotiator({ policy: "mandatory" });
    const bob = new SdesNegotiator({ policy: "mandatory" });
    const answered = chosen(bob.answer(alice.offer()));
    const agreed = chosen(alice.accept(alice.offer(), [answered.local]));
    const a = protector(agreed.local, agreed.remote);
    const b = protector(answered.local, answered.remote);

    for (let seq = 65_530; seq < 65_546; seq++) {
      const toBob = rtp(seq & 0xffff, 0xa11ce);
      const toAlice = rtp((seq + 1000) & 0xffff, 0xb0b);
      expect(b.unprotectRtp(a.protectRtp(toBob))).toEqual(toBob);
      expect(a.unprotectRtp(b.protectRtp(toAlice))).toEqual(toAlice);
    }
    const bye = new Uint8Array([0x81, 0xcb, 0, 1, 0, 0x0a, 0x11, 0xce]);
    expect(b.unprotectRtcp(a.protectRtcp(bye))).toEqual(bye);
    // Alice's own packets do not authenticate under the key Alice receives with.
    expect(a.unprotectRtp(a.protectRtp(rtp(1, 0xa11ce)))).toBeUndefined();
    expect(a.stats.authenticationFailures).toBe(1);
    expect(b.stats).toEqual({ authenticationFailures: 0, replayed: 0, malformed: 0 });
  });

  it("a re-negotiated key keeps its context: after a hold/resume re-INVITE our RTCP index goes on and the peer takes it", () => {
    const alice = new SdesNegotiator({ policy: "mandatory" });
    const bob = new SdesNegotiator({ policy: "mandatory" });
    const bobKeys = chosen(bob.answer(alice.offer()));
    const aliceKeys = chosen(alice.accept(alice.offer(), [bobKeys.local]));
    const bobSide = protector(bobKeys.local, bobKeys.remote);
    const rr = new Uint8Array([0x80, 0xc9, 0, 1, 0, 0x0a, 0x11, 0xce]);
    const first = alice.protector(aliceKeys);
    if (!first.ok) throw new Error(first.error);
    expect(bobSide.unprotectRtcp(first.value.protectRtcp(rr))).toEqual(rr);

    const resumed = alice.protector(chosen(alice.accept(alice.offer(), [{ ...bobKeys.local }])));
    if (!resumed.ok) throw new Error(resumed.error);
    const again = resumed.value.protectRtcp(rr);
    expect(Buffer.from(again.subarray(8, 12)).toString("hex")).toBe("80000001");
    expect(bobSide.unprotectRtcp(again)).toEqual(rr);
    // A protector built afresh from the same keys would restart at index 0, reusing keystream; the peer drops it.
    expect(bobSide.unprotectRtcp(protector(aliceKeys.local, aliceKeys.remote).protectRtcp(rr))).toBeUndefined();
    expect(bobSide.stats.replayed).toBe(1);
  });

  it("refuses lines it cannot use, saying whose", () => {
    const line = { tag: 1, suite: "AES_CM_128_HMAC_SHA1_80", keyParams: `inline:${KEY40}` };
    const fail = (local: CryptoAttribute, remote: CryptoAttribute): string => {
      const result = createSdesProtector(local, remote);
      return result.ok ? "ok" : result.error;
    };
    expect(fail(line, line)).toBe("ok");
    expect(fail({ ...line, keyParams: "inline:AAAA" }, line)).toMatch(/^our a=crypto: .*needs 30 octets/);
    expect(fail(line, { ...line, suite: "NULL" })).toBe("their a=crypto: unknown crypto suite NULL");
    expect(fail(line, { ...line, suite: "AES_CM_128_HMAC_SHA1_32" })).toBe("suites differ: ours AES_CM_128_HMAC_SHA1_80, theirs AES_CM_128_HMAC_SHA1_32");
  });
});
