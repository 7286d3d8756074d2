/**
 * Caller ID schedules run on a FakeClock by the ScheduleRunner into a recording output:
 * ring and polarity events are timed, the audio is laid on a timeline, and the timing is
 * measured on that audio (segments of sound, alert tone frequencies by Goertzel), then the
 * whole timeline is decoded by spandsp (CLASS, CLIP, CLIP-DTMF) and by our reader.
 * Checked against the spec windows: Bell after the first ring (≥ 500 ms after it, ≥ 200 ms
 * before the second), ETSI DT-AS and RP-AS before the first ring, BT SIN 227, DTMF before
 * the first ring, V.23 after the first ring, data without ringing, a schedule that does not fit, cancellation.
 * Not covered: a real Line's framing (lineOutput is exercised in call-waiting.test.ts).
 */
import { describe, expect, it } from "vitest";
import { toneDbov } from "../../../../src/dsp/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { dtmfCallerIdDigits } from "../../../../src/line/callerid/dtmf-callerid.js";
import { mdmfCallSetup, mdmfMessageWaiting } from "../../../../src/line/callerid/messages.js";
import { ScheduleRunner, type RunOutcome } from "../../../../src/line/callerid/schedule-runner.js";
import { afterFirstRing, btSin227, dataOnly, dtmfBeforeRing, etsiBeforeRing, type CallerIdSchedule } from "../../../../src/line/callerid/schedule.js";
import { FSK_FORMATS } from "../../../../src/line/callerid/fsk-burst.js";
import { recordingOutput } from "./recording-output.js";
import { hex, readCallerId, soundSpans, spandspReceive } from "../../../support/spandsp/adsi-decoders.js";

interface Recording {
  events: string[];
  audio: Int16Array;
  outcome: RunOutcome | undefined;
  /** [startMs, endMs) of each stretch of sound. */
  segments: [number, number][];
}

function record(schedule: CallerIdSchedule, cancelAtMs?: number): Recording {
  const clock = new FakeClock();
  const output = recordingOutput(clock, 12_000);
  const { events, audio } = output;
  const result: Recording = { events, audio, outcome: undefined, segments: [] };
  const runner = new ScheduleRunner(clock, output, (error) => events.push(`error ${String(error)}`));
  runner.run(schedule, (outcome) => (result.outcome = outcome));
  if (cancelAtMs !== undefined) {
    clock.advance(cancelAtMs);
    runner.cancel();
  }
  clock.advance(12_000);
  result.segments = soundSpans(audio);
  return result;
}

const slice = (audio: Int16Array, [from, to]: [number, number]) => audio.subarray(from * 8, to * 8);
const info = { time: { month: 12, day: 4, hour: 13, minute: 5 }, number: "5551234567", name: "KITCHEN PHONE" };

describe("Bell 202 after the first ring", () => {
  it("sends ≥ 500 ms after the first ring and ends ≥ 200 ms before the second (US 2 s on, 4 s off)", () => {
    const message = mdmfCallSetup(info);
    const schedule = afterFirstRing({ message }, { onMs: 2000, offMs: 4000 });
    if (!schedule.ok) throw new Error(schedule.error);
    const r = record(schedule.value);
    expect(r.events).toEqual(["0 ring on", "2000 ring off"]);
    expect(r.segments).toHaveLength(1);
    const [start, end] = r.segments[0]!;
    expect(start - 2000).toBeGreaterThanOrEqual(500);
    expect(6000 - end).toBeGreaterThanOrEqual(200);
    expect(schedule.value.ringingFromMs).toBe(6000);
    expect(r.outcome).toBe("done");
    expect(spandspReceive("class", r.audio)).toEqual([hex(message.subarray(0, -1))]);
    expect(readCallerId(r.audio)).toEqual([{ kind: "call", info }]);
  });

  it("V.23 after the first ring works the same way (ETSI EN 300 659-1; DE cadence 1 s on, 4 s off)", () => {
    const message = mdmfCallSetup(info, "etsi");
    const schedule = afterFirstRing({ message, format: FSK_FORMATS.etsiOnHook }, { onMs: 1000, offMs: 4000 });
    if (!schedule.ok) throw new Error(schedule.error);
    const r = record(schedule.value);
    const [start, end] = r.segments[0]!;
    expect(start - 1000).toBeGreaterThanOrEqual(500);
    expect(5000 - end).toBeGreaterThanOrEqual(200);
    expect(spandspReceive("clip", r.audio)).toEqual([hex(message.subarray(0, -1))]);
  });

  it("refuses a silence too short for the message", () => {
    const schedule = afterFirstRing({ message: mdmfCallSetup(info) }, { onMs: 1000, offMs: 1000 });
    expect(schedule).toMatchObject({ ok: false, error: expect.stringMatching(/does not fit a 1000 ms silence/) });
  });
});

