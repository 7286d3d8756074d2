/**
 * Every tone of every region's plan, played by TonePlayer in 20 ms frames and measured:
 * the on/off edges found in the audio (1 ms RMS blocks) fall where the cadence says, to
 * the millisecond, over two full cycles (a tone played once, such as confirmation: then
 * silence); inside each burst every component is at its
 * frequency and level (Goertzel, where the burst is long enough to resolve them; else
 * the burst's total level) and nothing else sounds; silences are silent. Also the
 * well-known cadences by number (US ringback 2/4 s, UK ringback 0.4/0.2/0.4/2.0 s) and
 * AM tones (AU dial 425 Hz × 25 Hz) by their envelope. Ring cadences: ring-player tests.
 */
import { describe, expect, it } from "vitest";
import { dbovToDbm0, dominantFrequency, rms, rmsDbm0, toneDbov } from "../../../../src/dsp/index.js";
import { TONE_NAMES, type TonePattern } from "../../../../src/line/tones/tone-plan.js";
import { TONE_PLANS, tonePlanFor } from "../../../../src/line/tones/tone-plans.js";
import { TonePlayer } from "../../../../src/line/tones/tone-player.js";

/** `ms` of a plan's tone, played in 20 ms frames. */
function play(region: string, name: (typeof TONE_NAMES)[number], ms: number): Int16Array {
  const player = new TonePlayer(TONE_PLANS[region]!);
  player.start(name);
  const out = new Int16Array((ms * 8) | 0);
  for (let at = 0; at < out.length; at += 160) out.set(player.next(160).subarray(0, out.length - at), at);
  return out;
}

/** Times (ms) where the sound turns on or off, from 1 ms blocks (silence: below −60 dBm0). */
function edges(audio: Int16Array): number[] {
  const out: number[] = [];
  let on = false;
  for (let b = 0; b * 8 < audio.length; b++) {
    const now = rmsDbm0(audio.subarray(b * 8, b * 8 + 8)) > -60;
    if (now !== on) out.push(b);
    on = now;
  }
  return out;
}

interface Span { fromMs: number; toMs: number; segment: TonePattern["segments"][number] }

const SILENCE = { components: [], ms: Infinity };

/** The segments the pattern plays in its first `totalMs`, with their times (silence after a pattern played once). */
function timeline(pattern: TonePattern, totalMs: number): Span[] {
  const spans: Span[] = [];
  let t = 0;
  let i = 0;
  while (t < totalMs) {
    const segment = pattern.segments[i] ?? SILENCE;
    const toMs = Math.min(totalMs, t + segment.ms);
    if (segment.ms > 0) spans.push({ fromMs: t, toMs, segment });
    t = toMs;
    i = i + 1 < pattern.segments.length || pattern.once === true ? i + 1 : (pattern.repeatFrom ?? 0);
  }
  return spans;
}

function expectedEdges(spans: Span[]): number[] {
  const out: number[] = [];
  let on = false;
  for (const s of spans) {
    const sounding = s.segment.components.length > 0;
    if (sounding !== on) out.push(s.fromMs);
    on = sounding;
  }
  return out;
}

/** Length of two cycles of the pattern (at least 3 s, at most 25 s; 3 s for steady tones and tones played once). */
function twoCycles(pattern: TonePattern): number {
  const finite = pattern.segments.filter((s) => s.ms !== Infinity).reduce((sum, s) => sum + s.ms, 0);
  const steadyTail = pattern.segments.some((s) => s.ms === Infinity) || pattern.once === true;
  return Math.min(25_000, Math.max(3000, steadyTail ? finite + 2000 : 2 * finite));
}

