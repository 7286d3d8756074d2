/**
 * AdaptiveJitterBuffer with hand-scripted packets and playout ticks (every
 * 20 ms, at t ≡ 5 mod 20): in-order playout and the start rule, reordering
 * repaired, duplicates dropped, late versus lost, sequence and timestamp wrap,
 * SSRC change and timestamp jumps (resync), DTX gaps, comfort noise, growth on
 * a late packet and the bounds. Adaptation under random network conditions is
 * in jitter-adaptation.test.ts.
 */
import { describe as suite, expect, it } from "vitest";
import { AdaptiveJitterBuffer } from "../../../../src/media/jitter/index.js";
import { describe, packet, SPF } from "./helpers.js";

/** Pushes every packet whose arrival is before each tick, pulls, and returns the frames played. */
function run(buffer: AdaptiveJitterBuffer, packets: ReturnType<typeof packet>[], ticks: number, firstTickMs = 5): (string | number)[] {
  const pending = [...packets].sort((a, b) => a.arrivalMs - b.arrivalMs);
  const out: (string | number)[] = [];
  for (let i = 0; i < ticks; i++) {
    const now = firstTickMs + i * 20;
    while (pending.length > 0 && pending[0]!.arrivalMs <= now) buffer.push(pending.shift()!);
    out.push(describe(buffer.pull(now)));
  }
  return out;
}

/** n packets from `first`, 20 ms apart, arriving at 20·i + offset. */
function stream(n: number, options: { seq?: number; ts?: number; offsetMs?: number } = {}): ReturnType<typeof packet>[] {
  const { seq = 100, ts = 8000, offsetMs = 0 } = options;
  return Array.from({ length: n }, (_, i) => packet((seq + i) & 0xffff, (ts + i * SPF) >>> 0, offsetMs + i * 20));
}

const fixed = () => new AdaptiveJitterBuffer({ minDelayMs: 20, initialDelayMs: 20, shrinkMsPerSecond: 0 });

