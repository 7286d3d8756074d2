/**
 * AlsaLineAudio, the LineAudio of a sound card, on both backends (our addon and the
 * arecord/aplay fallback) through alsa-lib's file plugin, with a fake /proc/asound/cards and
 * a FakeClock for the retry timer: the card found by name at whatever index, a 1 kHz tone
 * played and measured (frequency, level, delay in frames), the frame-length rule, a card
 * that goes away (not listed, then listed but not opening) and comes back at another index,
 * the fallback when the addon is not built, and close. Not covered: real USB cards and
 * real unplugging (test/hardware/alsa.hardware.ts), wall-clock timing.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AddonDuplex } from "../../../../hal/alsa/addon-duplex.js";
import { AlsaLineAudio, type AlsaAudioState, type AlsaLineAudioOptions, type AudioFault } from "../../../../hal/alsa/alsa-line-audio.js";
import { ProcessDuplex } from "../../../../hal/alsa/process-duplex.js";
import type { Duplex, OpenDuplex } from "../../../../hal/alsa/duplex.js";
import { dominantFrequency, rmsDbm0, sineAmplitudeForDbm0, toneDbov, dbm0ToDbov } from "../../../../src/dsp/measure.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, MemorySink } from "../../../../src/util/log.js";
import { builtAddon } from "../../../support/alsa/addon.js";
import { splitPlayed } from "../../../support/alsa/duplex-recorder.js";
import { FileCard, numberedFrames, waitUntil, type CaptureFeeder } from "../../../support/alsa/file-card.js";
import { sine } from "../../../support/signals.js";

const addon = builtAddon();

interface Backend {
  name: string;
  /** Periods of silence ahead of the first played frame when play() runs before each capture. */
  delayFrames: number;
  opener(card: FileCard, clock: FakeClock, keep: (duplex: Duplex) => void): { kind: string; open: OpenDuplex };
  /** Makes the running duplex end as a vanished device would. */
  vanish(duplex: Duplex, feeder: CaptureFeeder): void;
}

const BACKENDS: Backend[] = [
  {
    name: "addon",
    delayFrames: 2,
    opener: (card, _clock, keep) => {
      card.useInThisProcess();
      return { kind: "addon", open: (pcm, options, events) => keepDuplex(keep, new AddonDuplex(addon, pcm, options, events)) };
    },
    // The hook acts at the next read; one more period from the "card" lets the waiting read end first.
    vanish: (duplex, feeder) => {
      (duplex as AddonDuplex).inject("capture", "ENODEV");
      feeder.write(new Int16Array(160));
    },
  },
  {
    name: "arecord/aplay",
    delayFrames: 0,
    opener: (card, clock, keep) => ({
      kind: "arecord/aplay",
      open: (pcm, options, events) => keepDuplex(keep, new ProcessDuplex(pcm, options, events, { clock, env: card.env })),
    }),
    vanish: (duplex) => process.kill((duplex as ProcessDuplex).pids.arecord!, "SIGKILL"),
  },
];

function keepDuplex<T extends Duplex>(keep: (duplex: Duplex) => void, duplex: T): T {
  keep(duplex);
  return duplex;
}

interface Harness {
  card: FileCard;
  clock: FakeClock;
  sink: MemorySink;
  faults: AudioFault[];
  states: AlsaAudioState[];
  audio: AlsaLineAudio;
  duplexes: Duplex[];
  feeders: CaptureFeeder[];
}

const harnesses: Harness[] = [];

function start(backend: Backend, extra: Partial<AlsaLineAudioOptions> = {}, cardIndex = 3): Harness {
  const card = new FileCard("Device", "USB Audio Device");
  card.list(true, cardIndex);
  const clock = new FakeClock();
  const sink = new MemorySink();
  const faults: AudioFault[] = [];
  const duplexes: Duplex[] = [];
  const feeders = [card.feeder()];
  const audio = new AlsaLineAudio({
    device: { card: "USB Audio Device" },
    clock,
    logs: new Logs(sink.sink, "debug", () => clock.now()),
    logId: 0,
    onFault: (fault) => faults.push(fault),
    cardsPath: card.cardsPath,
    pcmName: (found) => `dialtone_${found.id}`,
    duplexOpener: backend.opener(card, clock, (duplex) => duplexes.push(duplex)),
    ...extra,
  });
  const states: AlsaAudioState[] = [];
  audio.onStateChange((state) => states.push(state));
  const harness = { card, clock, sink, faults, states, audio, duplexes, feeders };
  harnesses.push(harness);
  return harness;
}

