/**
 * Digits through MediaSession over real UDP: RFC 4733 events both ways, reported once
 * per digit with their duration (at 20 and 30 ms packetization); on the wire (seen by a relay) the start packet has
 * the marker, the end packet goes out three times, no audio is sent while the event
 * stands in for it and the audio after it starts a talkspurt. When the peer did not
 * negotiate telephone-event, or in-band is asked for, the digit is heard as its two
 * Q.23 tones at the chosen levels; flash without telephone-event is refused as a value.
 * Not covered: SIP INFO (the call layer sends it; bodies are in test/unit/media/dtmf).
 */
import { describe, expect, it } from "vitest";
import { dbovToDbm0, toneDbov } from "../../../../src/dsp/index.js";
import { decodeTelephoneEvent, type ReceivedDigit } from "../../../../src/media/index.js";
import { packets, callsClosedAfterEach } from "./harness.js";

const startCall = callsClosedAfterEach();

describe("MediaSession digits", () => {
  it("sends and receives RFC 4733 digits both ways, once each with their duration", async () => {
    const c = await startCall({});
    const atB: ReceivedDigit[] = [];
    const atA: ReceivedDigit[] = [];
    c.b.onDigit((d) => atB.push(d));
    const unsubscribe = c.a.onDigit((d) => atA.push(d));
    await c.run(200);
    expect(c.a.sendDigit("5", { durationMs: 160 })).toEqual({ ok: true, value: "rfc4733" });
    expect(c.b.sendDigit("#")).toEqual({ ok: true, value: "rfc4733" });
    await c.run(400);
    expect(c.a.sendDigit("flash", { durationMs: 500 })).toEqual({ ok: true, value: "rfc4733" });
    await c.run(800);
    unsubscribe();
    c.b.sendDigit("9");
    await c.run(400);
    expect(atB).toEqual([{ digit: "5", durationMs: 160 }, { digit: "flash", durationMs: 500 }]);
    expect(atA).toEqual([{ digit: "#", durationMs: 100 }]);
  });

  it("keeps digit durations at 30 ms packetization", async () => {
    const c = await startCall({ a: { ptimeMs: 30 }, b: { ptimeMs: 30 } });
    const atB: ReceivedDigit[] = [];
    c.b.onDigit((d) => atB.push(d));
    await c.run(200);
    c.a.sendDigit("8", { durationMs: 160 });
    c.a.sendDigit("*", { durationMs: 250 });
    await c.run(1000);
    expect(atB).toEqual([{ digit: "8", durationMs: 160 }, { digit: "*", durationMs: 250 }]);
  });

  it("puts the event in place of the audio on the wire", async () => {
    const c = await startCall({ relay: {} });
    await c.run(200);
    c.a.sendDigit("1", { durationMs: 100 });
    await c.run(400);
    const sent = packets(c.rtpRelay, "a->b");
    const eventIndexes = sent.flatMap((p, i) => (p.payloadType === 101 ? [i] : []));
    const events = eventIndexes.map((i) => ({ ...sent[i]!, event: decodeTelephoneEvent(sent[i]!.payload) }));
    expect(events.map((e) => [e.marker, e.event.ok && e.event.value.end, e.event.ok && e.event.value.duration])).toEqual([
      [true, false, 160],
      [false, false, 320],
      [false, false, 480],
      [false, false, 640],
      [false, true, 800],
      [false, true, 800],
      [false, true, 800],
    ]);
    const start = events[0]!.timestamp;
    expect(new Set(events.map((e) => e.timestamp))).toEqual(new Set([start]));
    // No audio covers the event's 100 ms; the first audio after it starts a talkspurt.
    const audio = sent.filter((p) => p.payloadType === 0);
    const during = audio.filter((p) => ((p.timestamp - start) | 0) >= 0 && ((p.timestamp - start) | 0) < 800);
    expect(during).toEqual([]);
    const after = audio.find((p) => ((p.timestamp - start) | 0) >= 800)!;
    expect(after.marker).toBe(true);
    // One stream: sequence numbers run on without a gap across audio and events.
    expect(sent.every((p, i) => i === 0 || p.sequenceNumber === ((sent[i - 1]!.sequenceNumber + 1) & 0xffff))).toBe(true);
    expect(new Set(sent.map((p) => p.ssrc)).size).toBe(1);
  });

  it("falls back to in-band tones when the peer did not negotiate telephone-event", async () => {
    const c = await startCall({ answer: (media) => ({ ...media, telephoneEvent: undefined }), sourceA: () => new Int16Array(160) });
    const atB: ReceivedDigit[] = [];
    c.b.onDigit((d) => atB.push(d));
    await c.run(200);
    expect(c.a.sendDigit("7")).toEqual({ ok: true, value: "inband" });
    const before = c.heardByB.length;
    await c.run(400);
    const heard = c.heardByB.slice(before);
    const toneFrames = heard.filter((f) => dbovToDbm0(toneDbov(f, 852)) > -12 && dbovToDbm0(toneDbov(f, 1209)) > -12);
    expect(toneFrames.length).toBe(5); // 100 ms of tone in 20 ms frames
    const middle = toneFrames[2]!;
    expect(dbovToDbm0(toneDbov(middle, 852))).toBeCloseTo(-8, 0);
    expect(dbovToDbm0(toneDbov(middle, 1209))).toBeCloseTo(-6, 0);
    expect(dbovToDbm0(toneDbov(middle, 941))).toBeLessThan(-25);
    expect(dbovToDbm0(toneDbov(middle, 1336))).toBeLessThan(-25);
    expect(atB).toEqual([]);
    expect(c.a.sendDigit("flash").ok).toBe(false);
    expect(c.a.sendDigit("x").ok).toBe(false);
  });

  it("sends in-band when asked even with telephone-event negotiated", async () => {
    const c = await startCall({ sourceA: () => new Int16Array(160) });
    await c.run(200);
    expect(c.a.sendDigit("D", { method: "inband", durationMs: 60 })).toEqual({ ok: true, value: "inband" });
    const before = c.heardByB.length;
    await c.run(300);
    const heard = c.heardByB.slice(before);
    const toneFrames = heard.filter((f) => dbovToDbm0(toneDbov(f, 941)) > -12 && dbovToDbm0(toneDbov(f, 1633)) > -12);
    expect(toneFrames.length).toBe(3);
  });
});
