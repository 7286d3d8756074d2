/**
 * TelephoneEventSender on a FakeClock (RFC 4733 §2.5.1): the exact packet
 * train for a 100 ms digit at 20 ms and at 30 ms packetization (start with the
 * marker, updates with one timestamp and growing duration, the end packet
 * three times with the same duration), an event shorter than one interval,
 * queued digits kept apart by the minimum gap and each with its own
 * timestamp, a 10 s event split into segments at the 16-bit duration limit,
 * volume, flash, and close(). Receiving is in event-receiver.test.ts; the two
 * together in event-loop.test.ts.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/util/clock.js";
import { decodeTelephoneEvent, EventSenderState, TelephoneEventSender, type TelephoneEventPayload } from "../../../../src/media/events/index.js";

interface Sent extends TelephoneEventPayload {
  atMs: number;
  marker: boolean;
  timestamp: number;
}

/** An output whose media clock reads 8 units per ms from 10 000, recording each packet. */
function harness(options: { packetIntervalMs?: number; minGapMs?: number; volume?: number } = {}) {
  const clock = new FakeClock();
  const sent: Sent[] = [];
  const sender = new TelephoneEventSender({
    clock,
    ...options,
    output: {
      timestampNow: () => 10_000 + 8 * clock.now(),
      send: ({ marker, timestamp, payload }) => {
        const decoded = decodeTelephoneEvent(payload);
        if (!decoded.ok) throw new Error(decoded.error);
        sent.push({ atMs: clock.now(), marker, timestamp, ...decoded.value });
      },
    },
  });
  return { clock, sent, sender };
}

const brief = (s: Sent): [number, boolean, number, boolean] => [s.atMs, s.marker, s.duration, s.end];

describe("TelephoneEventSender", () => {
  it("sends a 100 ms digit as start, updates and three end packets, 20 ms apart", () => {
    const { clock, sent, sender } = harness();
    sender.send({ event: "1", durationMs: 100 });
    expect(sender.active).toBe(true);
    clock.advance(1000);
    expect(sent.map(brief)).toEqual([
      [0, true, 160, false],
      [20, false, 320, false],
      [40, false, 480, false],
      [60, false, 640, false],
      [80, false, 800, true],
      [100, false, 800, true],
      [120, false, 800, true],
    ]);
    expect(new Set(sent.map((s) => s.timestamp))).toEqual(new Set([10_000]));
    expect(sent.every((s) => s.event === 1 && s.volume === 10 && !s.reserved)).toBe(true);
    expect(sender.state).toBe(EventSenderState.Idle);
    expect(clock.activeTimers).toBe(0);
  });

  it("follows a 30 ms packetization", () => {
    const { clock, sent, sender } = harness({ packetIntervalMs: 30 });
    sender.send({ event: "#", durationMs: 100 });
    clock.advance(1000);
    expect(sent.map(brief)).toEqual([
      [0, true, 240, false],
      [30, false, 480, false],
      [60, false, 720, false],
      [90, false, 800, true],
      [120, false, 800, true],
      [150, false, 800, true],
    ]);
  });

  it("sends an event shorter than one interval as a start packet that is also the end", () => {
    const { clock, sent, sender } = harness();
    sender.send({ event: 16, durationMs: 10, volume: 0 });
    clock.advance(200);
    expect(sent.map(brief)).toEqual([
      [0, true, 80, true],
      [20, false, 80, true],
      [40, false, 80, true],
    ]);
    expect(sent[0]!.volume).toBe(0);
  });

  it("plays queued digits one after another, each with its own timestamp, apart by the minimum gap", () => {
    const { clock, sent, sender } = harness({ minGapMs: 60 });
    sender.send({ event: "4", durationMs: 100 });
    sender.send({ event: "2", durationMs: 80 });
    clock.advance(40);
    expect(sender.state).toBe(EventSenderState.Playing);
    clock.advance(1000);
    const starts = sent.filter((s) => s.marker);
    // The first ends at 100 ms; the next starts 60 ms later, at 160 ms (media time 10 000 + 8 · 160).
    expect(starts.map((s) => [s.atMs, s.event, s.timestamp])).toEqual([
      [0, 4, 10_000],
      [160, 2, 11_280],
    ]);
    const second = sent.filter((s) => s.event === 2);
    expect(second.map(brief)).toEqual([
      [160, true, 160, false],
      [180, false, 320, false],
      [200, false, 480, false],
      [220, false, 640, true],
      [240, false, 640, true],
      [260, false, 640, true],
    ]);
    expect(sender.state).toBe(EventSenderState.Idle);
  });

  it("waits for the third end packet when the gap is shorter than the repeats", () => {
    const { clock, sent, sender } = harness({ minGapMs: 0 });
    sender.send({ event: "7", durationMs: 40 });
    sender.send({ event: "8", durationMs: 40 });
    clock.advance(500);
    expect(sent.map((s) => [s.atMs, s.event, s.end])).toEqual([
      [0, 7, false], [20, 7, true], [40, 7, true], [60, 7, true],
      [60, 8, false], [80, 8, true], [100, 8, true], [120, 8, true],
    ]);
  });

  it("splits a 10 s event into segments below the 16-bit duration limit", () => {
    const { clock, sent, sender } = harness();
    sender.send({ event: "0", durationMs: 10_000 }); // 80 000 units
    clock.advance(11_000);
    const first = sent.filter((s) => s.timestamp === 10_000);
    const second = sent.filter((s) => s.timestamp === 10_000 + 65_440);
    expect(first.length + second.length).toBe(sent.length);
    // Segment 1: 409 packets up to 65 440 (409 · 160, the most that fits in 0xFFFF), the last sent three times.
    expect(first).toHaveLength(411);
    expect(first.slice(-3).map(brief)).toEqual([
      [8160, false, 65_440, false],
      [8180, false, 65_440, false],
      [8200, false, 65_440, false],
    ]);
    // Segment 2 continues at once, without the marker, and ends the event: 80 000 − 65 440 = 14 560.
    expect(brief(second[0]!)).toEqual([8180, false, 160, false]);
    expect(second.slice(-3).map(brief)).toEqual([
      [9980, false, 14_560, true],
      [10_000, false, 14_560, true],
      [10_020, false, 14_560, true],
    ]);
    expect(sent.filter((s) => s.marker)).toHaveLength(1);
  });

  it("refuses unknown events and bad durations", () => {
    const { sender } = harness();
    expect(() => sender.send({ event: "X", durationMs: 100 })).toThrow(RangeError);
    expect(() => sender.send({ event: "1", durationMs: 0 })).toThrow(RangeError);
    expect(() => sender.send({ event: "1", durationMs: 100, volume: 64 })).toThrow(RangeError);
  });

  it("stops at once on close(), dropping the queue", () => {
    const { clock, sent, sender } = harness();
    sender.send({ event: "1", durationMs: 100 });
    sender.send({ event: "2", durationMs: 100 });
    clock.advance(30);
    sender.close();
    clock.advance(1000);
    expect(sent).toHaveLength(2);
    expect(sender.state).toBe(EventSenderState.Closed);
    expect(clock.activeTimers).toBe(0);
    expect(() => sender.send({ event: "3", durationMs: 100 })).toThrow(/closed/);
  });
});