suite("AdaptiveJitterBuffer, scripted", () => {
  it("plays in order once the first packet has waited the target delay, then every tick", () => {
    const jb = fixed();
    expect(run(jb, stream(5), 7)).toEqual(["silence", 100, 101, 102, 103, 104, "stretch"]);
    const s = jb.stats();
    expect(s.currentBufferingMs).toBe(25);
    expect(s.meanBufferingMs).toBe(25);
    expect([s.lost, s.late, s.duplicates, s.reordered]).toEqual([0, 0, 0, 0]);
  });

  it("repairs reordering within the buffer and counts it", () => {
    const packets = stream(8);
    packets[3] = { ...packets[3]!, arrivalMs: 82 }; // 103 overtaken by 104 (t = 80), still before its tick at 85
    const jb = fixed();
    expect(run(jb, packets, 9)).toEqual(["silence", 100, 101, 102, 103, 104, 105, 106, 107]);
    expect(jb.stats().reordered).toBe(1);
    expect(jb.stats().lost).toBe(0);
  });

  it("drops duplicates, whether still queued or already played", () => {
    const packets = stream(5);
    const jb = fixed();
    const frames = run(jb, [...packets, { ...packets[2]!, arrivalMs: 41 }, { ...packets[0]!, arrivalMs: 60 }], 6);
    expect(frames).toEqual(["silence", 100, 101, 102, 103, 104]);
    expect(jb.stats().duplicates).toBe(2);
    expect(jb.stats().late).toBe(0);
  });

  it("conceals a slot whose packet is missing; a late arrival moves it from lost to late and grows the delay", () => {
    const packets = stream(9);
    packets[2] = { ...packets[2]!, arrivalMs: 100 }; // slot played at t = 65, arrives at 100: 60 ms behind the others
    packets.splice(7, 1); // 107 never arrives
    const jb = fixed();
    const frames = run(jb, packets, 12);
    // The late arrival raises the target to 60 ms: two stretch frames take the delay from 25 to 65 ms.
    expect(frames).toEqual(["silence", 100, 101, "missing", 103, "stretch", "stretch", 104, 105, 106, "missing", 108]);
    const s = jb.stats();
    expect(s.late).toBe(1);
    expect(s.lost).toBe(1);
    expect(s.stretched).toBe(2);
    expect(s.targetDelayMs).toBeCloseTo(60, 0);
    expect(s.currentBufferingMs).toBe(65);
  });

  it("plays straight across the sequence-number wrap and the timestamp wrap", () => {
    const jb = fixed();
    const frames = run(jb, stream(12, { seq: 65530, ts: 0x1_0000_0000 - 3 * SPF }), 13);
    expect(frames).toEqual(["silence", 65530, 65531, 65532, 65533, 65534, 65535, 0, 1, 2, 3, 4, 5]);
    expect(jb.stats().lost).toBe(0);
    expect(jb.stats().resyncs).toBe(0);
  });

  it("repairs reordering across the wrap (65535 after 0)", () => {
    const packets = stream(6, { seq: 65533 });
    packets[2] = { ...packets[2]!, arrivalMs: 63 }; // 65535 arrives after 0 (t = 60), before its tick at 65
    const jb = fixed();
    expect(run(jb, packets, 7)).toEqual(["silence", 65533, 65534, 65535, 0, 1, 2]);
    expect(jb.stats().reordered).toBe(1);
  });

  it("an SSRC change resets the buffer and plays the new source", () => {
    const jb = fixed();
    const first = stream(6);
    const second = stream(5, { seq: 40_000, ts: 999_999, offsetMs: 70 }).map((p) => ({ ...p, ssrc: 0xdef }));
    const frames = run(jb, [...first.slice(0, 4), ...second], 8);
    // 100..102 played; 103 was queued when the new source arrived at t = 70 and is discarded.
    expect(frames).toEqual(["silence", 100, 101, 102, "silence", 40_000, 40_001, 40_002]);
    expect(jb.stats().resyncs).toBe(1);
    expect(jb.stats().discarded).toBe(1);
    expect(jb.stats().lost).toBe(0);
  });

  it("a big timestamp jump on the same SSRC resyncs after two packets agree; a lone stray is dropped", () => {
    const jb = fixed();
    const packets = stream(10);
    packets[3] = { ...packets[3]!, timestamp: 123_456_789 }; // one corrupt packet: dropped, not a resync
    for (let i = 6; i < 10; i++) packets[i] = { ...packets[i]!, timestamp: 5_000_000 + i * SPF };
    const frames = run(jb, packets, 12);
    expect(jb.stats().resyncs).toBe(1);
    expect(frames.slice(0, 4)).toEqual(["silence", 100, 101, 102]);
    expect(frames.filter((f) => typeof f === "number")).toEqual([100, 101, 102, 104, 105, 106, 107, 108, 109]);
  });

  it("a timestamp gap with no sequence gap is silence (DTX), not loss; playout re-anchors on the talkspurt", () => {
    const jb = fixed();
    const talk1 = stream(3);
    // 1 s of silence: the next packet has the next sequence number, the marker bit and a timestamp 1 s later.
    const talk2 = stream(3, { seq: 103, ts: 8000 + 53 * SPF, offsetMs: 1060 }).map((p, i) => ({ ...p, marker: i === 0 }));
    const frames = run(jb, [...talk1, ...talk2], 58);
    expect(frames.filter((f) => typeof f === "number")).toEqual([100, 101, 102, 103, 104, 105]);
    expect(frames.indexOf(103)).toBe(54); // t = 1085: arrival 1060 + target 20, next tick
    expect(jb.stats().lost).toBe(0);
  });

  it("after comfort noise (RFC 3389, PT 13) a missing packet means silence, not concealment", () => {
    const jb = fixed();
    const packets = stream(3);
    packets[2] = { ...packets[2]!, payloadType: 13 };
    expect(run(jb, packets, 6)).toEqual(["silence", 100, 101, 102, "silence", "silence"]);
    expect(jb.stats().stretched).toBe(0);
  });

  it("an underrun holds playout (stretch) until the delay limit, then gives silence", () => {
    const jb = new AdaptiveJitterBuffer({ minDelayMs: 20, maxDelayMs: 80, initialDelayMs: 20 });
    expect(run(jb, stream(2), 7)).toEqual(["silence", 100, 101, "stretch", "stretch", "silence", "silence"]);
  });

  it("a late packet raises the target at once, bounded by maxDelayMs", () => {
    const jb = new AdaptiveJitterBuffer({ minDelayMs: 20, maxDelayMs: 120, initialDelayMs: 20 });
    const packets = stream(30);
    packets[5] = { ...packets[5]!, arrivalMs: 100 + 70 }; // 70 ms behind the others
    packets[12] = { ...packets[12]!, arrivalMs: 240 + 300 }; // 300 ms behind: the target stops at the bound
    run(jb, packets.slice(0, 10), 10);
    expect(jb.stats().targetDelayMs).toBeCloseTo(70, 0);
    run(jb, packets.slice(10), 18, 205); // last tick at t = 545, just after the 300 ms straggler
    expect(jb.stats().targetDelayMs).toBeCloseTo(120, 0);
    expect(jb.stats().late).toBe(2);
  });

  it("never throws on odd input: NaN arrival, empty payload, out-of-range fields", () => {
    const jb = fixed();
    jb.push(packet(1, 1, Number.NaN));
    jb.push(packet(70_000, -5, 10, { payload: new Uint8Array(0) }));
    jb.push(packet(2, 2 ** 40, 20));
    for (let t = 0; t < 200; t += 20) expect(() => jb.pull(t)).not.toThrow();
    expect(jb.stats().discarded).toBe(1);
    expect(Number.isFinite(jb.stats().targetDelayMs)).toBe(true);
  });
});
