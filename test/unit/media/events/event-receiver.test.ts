/**
 * TelephoneEventReceiver with scripted packet sequences (RFC 4733 §2.5.2):
 * a clean digit reported once with its final duration; lost start packets;
 * duplicated and reordered packets; all three end packets lost (ended by the
 * next digit, or by the timeout on the FakeClock); the same digit pressed
 * twice told apart by timestamp; a late packet of an earlier event; a long
 * event in two segments; a malformed payload. The sender is in
 * event-sender.test.ts.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/util/clock.js";
import { encodeTelephoneEvent, TelephoneEventReceiver, type EventStart, type ReceivedEvent } from "../../../../src/media/events/index.js";

function harness(endTimeoutMs?: number) {
  const clock = new FakeClock();
  const events: ReceivedEvent[] = [];
  const starts: EventStart[] = [];
  const receiver = new TelephoneEventReceiver({
    clock,
    ...(endTimeoutMs === undefined ? {} : { endTimeoutMs }),
    listener: { onEvent: (e) => events.push(e), onEventStart: (s) => starts.push(s) },
  });
  /** Delivers one packet: event code, timestamp, duration, E bit, marker. */
  const deliver = (event: number, timestamp: number, duration: number, end = false, marker = false): void =>
    receiver.receive({ timestamp, marker, payload: encodeTelephoneEvent({ event, end, reserved: false, volume: 10, duration }) });
  return { clock, events, starts, receiver, deliver };
}

/** The packet train of a 100 ms digit at 20 ms: start, three updates, three ends. */
function train(event: number, timestamp: number): Array<[number, number, number, boolean, boolean]> {
  return [
    [event, timestamp, 160, false, true],
    [event, timestamp, 320, false, false],
    [event, timestamp, 480, false, false],
    [event, timestamp, 640, false, false],
    [event, timestamp, 800, true, false],
    [event, timestamp, 800, true, false],
    [event, timestamp, 800, true, false],
  ];
}

const summary = (e: ReceivedEvent): [string | number, number, number, string] => [e.name ?? e.event, e.timestamp, e.durationUnits, e.endedBy];