/** Feeds `frames` one at a time, each after the previous one was captured, calling `each` per captured frame. */
async function lockstep(h: Harness, frames: Int16Array[], each: (frame: Int16Array, i: number, atMs: number) => void): Promise<Int16Array[]> {
  const captured: Int16Array[] = [];
  const feeder = h.feeders[h.feeders.length - 1]!;
  const stop = h.audio.onCapture((frame, atMs) => {
    const i = captured.push(frame) - 1;
    each(frame, i, atMs);
    if (i + 1 < frames.length) feeder.write(frames[i + 1]!);
  });
  feeder.write(frames[0]!);
  await waitUntil(() => captured.length >= frames.length, `${frames.length} captured frames`);
  stop();
  return captured;
}

async function closeAudio(h: Harness): Promise<void> {
  const closed = h.audio.close();
  h.feeders[h.feeders.length - 1]!.write(new Int16Array(160));
  await closed;
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    if (h.audio.state !== "closed") await closeAudio(h);
    for (const feeder of h.feeders) feeder.close();
    h.card.remove();
  }
});

describe.each(BACKENDS)("AlsaLineAudio on $name", (backend) => {
  it("opens the card found by name at whatever index it has, through the PCM named for its id", async () => {
    const h = start(backend, {}, 3);
    expect(h.audio.state).toBe("opening");
    h.feeders[0]!.write(new Int16Array(160).fill(7));
    await waitUntil(() => h.audio.state === "running", "running");
    expect(h.states).toEqual(["running"]);
    expect(h.sink.lines("hal.alsa").some((l) => l.startsWith(`info hal.alsa opened dialtone_Device (card 3 "USB Audio Device", ${backend.name})`))).toBe(true);
    expect(h.faults).toEqual([]);
  });

  it("captures byte-exact at the clock's time, and plays a 1 kHz tone at -10 dBm0 that measures so, after a fixed delay", async () => {
    const h = start(backend);
    const amplitude = sineAmplitudeForDbm0(-10);
    const tone = Array.from({ length: 50 }, (_, i) => sine(160, { frequencyHz: 1000, amplitude, startSample: i * 160 }));
    const sent = numberedFrames(50);
    const times: number[] = [];
    h.audio.play(tone[0]!);
    const captured = await lockstep(h, sent, (_frame, i, atMs) => {
      times.push(atMs);
      h.clock.advance(20);
      if (i + 1 < tone.length) h.audio.play(tone[i + 1]!);
    });
    expect(captured).toEqual(sent);
    expect(times).toEqual(sent.map((_, i) => i * 20));
    await closeAudio(h);
    const played = splitPlayed(h.card.output());
    expect(played.leadingSilent).toBe(backend.delayFrames);
    expect(played.innerSilent).toBe(0);
    expect(played.audio).toEqual(tone);
    const heard = h.card.output().subarray(backend.delayFrames * 160, (backend.delayFrames + 50) * 160);
    expect(dominantFrequency(heard)).toBeCloseTo(1000, 0);
    expect(rmsDbm0(heard)).toBeCloseTo(-10, 1);
    expect(toneDbov(heard, 1000)).toBeCloseTo(dbm0ToDbov(-10), 1);
  });

  it("rejects a frame of the wrong length with a RangeError and keeps going", async () => {
    const h = start(backend);
    expect(() => h.audio.play(new Int16Array(159))).toThrow(new RangeError("a frame has 160 samples, not 159"));
    const captured = await lockstep(h, numberedFrames(3), () => undefined);
    expect(captured).toEqual(numberedFrames(3));
  });

  it("reports a card that goes away, waits while it is not listed or does not open, and reopens it by name at its new index", async () => {
    const h = start(backend, {}, 1);
    await lockstep(h, numberedFrames(3), () => undefined);
    // Unplugged: the kernel drops the card and its device nodes.
    h.card.list(false);
    h.card.removeInput();
    backend.vanish(h.duplexes[0]!, h.feeders[0]!);
    await waitUntil(() => h.audio.state === "waiting", "waiting");
    expect(h.faults.map((f) => [f.kind, f.retrying])).toEqual([["gone", true]]);
    expect(h.faults[0]!.message).toMatch(/^dialtone_Device stopped: /);

    h.clock.advance(1000);
    expect(h.faults.map((f) => f.kind)).toEqual(["gone", "missing"]);
    expect(h.faults[1]!.message).toBe('no sound card "USB Audio Device" among 0 Headphones "bcm2835 Headphones"');
    h.clock.advance(3000);
    expect(h.faults.length).toBe(2); // the same trouble is reported once

    // Plugged back in at another index, but its PCM is not ready yet.
    h.card.list(true, 4);
    h.clock.advance(1000);
    await waitUntil(() => h.faults.length === 3 && h.audio.state === "waiting", "the reopen to fail");
    expect(h.faults[2]).toMatchObject({ kind: "gone", retrying: true });
    expect(h.faults[2]!.message).toMatch(/^dialtone_Device did not open: .*No such file or directory/);

    const after = numberedFrames(5, 160, 7);
    const captured: Int16Array[] = [];
    h.audio.onCapture((frame) => {
      captured.push(frame);
      if (captured.length < after.length) h.feeders[1]!.write(after[captured.length]!);
    });
    h.card.createInput();
    h.feeders.push(h.card.feeder());
    h.clock.advance(1000);
    h.feeders[1]!.write(after[0]!);
    await waitUntil(() => captured.length >= after.length, "frames after the return");
    expect(captured).toEqual(after);
    expect(h.audio.state).toBe("running");
    expect(h.faults[3]).toEqual({ kind: "returned", message: "dialtone_Device is back", retrying: false, recovered: true });
    expect(h.sink.lines("hal.alsa").filter((l) => l.includes("opened dialtone_Device")).map((l) => /card (\d)/.exec(l)![1])).toEqual(["1", "4"]);
  });

  it("closes idempotently; afterwards play and onCapture throw", async () => {
    const h = start(backend);
    const first = h.audio.close();
    expect(h.audio.close()).toBe(first);
    h.feeders[0]!.write(new Int16Array(160));
    await first;
    expect(() => h.audio.play(new Int16Array(160))).toThrow("the line audio is closed");
    expect(() => h.audio.onCapture(() => undefined)).toThrow("the line audio is closed");
  });
});

