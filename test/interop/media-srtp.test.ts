/**
 * SRTP-mandatory calls with baresip (`mediaenc=srtp-mand`, SDES keys in a=crypto, RFC 4568)
 * through Kamailio, our side with SrtpPolicy "mandatory":
 * - we call baresip: the answer is RTP/SAVP with keys, packets on the wire both ways carry
 *   an SRTP auth tag (12 + 160 + 10 octets for AES_CM_128_HMAC_SHA1_80), baresip's SRTCP
 *   report is decrypted and read, the tones arrive each way by frequency and level, and an
 *   RFC 4733 digit we send is reported by baresip;
 * - baresip calls us: we answer its RTP/SAVP offer and the tones arrive each way.
 * Not covered: onset delays (the relay cannot read encrypted payloads), the _32 suite with
 * baresip, optional policy. The calls go through Kamailio's Record-Route: our INVITE with two
 * a=crypto lines passes 1300 bytes, so it goes over TCP (RFC 3261 §18.1.1), Kamailio
 * record-routes with ;transport=tcp, and our ACK and BYE must follow that hop on a UDP account.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRtp } from "../../src/media/rtp/index.js";
import { eventually } from "./support/agent.js";
import {
  answerFarPhone, callFarPhone, checkBothTones, hearBothTones, OUR_TONE, startMediaPeers, type MediaPeers,
} from "./support/media-call.js";
import { OurPhone } from "./support/media-phone.js";
import type { RelayDirection } from "./support/relay.js";

/** RTP header + 20 ms of G.711 + the 80-bit HMAC-SHA1 tag (RFC 3711 §4.2). */
const SRTP_AUDIO_OCTETS = 12 + 160 + 10;
let peers: MediaPeers;

beforeAll(async () => {
  peers = await startMediaPeers({ srtp: "mandatory" });
});

afterAll(async () => {
  await peers?.stop();
});

/** Sizes of the PCMU packets seen on the wire going `direction`. */
function audioPacketSizes(phone: OurPhone, direction: RelayDirection): Set<number> {
  const sizes = new Set<number>();
  for (const event of phone.wire) {
    if (event.direction !== direction) continue;
    const packet = parseRtp(event.data);
    if (packet.ok && packet.value.payloadType === 0) sizes.add(event.data.length);
  }
  return sizes;
}

describe("SRTP-mandatory media with baresip", () => {
  it("we call baresip: RTP/SAVP both ways, tones arrive, a digit is reported", async () => {
    const { baresip } = peers;
    const phone = await OurPhone.open({ tone: OUR_TONE, silenceMs: 400, srtp: "mandatory" });
    const since = performance.now();
    try {
      const { call, user, negotiated } = await callFarPhone(peers, phone);
      expect(negotiated.profile).toBe("RTP/SAVP");
      // We offer _80 first; RFC 4568 §5.1.2 has the answerer take the first it supports.
      expect(negotiated.srtp?.remote.suite).toBe("AES_CM_128_HMAC_SHA1_80");
      const heard = await hearBothTones(phone);

      // baresip's first RTCP report comes about 5 s into the call: SRTCP must decrypt too.
      await eventually(async () => phone.session.stats().rtcpReceived > 0, "an SRTCP report from baresip", 10_000);
      const before = baresip.receivedDigits().length;
      expect(phone.session.sendDigit("5", { durationMs: 160, method: "rfc4733" }).ok).toBe(true);
      const digits = await baresip.waitForDigits(before + 1);
      expect(digits[digits.length - 1]!.digit).toBe("5");

      call.hangup();
      await user.when("ended");
      await checkBothTones(baresip, heard, since, "SRTP, we called");
      expect([...audioPacketSizes(phone, "toLocal")]).toEqual([SRTP_AUDIO_OCTETS]);
      expect([...audioPacketSizes(phone, "toPeer")]).toEqual([SRTP_AUDIO_OCTETS]);
      expect(phone.session.stats().packetsReceived).toBeGreaterThan(100);
    } finally {
      await phone.close();
    }
  });

  it("baresip calls us: we answer its RTP/SAVP offer and the tones arrive", async () => {
    const phone = await OurPhone.open({ tone: OUR_TONE, silenceMs: 400, srtp: "mandatory" });
    const since = performance.now();
    try {
      const { user, negotiated, offer } = await answerFarPhone(peers, phone);
      expect(offer).toMatch(/^m=audio \d+ RTP\/SAVP /m);
      expect(offer).toMatch(/^a=crypto:/m);
      expect(negotiated.profile).toBe("RTP/SAVP");
      const heard = await hearBothTones(phone);

      await peers.baresip.hangup();
      await user.when("ended");
      await checkBothTones(peers.baresip, heard, since, "SRTP, baresip called");
      expect(phone.session.stats().packetsReceived).toBeGreaterThan(50);
    } finally {
      await phone.close();
    }
  });
});
