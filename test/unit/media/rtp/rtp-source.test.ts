/**
 * RtpSource with scripted sequence numbers and arrival times (RFC 3550 §A.1,
 * §A.3, §A.8): probation, the wrap at 65535 counted as a cycle, reordering,
 * duplicates, a jump that is dropped unless confirmed and a confirmed restart,
 * loss and fraction lost worked out by hand over two report intervals,
 * interarrival jitter worked out by hand, a timestamp jump kept out of the
 * jitter, and LSR/DLSR. Multi-source behaviour is in receiver.test.ts.
 */
import { describe, expect, it } from "vitest";
import { RtpSource, type SequenceVerdict } from "../../../../src/media/rtp/index.js";

function validated(firstSeq: number): RtpSource {
  const source = new RtpSource(0x1234, firstSeq, { clockRateHz: 8000 });
  expect(source.updateSequence(firstSeq)).toBe("probation");
  expect(source.updateSequence((firstSeq + 1) & 0xffff)).toBe("valid");
  return source;
}

function feed(source: RtpSource, seqs: number[]): SequenceVerdict[] {
  return seqs.map((s) => source.updateSequence(s));
}

describe("RtpSource sequence validation (RFC 3550 §A.1)", () => {
  it("keeps a source on probation until two packets arrive in sequence", () => {
    const source = new RtpSource(1, 500, { clockRateHz: 8000 });
    expect(feed(source, [500, 502, 503, 504])).toEqual(["probation", "probation", "valid", "valid"]);
    // Statistics start at the packet that ended probation (init_seq on 503).
    expect(source.stats()).toMatchObject({ received: 2, expected: 2, lost: 0 });
  });

  it("counts a cycle when the sequence number wraps from 65535 to 0", () => {
    const source = validated(65533);
    expect(feed(source, [65535, 0, 1])).toEqual(["valid", "valid", "valid"]);
    const stats = source.stats();
    expect(stats.extendedHighestSequence).toBe(65536 + 1);
    expect(stats.expected).toBe(4); // 65534, 65535, 0, 1
    expect([stats.received, stats.lost]).toEqual([4, 0]);
    expect(source.reportBlock(0).highestSequence).toBe(0x0001_0001);
  });

  it("accepts reordered packets without moving the highest sequence back", () => {
    const source = validated(10);
    expect(feed(source, [13, 12, 14])).toEqual(["valid", "valid", "valid"]);
    // Counting starts at 11 (the packet that ended probation): 11–14 all there.
    expect(source.stats()).toMatchObject({ extendedHighestSequence: 14, received: 4, expected: 4, lost: 0 });
  });

  it("drops duplicates and does not count them as received", () => {
    const source = validated(10);
    expect(feed(source, [12, 12, 11, 13, 11])).toEqual(["valid", "duplicate", "duplicate", "valid", "duplicate"]);
    expect(source.stats()).toMatchObject({ received: 3, expected: 3, lost: 0, duplicates: 3 });
  });

  it("spots a duplicate across the wrap", () => {
    const source = validated(65534);
    expect(feed(source, [0, 1, 65535, 0])).toEqual(["valid", "valid", "duplicate", "duplicate"]);
  });

  it("drops a single far jump that the next packet does not confirm", () => {
    const source = validated(100);
    expect(feed(source, [102, 40_000, 103])).toEqual(["valid", "bad-sequence", "valid"]);
    expect(source.stats()).toMatchObject({ extendedHighestSequence: 103, restarts: 0 });
  });

  it("restarts the statistics when a far jump is confirmed by the next packet (sender restarted)", () => {
    const source = validated(100);
    feed(source, [102, 103]);
    expect(feed(source, [40_000, 40_001, 40_002])).toEqual(["bad-sequence", "restarted", "valid"]);
    expect(source.stats()).toMatchObject({ restarts: 1, received: 2, expected: 2, lost: 0, extendedHighestSequence: 40_002 });
  });

  it("treats a packet far behind (beyond MAX_MISORDER) as a jump, not a late packet", () => {
    const source = validated(5000);
    expect(feed(source, [5002, 4800])).toEqual(["valid", "bad-sequence"]);
    expect(feed(source, [4950])).toEqual(["valid"]); // within MAX_MISORDER: late, counted
  });
});

