/**
 * The measuring helpers of the media interop tests and benchmark, on made-up audio: tone
 * onsets found to the sample in frames and in G.711 RTP on the wire (other payload types
 * ignored), the delay arithmetic, burst onsets in a stream whose tone crosses zero, and the
 * pairing of onsets across two points.
 * Not covered: real calls (media.test.ts), the figures themselves (bench/media.bench.ts).
 */
import { describe, expect, it } from "vitest";
import { BurstOnsets, pairDelays, summarize } from "../../bench/support/media-edges.js";
import { ToneGenerator } from "../../src/dsp/index.js";
import { PCMU } from "../../src/media/codec/index.js";
import { serializeRtp } from "../../src/media/rtp/index.js";
import { frameOnset, mouthToWireMs, segmentAfter, wireOnset, wireToEarMs } from "./support/media-measure.js";
import type { TimedFrame } from "./support/media-phone.js";
import type { RelayEvent } from "./support/relay.js";

const tone = (): ToneGenerator => new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);

/** Frames of 160 samples every 20 ms from `startMs`; the tone starts at sample `onset` overall. */
function frames(count: number, onset: number, startMs = 1000): TimedFrame[] {
  const all = new Int16Array(count * 160);
  all.set(tone().next(all.length - onset), onset);
  return Array.from({ length: count }, (_, i) => ({ atMs: startMs + 20 * i, frame: all.slice(160 * i, 160 * (i + 1)) }));
}

function rtpEvent(samples: Int16Array, atMs: number, payloadType: number = PCMU.payloadType): RelayEvent {
  const payload = new Uint8Array(samples.length);
  PCMU.encode(samples, payload);
  const data = Buffer.from(serializeRtp({
    marker: false, payloadType, sequenceNumber: 1, timestamp: 0, ssrc: 7, csrcs: [], extension: undefined, payload, paddingLength: 0,
  }));
  return { direction: "toLocal", channel: "rtp", stage: "in", data, atMs };
}

describe("tone onsets and delays", () => {
  it("finds the onset sample in frames and on the wire, skipping non-audio payloads", () => {
    // The tone starts at sample 37 with phase 0: sample 37 is 0, sample 38 the first loud one.
    const heard = frames(10, 3 * 160 + 37);
    expect(frameOnset(heard)).toEqual({ atMs: 1060, sampleIndex: 38, length: 160 });
    expect(frameOnset(heard, 1080)).toEqual({ atMs: 1080, sampleIndex: 0, length: 160 });
    const wire = heard.map((f) => rtpEvent(f.frame, f.atMs - 45));
    wire.splice(1, 0, rtpEvent(new Int16Array(160).fill(20000), 990, 101));
    expect(wireOnset(wire, "toLocal")).toEqual({ atMs: 1015, sampleIndex: 38, length: 160 });
    expect(wireOnset(wire, "toPeer")).toBeUndefined();
  });

  it("turns onsets into mouth→wire and wire→ear delays", () => {
    // Captured over the 20 ms before the send at 1000: sample 80 was taken at 990.
    expect(mouthToWireMs({ atMs: 1000, sampleIndex: 80, length: 160 }, { atMs: 1001, sampleIndex: 80, length: 160 })).toBe(11);
    // On the wire at 1000, played from a frame pulled at 1030 at sample 40 (5 ms in).
    expect(wireToEarMs({ atMs: 1000, sampleIndex: 40, length: 160 }, { atMs: 1030, sampleIndex: 40, length: 160 })).toBe(35);
  });

  it("cuts a stretch after an onset", () => {
    const heard = frames(20, 160);
    const stretch = segmentAfter(heard, frameOnset(heard)!, 40, 100);
    expect(stretch).toEqual(new Int16Array([...heard[3]!.frame, ...heard[4]!.frame, ...heard[5]!.frame, ...heard[6]!.frame, ...heard[7]!.frame]));
  });
});

describe("burst onsets", () => {
  it("marks each burst once, not each zero crossing, at its sample time", () => {
    const onsets = new BurstOnsets();
    const burst = tone();
    for (let second = 0; second < 3; second++) {
      const block = new Int16Array(8000);
      block.set(burst.next(4000), 100);
      onsets.feed(block, second * 1000, 1 / 8);
    }
    expect(onsets.onsetsMs.map((t) => Math.round(t))).toEqual([13, 1013, 2013]);
  });

  it("pairs each onset with the next one downstream, skipping those with none close enough", () => {
    expect(pairDelays([0, 1000, 2000, 3000], [30, 1040, 2900, 3025])).toEqual([30, 40, 25]);
    expect(summarize([30, 40, 25])).toEqual({ count: 3, mean: 95 / 3, median: 30, min: 25, max: 40 });
  });
});
