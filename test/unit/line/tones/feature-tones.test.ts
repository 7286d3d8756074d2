/**
 * The tones the calling features need, measured from TonePlayer's audio in every region:
 * confirmation is three 100 ms bursts of the region's dial tone with 100 ms gaps, then
 * silence for good (GR-506: 350+440 Hz at −13 dBm0 each in North America); recall dial
 * tone is three such bursts then steady dial tone where no national special dial tone is
 * known, and the national one in UK, DE, NL and SE. The player tells its caller, at the
 * exact sample, that a tone played once has ended, and lets the next tone start in the
 * same frame; a stopped or replaced tone never reports an end. Cadence, level and
 * frequency of every tone in general: tone-plans.test.ts.
 */
import { describe, expect, it } from "vitest";
import { dbovToDbm0, rms, rmsDbm0, toneDbov } from "../../../../src/dsp/index.js";
import type { ToneName } from "../../../../src/line/tones/tone-plan.js";
import { TONE_PLANS } from "../../../../src/line/tones/tone-plans.js";
import { TonePlayer } from "../../../../src/line/tones/tone-player.js";

const SAMPLES_PER_MS = 8;

function play(region: string, name: ToneName, ms: number, frame = 160): Int16Array {
  const player = new TonePlayer(TONE_PLANS[region]!);
  player.start(name);
  const out = new Int16Array(ms * SAMPLES_PER_MS);
  for (let at = 0; at < out.length; at += frame) out.set(player.next(frame).subarray(0, out.length - at), at);
  return out;
}

/** Times (ms) where the sound turns on or off, from 1 ms blocks (silence: below −60 dBm0). */
function edges(audio: Int16Array): number[] {
  const out: number[] = [];
  let on = false;
  for (let b = 0; b * SAMPLES_PER_MS < audio.length; b++) {
    const now = rmsDbm0(audio.subarray(b * SAMPLES_PER_MS, (b + 1) * SAMPLES_PER_MS)) > -60;
    if (now !== on) out.push(b);
    on = now;
  }
  return out;
}

const ms = (from: number, to: number): [number, number] => [from * SAMPLES_PER_MS, to * SAMPLES_PER_MS];
const THREE_BURSTS = [0, 100, 200, 300, 400, 500];
const NATIONAL_SPECIAL_DIAL = ["UK", "DE", "NL", "SE"];

describe("feature tones", () => {
  it("US confirmation: 350+440 Hz at −13 dBm0 each, 3 × 100 ms on / 100 ms off, then silence (GR-506)", () => {
    const audio = play("US", "confirmation", 5000);
    expect(edges(audio)).toEqual(THREE_BURSTS);
    for (const start of [0, 200, 400]) {
      const burst = audio.subarray(...ms(start + 5, start + 95));
      expect(dbovToDbm0(toneDbov(burst, 350))).toBeCloseTo(-13, 0);
      expect(dbovToDbm0(toneDbov(burst, 440))).toBeCloseTo(-13, 0);
    }
    expect(rms(audio.subarray(...ms(500, 5000)))).toBe(0);
  });

  for (const region of Object.keys(TONE_PLANS)) {
    it(`${region}: confirmation is three bursts of the region's dial tone, then silence`, () => {
      const dial = play(region, "dial", 100);
      const audio = play(region, "confirmation", 3000);
      expect(edges(audio)).toEqual(THREE_BURSTS);
      for (const start of [0, 200, 400]) expect(audio.subarray(...ms(start, start + 100))).toEqual(dial);
      expect(rms(audio.subarray(...ms(500, 3000)))).toBe(0);
    });

    if (NATIONAL_SPECIAL_DIAL.includes(region)) continue;
    it(`${region}: recall dial tone is three 100/100 ms bursts of dial tone, then steady dial tone`, () => {
      const dial = play(region, "dial", 2000);
      const audio = play(region, "recallDial", 2600);
      expect(edges(audio)).toEqual([...THREE_BURSTS, 600]);
      for (const start of [0, 200, 400]) expect(audio.subarray(...ms(start, start + 100))).toEqual(dial.subarray(...ms(0, 100)));
      expect(audio.subarray(...ms(600, 2600))).toEqual(dial);
    });
  }

  it("national special dial tones: UK 350+440 / 440 Hz alternating, DE 400+425 Hz, NL 500/50 ms, SE 320/20 ms", () => {
    const uk = play("UK", "recallDial", 3000);
    expect(edges(uk)).toEqual([0]);
    for (const [from, both] of [[0, true], [750, false], [1500, true], [2250, false]] as const) {
      const part = uk.subarray(...ms(from + 5, from + 745));
      expect(dbovToDbm0(toneDbov(part, 440)), `UK at ${from} ms`).toBeCloseTo(-13, 0);
      if (both) expect(dbovToDbm0(toneDbov(part, 350)), `UK at ${from} ms`).toBeCloseTo(-13, 0);
      else expect(dbovToDbm0(toneDbov(part, 350)), `UK at ${from} ms`).toBeLessThan(-60);
    }
    const de = play("DE", "recallDial", 2000);
    expect(edges(de)).toEqual([0]);
    expect(dbovToDbm0(toneDbov(de, 400))).toBeCloseTo(-13, 0);
    expect(dbovToDbm0(toneDbov(de, 425))).toBeCloseTo(-13, 0);
    expect(edges(play("NL", "recallDial", 1200))).toEqual([0, 500, 550, 1050, 1100]);
    expect(edges(play("SE", "recallDial", 700))).toEqual([0, 320, 340, 660, 680]);
  });

  it("tells the caller a tone played once has ended, at the sample, and starts the next tone in the same frame", () => {
    const player = new TonePlayer(TONE_PLANS["US"]!);
    const ended: number[] = [];
    player.start("confirmation", () => {
      ended.push(player.elapsedMs);
      expect(player.current).toBeUndefined();
      player.start("dial");
    });
    const audio = new Int16Array(1000 * SAMPLES_PER_MS);
    for (let at = 0; at < audio.length; at += 256) audio.set(player.next(256).subarray(0, audio.length - at), at); // 600 ms falls mid-frame
    expect(ended).toEqual([600]);
    expect(player.current).toBe("dial");
    expect(edges(audio)).toEqual([...THREE_BURSTS, 600]);
    expect(audio.subarray(...ms(600, 1000))).toEqual(play("US", "dial", 400));
  });

  it("goes silent after a tone played once when nobody starts another, and reports nothing for stopped, replaced or repeating tones", () => {
    const player = new TonePlayer(TONE_PLANS["DE"]!);
    let ended = 0;
    player.start("confirmation", () => ended++);
    player.next(SAMPLES_PER_MS * 700);
    expect(ended).toBe(1);
    expect(player.current).toBeUndefined();
    expect(rms(player.next(SAMPLES_PER_MS * 100))).toBe(0);

    player.start("confirmation", () => ended++);
    player.next(SAMPLES_PER_MS * 300);
    player.stop();
    player.start("confirmation", () => ended++);
    player.next(SAMPLES_PER_MS * 300);
    player.start("busy", () => ended++);
    player.next(SAMPLES_PER_MS * 5000);
    expect(ended).toBe(1);
    expect(player.current).toBe("busy");
  });
});
