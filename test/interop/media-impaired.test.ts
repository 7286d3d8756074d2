/**
 * A call with baresip through Kamailio whose RTP crosses the impairment relay with a bad
 * network both ways (seeded: delay 30 ± 30 ms, 2 % loss, 1 % extra reordering, 1 %
 * duplicates): the tones still arrive each way, by frequency (±5 Hz) and level (±3 dB, loss
 * concealment allowed for), and the impairment really happened (the relay dropped and
 * reordered packets, our session counted losses). Our jitter buffer's figures are printed.
 * Not covered: the late-loss and buffering goals (bench/media.bench.ts measures them over
 * a longer call), SRTP.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NetworkProfile } from "../../src/media/jitter/testing/network-sim.js";
import { callFarPhone, checkBothTones, hearBothTones, OUR_TONE, reportDelays, startMediaPeers, type MediaPeers } from "./support/media-call.js";
import { OurPhone } from "./support/media-phone.js";

const BAD_NETWORK: Omit<NetworkProfile, "seed"> = { baseDelayMs: 30, jitterMs: 30, lossRate: 0.02, reorderRate: 0.01, duplicateRate: 0.01 };
let peers: MediaPeers;

beforeAll(async () => {
  peers = await startMediaPeers();
});

afterAll(async () => {
  await peers?.stop();
});

describe("media with baresip over an impaired network", () => {
  it("carries the tones both ways through 30 ms jitter, 2 % loss, reordering and duplicates", async () => {
    const phone = await OurPhone.open({
      tone: OUR_TONE,
      silenceMs: 400,
      impairment: { toLocal: { ...BAD_NETWORK, seed: 11 }, toPeer: { ...BAD_NETWORK, seed: 12 } },
    });
    const since = performance.now();
    try {
      const { call, user } = await callFarPhone(peers, phone);
      const heard = await hearBothTones(phone, 15_000);
      const stats = phone.session.stats();
      call.hangup();
      await user.when("ended");
      await checkBothTones(peers.baresip, heard, since, "impaired", 3);

      const toUs = phone.relay.counters("toLocal");
      const toPeer = phone.relay.counters("toPeer");
      console.log(
        `relay to us: ${toUs.received} in, ${toUs.lost} lost, ${toUs.duplicated} duplicated, ${toUs.outOfOrder} out of order; ` +
          `to baresip: ${toPeer.received} in, ${toPeer.lost} lost, ${toPeer.outOfOrder} out of order`,
      );
      console.log(
        `our session: lost ${stats.lost}, late ${stats.late}, concealed frames ${stats.concealedFrames}, ` +
          `jitter ${stats.jitterMs.toFixed(1)} ms, buffer ${stats.jitterBufferDelayMs.toFixed(1)} ms (target ${stats.jitterBufferTargetMs.toFixed(1)} ms)`,
      );
      expect(toUs.lost + toPeer.lost).toBeGreaterThan(0);
      expect(toUs.outOfOrder).toBeGreaterThan(0);
      expect(stats.packetsReceived).toBeGreaterThan(50);
      reportDelays("impaired, we call baresip", phone, heard);
    } finally {
      await phone.close();
    }
  });
});