describe("AlsaLineAudio choosing its backend", () => {
  it("falls back to arecord/aplay, saying why and how to build the addon, when the addon is not built", async () => {
    const card = new FileCard();
    const sink = new MemorySink();
    const clock = new FakeClock();
    const feeder = card.feeder();
    const audio = new AlsaLineAudio({
      device: { card: "Device" },
      clock,
      logs: new Logs(sink.sink, "info"),
      onFault: () => undefined,
      cardsPath: card.cardsPath,
      pcmName: (found) => `dialtone_${found.id}`,
      addonPath: "/nonexistent/dialtone_alsa.node",
      processEnv: card.env,
    });
    expect(audio.backend).toBe("arecord/aplay");
    expect(sink.lines()).toContain(
      "info hal.alsa the ALSA addon is not built (/nonexistent/dialtone_alsa.node not found; build it with: npm run build:native   (node-gyp rebuild --directory native/alsa)); using arecord/aplay instead",
    );
    const captured: Int16Array[] = [];
    audio.onCapture((frame) => captured.push(frame));
    for (const frame of numberedFrames(4)) feeder.write(frame);
    await waitUntil(() => captured.length >= 4, "4 frames");
    expect(captured).toEqual(numberedFrames(4));
    const closed = audio.close();
    feeder.write(new Int16Array(160));
    await closed;
    feeder.close();
    card.remove();
  });

  it("uses the addon when it loads, and closes at once, cancelling its retry, when no card was ever found", async () => {
    const card = new FileCard();
    card.list(false);
    const clock = new FakeClock();
    const faults: AudioFault[] = [];
    const audio = new AlsaLineAudio({ device: { card: "Device" }, clock, logs: new Logs(() => undefined), onFault: (f) => faults.push(f), cardsPath: card.cardsPath });
    expect(audio.backend).toBe("addon");
    expect(audio.state).toBe("waiting");
    expect(faults).toEqual([{ kind: "missing", message: 'no sound card "Device" among 0 Headphones "bcm2835 Headphones"', retrying: true }]);
    expect(clock.activeTimers).toBe(1);
    await audio.close();
    expect(clock.activeTimers).toBe(0);
    card.remove();
  });

  it("reports a recovered xrun as a fault that needs no retry", async () => {
    const h = start(BACKENDS[0]!);
    await lockstep(h, numberedFrames(2), (_frame, i) => {
      if (i === 0) (h.duplexes[0] as AddonDuplex).inject("capture", "EPIPE");
    });
    await lockstep(h, numberedFrames(2, 160, 2), () => undefined);
    expect(h.faults).toEqual([{ kind: "xrun", message: "dialtone_Device: capture overrun (Broken pipe), recovered", retrying: false, recovered: true }]);
    expect(h.audio.xruns).toBe(1);
  });
});
