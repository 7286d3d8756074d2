/**
 * By hand, on a Raspberry Pi (or any Linux machine) with a real sound card: AlsaLineAudio
 * on the card named by DIALTONE_TEST_CARD (default "Device"), through our addon and through
 * arecord/aplay. Checks that the card paces 50 frames a second and plays a measured tone,
 * and with a loopback hears it back. Prints what it measures.
 *
 *   DIALTONE_TEST_CARD="USB Audio Device" npx vitest run --config test/hardware/vitest.config.ts test/hardware/alsa.hardware.test.ts
 *   DIALTONE_TEST_LOOPBACK=1  a cable joins the card's output to its input (or the SLIC's hybrid echoes)
 * Unplugging is in alsa-replug.test.ts (it asks you to pull the card).
 *
 * Not covered: anything the file-plugin unit tests cover (byte-exactness, injected xruns).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { AlsaBackend, AudioFault } from "../../hal/alsa/alsa-line-audio.js";
import { describeSoundCards, findSoundCard, readSoundCards } from "../../hal/alsa/sound-cards.js";
import { dominantFrequency, rmsDbm0, sineAmplitudeForDbm0, toneDbov } from "../../src/dsp/measure.js";
import { sine } from "../support/signals.js";
import { CARD, closeCards, openCard, until } from "./alsa-card.js";

afterEach(closeCards);

const LOOPBACK = process.env.DIALTONE_TEST_LOOPBACK === "1";


it(`lists the card "${CARD}" in /proc/asound/cards`, () => {
  const cards = readSoundCards();
  if (!cards.ok) throw new Error(`${cards.error} (is this a machine with ALSA and a sound card?)`);
  console.log(`cards: ${describeSoundCards(cards.value)}`);
  const card = findSoundCard(cards.value, CARD);
  if (!card.ok) throw new Error(`${card.error}; set DIALTONE_TEST_CARD to one of them`);
});

describe.each<AlsaBackend>(["addon", "arecord/aplay"])("%s on a real card", (backend) => {
  it("captures 50 frames a second, paced by the card, without xruns", async () => {
    const faults: AudioFault[] = [];
    const audio = openCard(backend, faults);
    const frames: Int16Array[] = [];
    audio.onCapture((frame) => frames.push(frame));
    await until(() => audio.state === "running" && frames.length > 0, "the first frame", 5000);
    const start = performance.now();
    const first = frames.length;
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const rate = ((frames.length - first) * 1000) / (performance.now() - start);
    const all = new Int16Array(frames.length * 160);
    frames.forEach((f, i) => all.set(f, i * 160));
    console.log(`${backend}: ${rate.toFixed(2)} frames/s, capture level ${rmsDbm0(all).toFixed(1)} dBm0, faults: ${JSON.stringify(faults)}`);
    await audio.close();
    expect(rate).toBeGreaterThan(49);
    expect(rate).toBeLessThan(51);
    expect(faults).toEqual([]);
  });

  it("plays a 1 kHz tone at -10 dBm0 for 3 s (listen for it; with DIALTONE_TEST_LOOPBACK=1 it is measured on the input)", async () => {
    const faults: AudioFault[] = [];
    const audio = openCard(backend, faults);
    const heard: Int16Array[] = [];
    let sent = 0;
    const amplitude = sineAmplitudeForDbm0(-10);
    audio.onCapture((frame) => {
      heard.push(frame);
      // Keep two frames queued: one played per captured frame.
      while (sent < 150 && audio.queuedFrames < 2) audio.play(sine(160, { frequencyHz: 1000, amplitude, startSample: 160 * sent++ }));
    });
    await until(() => heard.length >= 200, "4 s of capture", 10_000);
    await audio.close();
    const tail = new Int16Array(100 * 160);
    heard.slice(50, 150).forEach((f, i) => tail.set(f, i * 160));
    const onset = heard.findIndex((f) => toneDbov(f, 1000) > -50);
    console.log(`${backend}: input during the tone: ${dominantFrequency(tail).toFixed(1)} Hz, ${toneDbov(tail, 1000).toFixed(1)} dBov at 1 kHz; tone first heard in frame ${onset} (${onset * 20} ms)`);
    expect(faults).toEqual([]);
    if (LOOPBACK) {
      expect(Math.abs(dominantFrequency(tail) - 1000)).toBeLessThan(5);
      expect(onset).toBeGreaterThanOrEqual(0);
    }
  });
});