describe("ETSI EN 300 659-1 before the first ring", () => {
  const message = mdmfCallSetup(info, "etsi");

  it("line reversal, DT-AS (2130 + 2750 Hz, 100 ms), V.23 45–500 ms later, ring ≥ 200 ms after", () => {
    const r = record(etsiBeforeRing({ message, alert: "dt-as", lineReversal: true }));
    const [alert, data] = r.segments as [[number, number], [number, number]];
    expect(r.segments).toHaveLength(2);
    expect(alert[0]).toBeGreaterThanOrEqual(100);
    expect(alert[1] - alert[0]).toBeCloseTo(100, 0);
    const tone = slice(r.audio, alert);
    expect(toneDbov(tone, 2130)).toBeGreaterThan(-25);
    expect(toneDbov(tone, 2750)).toBeGreaterThan(-25);
    expect(toneDbov(tone, 1700)).toBeLessThan(-50);
    expect(data[0] - alert[1]).toBeGreaterThanOrEqual(45);
    expect(data[0] - alert[1]).toBeLessThanOrEqual(500);
    const ringAt = Number(r.events.find((e) => e.endsWith("polarity forward"))!.split(" ")[0]);
    expect(r.events[0]).toBe("0 polarity reverse");
    expect(ringAt - data[1]).toBeGreaterThanOrEqual(200);
    expect(spandspReceive("clip", r.audio)).toEqual([hex(message.subarray(0, -1))]);
    expect(readCallerId(r.audio)).toEqual([{ kind: "call", info }]);
  });

  it("ring-pulse alert of 200–300 ms, data 500–800 ms after it, no reversal", () => {
    const schedule = etsiBeforeRing({ message, alert: "rp-as", lineReversal: false });
    const r = record(schedule);
    expect(r.events).toEqual(["0 ring on", "250 ring off"]);
    const [data] = r.segments as [[number, number]];
    expect(data[0] - 250).toBeGreaterThanOrEqual(500);
    expect(data[0] - 250).toBeLessThanOrEqual(800);
    expect(schedule.ringingFromMs! - data[1]).toBeGreaterThanOrEqual(200);
    expect(spandspReceive("clip", r.audio)).toEqual([hex(message.subarray(0, -1))]);
  });
});

describe("BT SIN 227", () => {
  it("line reversal, 88–110 ms alert ≥ 100 ms later, V.23 45–75 ms after the alert, ring ≥ 200 ms after", () => {
    const message = mdmfCallSetup(info, "etsi");
    const schedule = btSin227({ message });
    const r = record(schedule);
    const [alert, data] = r.segments as [[number, number], [number, number]];
    expect(r.events[0]).toBe("0 polarity reverse");
    expect(alert[0]).toBeGreaterThanOrEqual(100);
    expect(alert[1] - alert[0]).toBeGreaterThanOrEqual(88);
    expect(alert[1] - alert[0]).toBeLessThanOrEqual(110);
    expect(data[0] - alert[1]).toBeGreaterThanOrEqual(45);
    expect(data[0] - alert[1]).toBeLessThanOrEqual(75);
    expect(schedule.ringingFromMs! - data[1]).toBeGreaterThanOrEqual(200);
    expect(spandspReceive("clip", r.audio)).toEqual([hex(message.subarray(0, -1))]);
  });
});

describe("DTMF caller ID and data without ringing", () => {
  it("DTMF digits before the first ring decode with spandsp CLIP-DTMF; ringing follows", () => {
    const digits = dtmfCallerIdDigits({ number: "+45 33 12 34 56" }, "denmark");
    expect(digits).toBe("A4533123456#");
    const schedule = dtmfBeforeRing(digits, { lineReversal: true });
    const r = record(schedule);
    expect(r.segments).toHaveLength(digits.length);
    expect(r.segments.every(([a, b]) => Math.abs(b - a - 70) < 1)).toBe(true);
    expect(spandspReceive("clip-dtmf", r.audio)).toEqual([hex(Buffer.from(digits))]);
    expect(schedule.ringingFromMs! - r.segments.at(-1)![1]).toBeGreaterThanOrEqual(200);
  });

  it("VMWI alone: no ringing, the line set forward again after the data", () => {
    const schedule = dataOnly({ message: mdmfMessageWaiting(true), format: FSK_FORMATS.bellOnHook, lineReversal: true });
    const r = record(schedule);
    expect(schedule.ringingFromMs).toBeUndefined();
    expect(r.events.map((e) => e.split(" ").slice(1).join(" "))).toEqual(["polarity reverse", "polarity forward"]);
    expect(readCallerId(r.audio)).toEqual([{ kind: "mwi", on: true }]);
  });
});

describe("ScheduleRunner", () => {
  it("cancelled before the data: nothing more happens and the outcome says so", () => {
    const schedule = afterFirstRing({ message: mdmfCallSetup(info) }, { onMs: 2000, offMs: 4000 });
    if (!schedule.ok) throw new Error(schedule.error);
    const r = record(schedule.value, 1000);
    expect(r.events).toEqual(["0 ring on"]);
    expect(r.segments).toEqual([]);
    expect(r.outcome).toBe("cancelled");
  });
});
