/**
 * RtpSender (RFC 3550 §5.1, RFC 3551 §4.1): random SSRC, sequence and
 * timestamp taken from the random source; sequence and timestamp wrap;
 * 80/160/240 timestamp units per packet at 10/20/30 ms; the marker on the
 * first packet and after skipped (silent) frames, whose time still counts;
 * other payloads sharing the sequence space; packet and octet counts and the
 * RTP timestamp of "now" for a sender report. Not covered: pacing (the caller
 * sends one frame per capture period).
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../../../../src/util/clock.js";
import { RtpSender, type RandomSource } from "../../../../src/media/rtp/index.js";

/** Returns the given values in order: SSRC, initial sequence (low 16 bits used), initial timestamp. */
function scripted(...values: number[]): RandomSource {
  return { uint32: () => values.shift() ?? 0 };
}

const frame = new Uint8Array(160).fill(0xff);

describe("RtpSender", () => {
  it("takes SSRC, first sequence number and first timestamp from the random source, and wraps both counters", () => {
    const sender = new RtpSender({ clock: new FakeClock(), payloadType: 0, random: scripted(0x11223344, 0x7777fffe, 0xffffff00) });
    const packets = [sender.sendAudio(frame), sender.sendAudio(frame), sender.sendAudio(frame)];
    expect(packets.map((p) => p.ssrc)).toEqual([0x11223344, 0x11223344, 0x11223344]);
    expect(packets.map((p) => p.sequenceNumber)).toEqual([0xfffe, 0xffff, 0]);
    expect(packets.map((p) => p.timestamp)).toEqual([0xffffff00, 0xffffffa0, 0x40]);
  });

  it("draws different values from the crypto source by default", () => {
    const a = new RtpSender({ clock: new FakeClock(), payloadType: 0 });
    const b = new RtpSender({ clock: new FakeClock(), payloadType: 0 });
    expect(a.ssrc).not.toBe(b.ssrc);
    expect(a.nextSequenceNumber).toBeLessThanOrEqual(0xffff);
  });

  for (const [ptimeMs, units] of [[10, 80], [20, 160], [30, 240]] as const) {
    it(`advances the timestamp by ${units} per packet at ${ptimeMs} ms`, () => {
      const sender = new RtpSender({ clock: new FakeClock(), payloadType: 8, ptimeMs, random: scripted(1, 100, 1000) });
      expect(sender.samplesPerPacket).toBe(units);
      const stamps = [0, 1, 2].map(() => sender.sendAudio(new Uint8Array(units)).timestamp);
      expect(stamps).toEqual([1000, 1000 + units, 1000 + 2 * units]);
    });
  }

  it("marks the first packet of each talkspurt and keeps time across the silence between", () => {
    const sender = new RtpSender({ clock: new FakeClock(), payloadType: 0, random: scripted(1, 500, 8000) });
    const first = [sender.sendAudio(frame), sender.sendAudio(frame)];
    for (let i = 0; i < 10; i++) sender.skip(); // 200 ms of silence, not sent
    const second = [sender.sendAudio(frame), sender.sendAudio(frame)];
    expect([...first, ...second].map((p) => p.marker)).toEqual([true, false, true, false]);
    expect(second[0]!.timestamp).toBe(8000 + 12 * 160);
    // Sequence numbers count packets, not time: no gap for the silence.
    expect([...first, ...second].map((p) => p.sequenceNumber)).toEqual([500, 501, 502, 503]);
  });

  it("shares the sequence space with other payloads that keep their own timestamp", () => {
    const sender = new RtpSender({ clock: new FakeClock(), payloadType: 0, random: scripted(1, 10, 4000) });
    sender.sendAudio(frame);
    const event = sender.send({ payloadType: 101, timestamp: sender.nextTimestamp, marker: true, payload: Uint8Array.of(1, 10, 0, 160) });
    sender.skip();
    const audio = sender.sendAudio(frame);
    expect([event.sequenceNumber, event.timestamp, event.payloadType, event.marker]).toEqual([11, 4160, 101, true]);
    expect([audio.sequenceNumber, audio.timestamp]).toEqual([12, 4320]);
  });

  it("counts packets and payload octets for the sender report", () => {
    const sender = new RtpSender({ clock: new FakeClock(), payloadType: 0, random: scripted(1, 1, 1) });
    for (let i = 0; i < 3; i++) sender.sendAudio(frame);
    sender.send({ payloadType: 101, timestamp: 0, marker: false, payload: new Uint8Array(4) });
    expect([sender.packetsSent, sender.octetsSent]).toEqual([4, 484]);
    expect(sender.snapshot()).toMatchObject({ packetCount: 4, octetCount: 484 });
  });

  it("gives the media timestamp of the present moment, between frames too", () => {
    const clock = new FakeClock();
    const sender = new RtpSender({ clock, payloadType: 0, random: scripted(1, 1, 10_000) });
    expect(sender.snapshot().rtpTimestamp).toBe(10_000);
    clock.advance(20);
    sender.sendAudio(frame); // timestamp 10 000 handled at t = 20 ms
    clock.advance(15);
    expect(sender.snapshot().rtpTimestamp).toBe(10_000 + 120);
  });

  it("switches payload type and packetization on a re-offer without breaking the timestamp", () => {
    const sender = new RtpSender({ clock: new FakeClock(), payloadType: 0, random: scripted(1, 1, 0) });
    sender.sendAudio(frame);
    sender.setFormat({ payloadType: 8, ptimeMs: 30 });
    const a = sender.sendAudio(new Uint8Array(240));
    const b = sender.sendAudio(new Uint8Array(240));
    expect([a.payloadType, a.timestamp, b.timestamp]).toEqual([8, 160, 400]);
  });
});