describe("RtpSource loss (RFC 3550 §A.3)", () => {
  it("reports cumulative loss and the fraction lost per interval", () => {
    const source = validated(10); // base 11
    feed(source, [12, 14, 15, 16, 18, 19, 20]); // 13 and 17 missing
    const first = source.reportBlock(0);
    // expected 20 − 11 + 1 = 10, received 8: lost 2; fraction 2/10 · 256 = 51.2 → 51
    expect([first.cumulativeLost, first.fractionLost, first.highestSequence]).toEqual([2, 51, 20]);
    feed(source, [21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    const second = source.reportBlock(0);
    expect([second.cumulativeLost, second.fractionLost]).toEqual([2, 0]);
    feed(source, [31, 32, 35, 36]); // 33, 34 missing: 2 of 6
    const third = source.reportBlock(0);
    expect([third.cumulativeLost, third.fractionLost]).toEqual([4, Math.floor((2 * 256) / 6)]);
  });

  it("reports a late packet that fills a gap as recovered in the next interval", () => {
    const source = validated(10);
    feed(source, [12, 14]);
    expect(source.reportBlock(0).cumulativeLost).toBe(1);
    feed(source, [13, 15]);
    const block = source.reportBlock(0);
    expect([block.cumulativeLost, block.fractionLost]).toEqual([0, 0]);
  });
});

describe("RtpSource jitter (RFC 3550 §A.8)", () => {
  it("follows J += (|D| − J)/16 for a scripted arrival pattern", () => {
    const source = new RtpSource(1, 0, { clockRateHz: 8000 });
    // 20 ms packets (160 units); arrivals 0, 20, 45, 60, 90 ms = 0, 160, 360, 480, 720 units.
    // D = 0, +40, −40, +80  →  J = 0, 2.5, 4.84375, 9.541015625
    const arrivals = [0, 20, 45, 60, 90];
    const jitters = arrivals.map((ms, i) => {
      source.updateJitter(1000 + 160 * i, ms);
      return source.stats().jitter;
    });
    expect(jitters).toEqual([0, 0, 2.5, 4.84375, 9.541015625]);
    expect(source.reportBlock(0).jitter).toBe(10);
  });

  it("computes across the 32-bit timestamp wrap", () => {
    const source = new RtpSource(1, 0, { clockRateHz: 8000 });
    source.updateJitter(0xffffff60, 0);
    source.updateJitter(0x00000000, 20);
    source.updateJitter(0x000000a0, 45);
    expect(source.stats().jitter).toBe(2.5);
  });

  it("notes a timestamp jump and keeps it out of the estimate", () => {
    const source = new RtpSource(1, 0, { clockRateHz: 8000 });
    source.updateJitter(1000, 0);
    source.updateJitter(1160, 20);
    expect(source.updateJitter(900_000, 40)).toBe(true); // the sender's clock jumped
    expect(source.updateJitter(900_160, 60)).toBe(false);
    expect(source.stats()).toMatchObject({ jitter: 0, timestampJumps: 1 });
  });

  it("does not call the timestamp gap of a silence period a jump", () => {
    const source = new RtpSource(1, 0, { clockRateHz: 8000 });
    source.updateJitter(0, 0);
    expect(source.updateJitter(8000 * 5, 5000)).toBe(false); // 5 s of silence, timestamp advanced with time
    expect(source.stats().jitter).toBe(0);
  });
});

describe("RtpSource sender reports", () => {
  it("echoes the middle 32 bits of the last SR and the delay since it, in 1/65536 s", () => {
    const source = validated(1);
    expect(source.reportBlock(0)).toMatchObject({ lastSr: 0, delaySinceLastSr: 0 });
    source.noteSenderReport({ seconds: 0xe9e9_1234, fraction: 0x5678_9abc }, 10_000);
    expect(source.reportBlock(11_500)).toMatchObject({ lastSr: 0x1234_5678, delaySinceLastSr: 98_304 });
  });
});