describe("TelephoneEventReceiver", () => {
  it("reports a digit once, with its final duration, when the first end packet arrives", () => {
    const { events, starts, deliver } = harness();
    const packets = train(5, 4000);
    packets.slice(0, 5).forEach((p) => deliver(...p));
    expect(events.map(summary)).toEqual([["5", 4000, 800, "end-bit"]]);
    packets.slice(5).forEach((p) => deliver(...p)); // the two repeats
    expect(events).toHaveLength(1);
    expect(events[0]!.durationMs).toBe(100);
    expect(starts).toEqual([{ event: 5, name: "5", timestamp: 4000, volume: 10 }]);
  });

  it("starts an event from an update when the start packet was lost", () => {
    const { events, starts, deliver } = harness();
    train(11, 4000).slice(2).forEach((p) => deliver(...p));
    expect(starts).toHaveLength(1);
    expect(events.map(summary)).toEqual([["#", 4000, 800, "end-bit"]]);
  });

  it("reports an event whose only surviving packet is an end packet", () => {
    const { events, deliver } = harness();
    deliver(...train(16, 4000)[6]!);
    expect(events.map(summary)).toEqual([["flash", 4000, 800, "end-bit"]]);
  });

  it("ignores duplicated and reordered packets of the same event", () => {
    const { events, deliver } = harness();
    const p = train(1, 4000);
    for (const i of [0, 2, 1, 2, 3, 4, 3, 5, 1, 6]) deliver(...p[i]!);
    expect(events.map(summary)).toEqual([["1", 4000, 800, "end-bit"]]);
  });

  it("keeps the longest duration seen when an update overtakes another", () => {
    const { clock, events, deliver } = harness(500);
    const p = train(2, 4000);
    for (const i of [0, 3, 1, 2]) deliver(...p[i]!); // 640 arrives before 320 and 480; no end packets
    clock.advance(500);
    expect(events.map(summary)).toEqual([["2", 4000, 640, "timeout"]]);
  });

  it("ends an event whose end packets were all lost when the next one starts", () => {
    const { events, deliver } = harness();
    train(3, 4000).slice(0, 4).forEach((p) => deliver(...p)); // up to 640, no ends
    train(4, 6000).forEach((p) => deliver(...p));
    expect(events.map(summary)).toEqual([
      ["3", 4000, 640, "next-event"],
      ["4", 6000, 800, "end-bit"],
    ]);
  });

  it("ends an event whose end packets were all lost after the timeout", () => {
    const { clock, events, deliver } = harness();
    train(9, 4000).slice(0, 3).forEach((p) => deliver(...p));
    clock.advance(999);
    expect(events).toEqual([]);
    clock.advance(1);
    expect(events.map(summary)).toEqual([["9", 4000, 480, "timeout"]]);
    deliver(...train(9, 4000)[3]!); // a straggler after the timeout does not report it again
    clock.advance(2000);
    expect(events).toHaveLength(1);
  });

  it("tells two presses of the same digit apart by their timestamps", () => {
    const { events, deliver } = harness();
    train(7, 4000).forEach((p) => deliver(...p));
    train(7, 5600).forEach((p) => deliver(...p));
    expect(events.map(summary)).toEqual([
      ["7", 4000, 800, "end-bit"],
      ["7", 5600, 800, "end-bit"],
    ]);
  });

  it("tells two presses apart even when the first lost its end packets and the second its start", () => {
    const { events, deliver } = harness();
    train(7, 4000).slice(0, 4).forEach((p) => deliver(...p));
    train(7, 5600).slice(1).forEach((p) => deliver(...p));
    expect(events.map(summary)).toEqual([
      ["7", 4000, 640, "next-event"],
      ["7", 5600, 800, "end-bit"],
    ]);
  });

  it("ignores a late packet of an earlier event once a newer one is under way", () => {
    const { events, deliver } = harness();
    const first = train(1, 4000);
    first.slice(0, 2).forEach((p) => deliver(...p));
    const second = train(2, 6000);
    second.slice(0, 2).forEach((p) => deliver(...p));
    deliver(...first[2]!); // reordered far behind
    second.slice(2).forEach((p) => deliver(...p));
    expect(events.map(summary)).toEqual([
      ["1", 4000, 320, "next-event"],
      ["2", 6000, 800, "end-bit"],
    ]);
  });

  it("joins the segments of a long event into one report", () => {
    const { events, starts, deliver } = harness();
    deliver(0, 1000, 160, false, true);
    deliver(0, 1000, 65_280, false);
    deliver(0, 1000, 65_440, false);
    deliver(0, 1000 + 65_440, 160, false); // next segment, no marker
    deliver(0, 1000 + 65_440, 14_560, true);
    expect(starts).toHaveLength(1);
    expect(events.map(summary)).toEqual([["0", 1000, 80_000, "end-bit"]]);
    expect(events[0]!.durationMs).toBe(10_000);
    deliver(0, 1000, 65_440, false); // a late repeat of the first segment's last packet
    expect(events).toHaveLength(1);
  });

  it("counts and ignores a malformed payload", () => {
    const { events, receiver } = harness();
    receiver.receive({ timestamp: 1, marker: true, payload: Uint8Array.of(5, 10) });
    expect(receiver.malformedPackets).toBe(1);
    expect(events).toEqual([]);
  });

  it("reports an event in progress on close() and leaves no timer", () => {
    const { clock, events, deliver, receiver } = harness();
    deliver(...train(8, 4000)[0]!);
    receiver.close();
    expect(events.map(summary)).toEqual([["8", 4000, 160, "timeout"]]);
    expect(clock.activeTimers).toBe(0);
  });
});
