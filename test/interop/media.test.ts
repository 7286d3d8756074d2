/**
 * Media against a real far phone: our UA and MediaSession on one side, baresip (registered
 * to the test Kamailio as 2000) on the other, every call through Kamailio and through the
 * impairment relay (unimpaired here; it timestamps packets on the wire).
 * - We call baresip: its 1 kHz tone reaches our earpiece and our 600 Hz tone reaches its
 *   recording, each judged by frequency (±5 Hz) and level (±2 dB of the −10 dBm0 sent);
 *   mouth→wire and wire→ear delays of the tone onsets are measured and printed; RFC 4733
 *   digits we send are reported by baresip, and digits pressed on baresip are reported by us.
 * - baresip calls us: the same tone checks and delays the other way round.
 * Not covered here: impaired networks (media-impaired.test.ts), SRTP (media-srtp.test.ts),
 * SIP INFO and in-band digits toward baresip, codecs other than PCMU.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReceivedDigit } from "../../src/media/index.js";
import { eventually } from "./support/agent.js";
import {
  answerFarPhone, callFarPhone, checkBothTones, hearBothTones, OUR_TONE, reportDelays, startMediaPeers, type MediaPeers,
} from "./support/media-call.js";
import { OurPhone } from "./support/media-phone.js";

let peers: MediaPeers;

beforeAll(async () => {
  peers = await startMediaPeers();
});

afterAll(async () => {
  await peers?.stop();
});

describe("media with baresip through Kamailio", () => {
  it("we call baresip: tones both ways, delays measured, RFC 4733 digits both ways", async () => {
    const { baresip } = peers;
    const phone = await OurPhone.open({ tone: OUR_TONE, silenceMs: 400 });
    const since = performance.now();
    try {
      const { call, user, negotiated } = await callFarPhone(peers, phone);
      expect(negotiated.codec.name).toBe("PCMU");
      expect(negotiated.telephoneEvent).toBeDefined();
      const heard = await hearBothTones(phone);

      const digitsBaresipGot = baresip.receivedDigits().length;
      for (const [i, digit] of [..."1590#"].entries()) {
        expect(phone.session.sendDigit(digit, { durationMs: 160, method: "rfc4733" })).toEqual({ ok: true, value: "rfc4733" });
        await baresip.waitForDigits(digitsBaresipGot + i + 1);
      }
      expect(baresip.receivedDigits().slice(digitsBaresipGot).map((d) => d.digit).join("")).toBe("1590#");

      const ours: ReceivedDigit[] = [];
      phone.session.onDigit((d) => ours.push(d));
      await baresip.sendDigits("73*#", { durationMs: 200, gapMs: 100 });
      await eventually(async () => ours.length >= 4, "4 digits from baresip at our session", 10_000);
      expect(ours.map((d) => d.digit).join("")).toBe("73*#");
      for (const d of ours) expect(d.durationMs).toBeGreaterThanOrEqual(120);

      call.hangup();
      await user.when("ended");
      await checkBothTones(baresip, heard, since, "we called");
      reportDelays("we call baresip", phone, heard);
    } finally {
      await phone.close();
    }
  });

  it("baresip calls us: tones both ways, delays measured", async () => {
    const phone = await OurPhone.open({ tone: OUR_TONE, silenceMs: 400 });
    const since = performance.now();
    try {
      const { user, negotiated } = await answerFarPhone(peers, phone);
      expect(negotiated.codec.name).toBe("PCMU");
      const heard = await hearBothTones(phone);

      await peers.baresip.hangup();
      await user.when("ended");
      expect(user.end?.by).toBe("remote");
      await checkBothTones(peers.baresip, heard, since, "baresip called");
      reportDelays("baresip calls us", phone, heard);
    } finally {
      await phone.close();
    }
  });
});
