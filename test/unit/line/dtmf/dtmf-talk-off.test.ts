/**
 * Talk-off: speech and music must not be taken for keys. Speech is espeak-ng in eight
 * voices and languages (about two minutes, peak −3 dBFS); music is the seeded synthesizer
 * of dtmf-signals.ts with reedy timbres (harmonics), where a key would be a talk-off, and
 * with pure sines, where two notes can be a real tone pair within Q.24's tolerance: there
 * we ask for no more than spandsp's receiver finds. Per-minute figures are printed by
 * bench/dtmf-talk-off.bench.ts. Needs espeak-ng, sox, cc and libspandsp-dev.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DtmfDetector } from "../../../../src/dsp/index.js";
import { SPEECH_VOICES, music, speech } from "./dtmf-signals.js";
import { SpandspDtmf } from "./spandsp-dtmf.js";

function detections(audio: Int16Array): string[] {
  const detector = new DtmfDetector();
  return [...detector.process(audio), ...detector.flush()].filter((e) => e.type === "end").map((e) => `${e.key}@${(e.startSample / 8000).toFixed(2)}s`);
}

describe("DTMF talk-off", () => {
  let spandsp: SpandspDtmf;
  beforeAll(() => {
    spandsp = new SpandspDtmf();
  });
  afterAll(() => spandsp.close());

  it("finds no key in espeak-ng speech (8 voices)", () => {
    for (const voice of SPEECH_VOICES) {
      const audio = speech(voice);
      expect(audio.length).toBeGreaterThan(8000 * 10);
      expect(detections(audio), voice).toEqual([]);
    }
  });

  it("finds no key in music with harmonics (two and three voices, 2 minutes each)", () => {
    expect(detections(music({ seconds: 120, seed: 1, harmonics: 3, voices: 2 }))).toEqual([]);
    expect(detections(music({ seconds: 120, seed: 2, harmonics: 6, voices: 3 }))).toEqual([]);
  });

  it("finds no more keys than spandsp in music of pure sines (two voices, 2 minutes)", () => {
    const audio = music({ seconds: 120, seed: 3, harmonics: 1, voices: 2 });
    const theirs = spandsp.receive(audio).length;
    expect(detections(audio).length).toBeLessThanOrEqual(theirs);
  });
});
