/**
 * Telephone events end to end on one FakeClock: TelephoneEventSender → RtpSender
 * (same SSRC and sequence space as the audio) → bytes → a wire that loses
 * packets → parseRtp → RtpReceiver → TelephoneEventReceiver. Dialling "159#"
 * gives four events, each reported once with its duration, with or without
 * losses (the start packet of one digit and all three end packets of another
 * are lost). Not covered: timing against a real socket.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/util/clock.js";
import { TelephoneEventReceiver, TelephoneEventSender, type ReceivedEvent } from "../../../../src/media/events/index.js";
import { parseRtp, RtpReceiver, RtpSender, serializeRtp, type RandomSource } from "../../../../src/media/rtp/index.js";

const EVENT_PT = 101;

function call(lose: (datagramIndex: number, bytes: Buffer) => boolean) {
  const clock = new FakeClock();
  const values = [0x5eed, 100, 50_000];
  const random: RandomSource = { uint32: () => values.shift() ?? 0 };
  const rtp = new RtpSender({ clock, payloadType: 0, random });
  const received: ReceivedEvent[] = [];
  const events = new TelephoneEventReceiver({ clock, listener: { onEvent: (e) => received.push(e) } });
  const rx = new RtpReceiver({ payloadTypes: [0, EVENT_PT], eventPayloadTypes: [EVENT_PT] });
  let index = 0;
  const sender = new TelephoneEventSender({
    clock,
    minGapMs: 100,
    output: {
      timestampNow: () => rtp.nextTimestamp,
      send: (p) => {
        const bytes = serializeRtp(rtp.send({ ...p, payloadType: EVENT_PT }));
        if (lose(index++, bytes)) return;
        const parsed = parseRtp(bytes);
        if (!parsed.ok) throw new Error(parsed.error);
        const result = rx.receive(parsed.value, clock.now());
        if (result.kind !== "accepted") return;
        for (const { packet } of result.packets) if (packet.payloadType === EVENT_PT) events.receive(packet);
      },
    },
  });
  // The media path: one 20 ms frame per tick, not sent while an event sounds.
  const tick = (): void => {
    if (sender.active) rtp.skip();
    else {
      const packet = rtp.sendAudio(new Uint8Array(160));
      rx.receive(packet, clock.now());
    }
    clock.setTimer(20, tick);
  };
  tick();
  return { clock, sender, received };
}

const summary = (e: ReceivedEvent): [string | undefined, number] => [e.name, e.durationMs];

describe("telephone events over RTP", () => {
  it("delivers each dialled digit once with its duration", () => {
    const { clock, sender, received } = call(() => false);
    clock.advance(100);
    for (const digit of "159#") sender.send({ event: digit, durationMs: 120 });
    clock.advance(3000);
    expect(received.map(summary)).toEqual([["1", 120], ["5", 120], ["9", 120], ["#", 120]]);
    expect(received.every((e) => e.endedBy === "end-bit")).toBe(true);
    expect(new Set(received.map((e) => e.timestamp)).size).toBe(4);
  });

  it("still delivers each digit once when a start and a whole set of end packets are lost", () => {
    // Per digit of 120 ms: 6 packets (the 6th is the first end) + 2 repeats = 8 datagrams.
    // Lose the start of "5" (datagram 8) and all three end packets of "9" (datagrams 21, 22, 23).
    const lost = new Set([8, 21, 22, 23]);
    const { clock, sender, received } = call((i) => lost.has(i));
    clock.advance(100);
    for (const digit of "159#") sender.send({ event: digit, durationMs: 120 });
    clock.advance(3000);
    expect(received.map((e) => [e.name, e.durationMs, e.endedBy])).toEqual([
      ["1", 120, "end-bit"],
      ["5", 120, "end-bit"],
      ["9", 100, "next-event"],
      ["#", 120, "end-bit"],
    ]);
  });
});
