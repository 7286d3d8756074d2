/**
 * The echo canceller's 2100 Hz tone disabler (ITU-T G.164/G.165/G.168 §7), through the
 * canceller itself: an answer tone, with or without phase reversals every 450 ms, from
 * either side, disables it within 400 ± 100 ms, after which every sample sent is the
 * captured sample; it holds while the modem or fax signal goes on and comes back 250 ±
 * 150 ms after the line falls quiet. Tones that are not an answer tone (too weak, 60 Hz
 * off, dial tone, DTMF) and speech leave it enabled. Cancellation itself:
 * line-echo-canceller.test.ts.
 */
import { describe, expect, it } from "vitest";
import { ToneGenerator, dtmfComponents, type ToneComponent } from "../../../../src/dsp/index.js";
import { LineEchoCanceller } from "../../../../src/line/echo/index.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { echoOf, impulseResponse, lineNoise, ECHO_PATHS } from "../../../support/echo/hybrid.js";
import { FAR_TALKER, talk } from "../../../support/speech.js";
import { concat, sine } from "../../../support/signals.js";
import { sineAmplitudeForDbm0 } from "../../../../src/dsp/measure.js";

const FRAME = 160;
const ms = (n: number): number => n * 8;

function tone(components: ToneComponent[], lengthMs: number): Int16Array {
  return new ToneGenerator(components).next(ms(lengthMs));
}

/** 2100 Hz at `levelDbm0` with its phase turned by 180° every 450 ms (V.25 ANS for echo cancellers). */
function answerToneWithReversals(lengthMs: number, levelDbm0: number): Int16Array {
  const amplitude = sineAmplitudeForDbm0(levelDbm0);
  return concat(Array.from({ length: Math.ceil(lengthMs / 450) }, (_, k) =>
    sine(ms(450), { frequencyHz: 2100, amplitude, startSample: k * ms(450), phaseRad: k % 2 === 0 ? 0 : Math.PI }),
  )).subarray(0, ms(lengthMs));
}

interface Side {
  /** Played to the phone (a far modem's tone, or silence). */
  reference: Int16Array;
  /** What the phone's own device sends (a local fax's tone, or silence). */
  local: Int16Array;
}

/** Runs the canceller over a call where the capture is local + hybrid echo + noise; per frame: disabled, capture, output. */
function run({ reference, local }: Side) {
  const echo = echoOf(reference, impulseResponse(ECHO_PATHS[1]!));
  const noise = lineNoise(reference.length, -70, 7);
  const capture = Int16Array.from(reference, (_, i) => Math.max(-32768, Math.min(32767, Math.round(local[i]! + echo[i]! + noise[i]!))));
  const sink = new MemorySink();
  const canceller = new LineEchoCanceller({ log: new Logs(sink.sink, "debug").get("line.echo", 0) });
  const frames: Array<{ disabled: boolean; capture: Int16Array; out: Int16Array }> = [];
  for (let at = 0; at + FRAME <= capture.length; at += FRAME) {
    const frameCapture = capture.subarray(at, at + FRAME);
    const out = canceller.process(reference.subarray(at, at + FRAME), frameCapture);
    frames.push({ disabled: canceller.disabled, capture: frameCapture, out });
  }
  return { frames, logs: sink.lines("line.echo") };
}

const silence = (lengthMs: number): Int16Array => new Int16Array(ms(lengthMs));
const firstDisabledMs = (frames: Array<{ disabled: boolean }>): number => frames.findIndex((f) => f.disabled) * 20;

describe("answer tone disabler", () => {
  const tones: Array<[string, (lengthMs: number) => Int16Array]> = [
    ["steady 2100 Hz", (lengthMs) => tone([{ frequencyHz: 2100, levelDbm0: -12 }], lengthMs)],
    ["2100 Hz with phase reversals", (lengthMs) => answerToneWithReversals(lengthMs, -12)],
    ["2100 Hz + 15 Hz at −30 dBm0", (lengthMs) => tone([{ frequencyHz: 2115, levelDbm0: -30 }], lengthMs)],
  ];

  it.each(tones)("%s from the far modem: disabled within 400 ± 100 ms, then every sample is the capture", (_name, make) => {
    const { frames, logs } = run({ reference: concat([silence(200), make(3000), silence(1000)]), local: silence(4200) });
    const onsetMs = 200;
    const disabledAt = firstDisabledMs(frames) - onsetMs;
    expect(disabledAt).toBeGreaterThanOrEqual(300);
    expect(disabledAt).toBeLessThanOrEqual(500);
    const disabled = frames.filter((f) => f.disabled);
    expect(disabled.length).toBeGreaterThan(100);
    for (const f of disabled) expect(f.out).toEqual(f.capture);
    expect(logs).toContain("info line.echo 2100 Hz answer tone: echo canceller disabled");
  });

  it("a local fax's answer tone (on the capture) disables it the same way", () => {
    const { frames } = run({ reference: silence(3200), local: concat([silence(200), answerToneWithReversals(3000, -15)]) });
    expect(firstDisabledMs(frames) - 200).toBeLessThanOrEqual(500);
    for (const f of frames.filter((x) => x.disabled)) expect(f.out).toEqual(f.capture);
  });

  it("holds while the call's signal goes on, and re-enables 250 ± 150 ms after the line falls quiet", () => {
    // Answer tone, then V.21 fax signalling (1650/1850 Hz alternating) for two seconds, then quiet.
    const v21 = concat(Array.from({ length: 100 }, (_, k) => tone([{ frequencyHz: k % 3 === 0 ? 1650 : 1850, levelDbm0: -15 }], 20)));
    const reference = concat([tone([{ frequencyHz: 2100, levelDbm0: -12 }], 1000), v21, silence(1000)]);
    const { frames, logs } = run({ reference, local: silence(4000) });
    const quietFromMs = 3000;
    const enabledAgain = frames.findIndex((f, i) => i * 20 >= quietFromMs && !f.disabled) * 20 - quietFromMs;
    expect(frames.slice(25, quietFromMs / 20).every((f) => f.disabled)).toBe(true);
    expect(enabledAgain).toBeGreaterThanOrEqual(100);
    expect(enabledAgain).toBeLessThanOrEqual(400);
    expect(logs).toContain("info line.echo line quiet after answer tone: echo canceller enabled");
  });

  it.each<[string, (lengthMs: number) => Int16Array]>([
    ["2100 Hz at −40 dBm0 (below the −31 dBm0 threshold)", (lengthMs) => tone([{ frequencyHz: 2100, levelDbm0: -40 }], lengthMs)],
    ["2160 Hz (60 Hz off)", (lengthMs) => tone([{ frequencyHz: 2160, levelDbm0: -12 }], lengthMs)],
    ["US dial tone 350 + 440 Hz", (lengthMs) => tone([{ frequencyHz: 350, levelDbm0: -13 }, { frequencyHz: 440, levelDbm0: -13 }], lengthMs)],
    ["DTMF 9 held", (lengthMs) => tone(dtmfComponents("9"), lengthMs)],
    ["speech", (lengthMs) => talk(FAR_TALKER, -10).subarray(0, ms(lengthMs))],
  ])("%s leaves it enabled", (_name, make) => {
    const { frames } = run({ reference: make(3000), local: silence(3000) });
    expect(frames.some((f) => f.disabled)).toBe(false);
  });
});
