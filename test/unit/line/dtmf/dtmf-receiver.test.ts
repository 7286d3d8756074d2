/**
 * The line's DTMF receiver: 20 ms frames with capture times in, digits out with start
 * and duration in ms on the capture clock (begin once, end once); muting by reason
 * ("pulsing", "tone"), where a press under way ends at the mute and nothing is heard
 * until the last reason is lifted; a tone played to the line that would be a key is not
 * reported while muted; keys dialed over the echo of each region's dial tone are heard
 * when the receiver is told the tone (and are not without it). Detection limits themselves: dtmf-detector.test.ts.
 */
import { describe, expect, it } from "vitest";
import { ToneGenerator, type ToneComponent } from "../../../../src/dsp/index.js";
import { DtmfReceiver, type DtmfDigit } from "../../../../src/line/dtmf/dtmf-receiver.js";
import { TONE_PLANS } from "../../../../src/line/tones/tone-plans.js";
import { presses } from "./dtmf-signals.js";

function setup() {
  const begins: string[] = [];
  const digits: DtmfDigit[] = [];
  const receiver = new DtmfReceiver({ onDigitBegin: (d, at) => begins.push(`${d}@${at}`), onDigit: (d) => digits.push(d) });
  /** Feeds `audio` as 20 ms frames captured from `startMs` on. */
  const feed = (audio: Int16Array, startMs: number): void => {
    for (let i = 0; i + 160 <= audio.length; i += 160) receiver.frame(audio.subarray(i, i + 160), startMs + i / 8);
  };
  return { receiver, begins, digits, feed };
}

describe("DtmfReceiver", () => {
  it("reports each press once, in ms on the capture clock", () => {
    const { begins, digits, feed } = setup();
    feed(presses([{ key: "4", onMs: 80, offMs: 120 }, { key: "2", onMs: 60, offMs: 200 }], 100), 5000);
    expect(digits.map((d) => d.digit)).toEqual(["4", "2"]);
    expect(begins.map((b) => b[0])).toEqual(["4", "2"]);
    expect(Math.abs(digits[0]!.startMs - 5100)).toBeLessThanOrEqual(5);
    expect(Math.abs(digits[0]!.durationMs - 80)).toBeLessThanOrEqual(7);
    expect(Math.abs(digits[1]!.startMs - 5300)).toBeLessThanOrEqual(5);
    expect(Math.abs(digits[1]!.durationMs - 60)).toBeLessThanOrEqual(7);
  });

  it("ends a press at the mute and hears nothing until every reason is lifted", () => {
    const { receiver, digits, feed } = setup();
    const audio = presses([{ key: "7", onMs: 400, offMs: 100 }], 0);
    feed(audio.subarray(0, 8 * 200), 0);
    receiver.mute("pulsing");
    expect(digits).toMatchObject([{ digit: "7", startMs: expect.any(Number) }]);
    expect(digits[0]!.durationMs).toBeLessThan(200);
    receiver.mute("tone");
    receiver.unmute("pulsing");
    feed(presses([{ key: "1", onMs: 200, offMs: 100 }], 0), 1000);
    expect(receiver.muted).toBe(true);
    receiver.unmute("tone");
    expect(receiver.muted).toBe(false);
    feed(presses([{ key: "1", onMs: 100, offMs: 100 }], 0), 2000);
    expect(digits.map((d) => d.digit)).toEqual(["7", "1"]);
    expect(Math.abs(digits[1]!.startMs - 2000)).toBeLessThanOrEqual(5);
  });
});

describe("DtmfReceiver over the echo of a dial tone", () => {
  /** Keys at −22 dBm0 per tone over `components` (the dial tone's echo). */
  function overDialTone(components: readonly ToneComponent[]): Int16Array {
    const keys = presses([..."159#"].map((key) => ({ key, onMs: 60, offMs: 80, lowLevelDbm0: -22, twistDb: 0 })), 100);
    const echo = new ToneGenerator(components).next(keys.length);
    return Int16Array.from(keys, (x, i) => x + echo[i]!);
  }

  for (const region of ["US", "UK", "DE", "FR", "AU", "NZ", "JP"]) {
    it(`${region}: keys at −22 dBm0 over its dial tone's echo at −7 dB return loss are heard when told the tone`, () => {
      const dial = TONE_PLANS[region]!.tones.dial.segments[0]!.components;
      const echo = dial.map((c) => ({ ...c, levelDbm0: c.levelDbm0 - 7 }));
      const { receiver, digits, feed } = setup();
      receiver.playingTone(dial.map((c) => c.frequencyHz));
      feed(overDialTone(echo), 0);
      expect(digits.map((d) => d.digit).join("")).toBe("159#");
    });
  }

  it("without being told, the same echo spoils the keys' purity (why the notch exists)", () => {
    const echo = TONE_PLANS["US"]!.tones.dial.segments[0]!.components.map((c) => ({ ...c, levelDbm0: c.levelDbm0 - 7 }));
    const { digits, feed } = setup();
    feed(overDialTone(echo), 0);
    expect(digits.length).toBeLessThan(4);
  });
});