describe("tone plans", () => {
  it("covers the ten regions with every tone and a ring cadence", () => {
    expect(Object.keys(TONE_PLANS).sort()).toEqual(["AU", "CA", "DE", "FR", "JP", "NL", "NZ", "SE", "UK", "US"]);
    for (const plan of Object.values(TONE_PLANS)) {
      expect(Object.keys(plan.tones).sort()).toEqual([...TONE_NAMES].sort());
      expect(plan.ring.length % 2).toBe(0);
    }
    expect(tonePlanFor("gb")).toBe(TONE_PLANS["UK"]);
    expect(tonePlanFor("XX")).toBeUndefined();
  });

  for (const region of Object.keys(TONE_PLANS)) {
    it(`${region}: every tone's cadence, frequencies and levels, measured from the audio`, () => {
      for (const name of TONE_NAMES) {
        const pattern = TONE_PLANS[region]!.tones[name];
        const totalMs = twoCycles(pattern);
        const audio = play(region, name, totalMs);
        const spans = timeline(pattern, totalMs);
        expect(edges(audio), `${region} ${name} edges`).toEqual(expectedEdges(spans));
        for (const span of spans) {
          const block = audio.subarray((span.fromMs + 5) * 8, Math.min(span.toMs - 5, span.fromMs + 1005) * 8);
          const label = `${region} ${name} at ${span.fromMs} ms`;
          const components = span.segment.components;
          if (components.length === 0) {
            expect(rms(block), label).toBe(0);
            continue;
          }
          const totalPower = components.reduce((p, c) => p + 10 ** (c.levelDbm0 / 10), 0);
          expect(rmsDbm0(block), label).toBeCloseTo(10 * Math.log10(totalPower), 0);
          const spacing = Math.min(...components.flatMap((a) => components.filter((b) => b !== a).map((b) => Math.abs(a.frequencyHz - b.frequencyHz))), 1000);
          if (block.length < (4 * 8000) / spacing) continue; // too short to resolve the components apart
          for (const c of components) {
            expect(dbovToDbm0(toneDbov(block, c.frequencyHz)), `${label}: ${c.frequencyHz} Hz`).toBeCloseTo(c.levelDbm0, 0);
          }
          if (components.length === 1) expect(dominantFrequency(block), label).toBeCloseTo(components[0]!.frequencyHz, 0);
        }
      }
    });
  }

  it("US ringback is 440+480 Hz, 2 s on, 4 s off; UK ringback 400+450 Hz, 0.4/0.2/0.4/2.0 s", () => {
    expect(edges(play("US", "ringback", 12_000))).toEqual([0, 2000, 6000, 8000]);
    expect(edges(play("UK", "ringback", 6000))).toEqual([0, 400, 600, 1000, 3000, 3400, 3600, 4000]);
    const us = play("US", "ringback", 1000);
    expect(dbovToDbm0(toneDbov(us, 440))).toBeCloseTo(-19, 0);
    expect(dbovToDbm0(toneDbov(us, 480))).toBeCloseTo(-19, 0);
  });

  it("AU dial tone is 425 Hz amplitude-modulated by 25 Hz: its envelope beats at 25 Hz", () => {
    const audio = play("AU", "dial", 2000);
    const envelope = Int16Array.from({ length: audio.length / 40 }, (_, i) => rms(audio.subarray(i * 40, i * 40 + 40)));
    const mean = envelope.reduce((a, b) => a + b, 0) / envelope.length;
    const centred = Int16Array.from(envelope, (e) => e - mean);
    expect(dominantFrequency(centred, { fromHz: 5, toHz: 90, sampleRateHz: 200 })).toBeCloseTo(25, 0);
    expect(dominantFrequency(audio.subarray(0, 800), { fromHz: 300, toHz: 600 })).toBeCloseTo(425, 0);
  });

  it("stops, restarts from the top of the cadence, and plays silence when stopped", () => {
    const player = new TonePlayer(TONE_PLANS["DE"]!);
    player.start("busy");
    player.next(8 * 300);
    expect(player.elapsedMs).toBe(300);
    player.stop();
    expect(player.current).toBeUndefined();
    expect(rms(player.next(160))).toBe(0);
    player.start("busy");
    expect(edges(player.next(8 * 1000))).toEqual([0, 480, 960]);
  });
});
