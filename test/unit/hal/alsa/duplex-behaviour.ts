/**
 * What every Duplex (addon, arecord/aplay) must do, run against a FileCard: the test
 * writes frames into the capture FIFO (it is the card's clock) and reads the playback file.
 * Byte-exact in both directions; no wall-clock figures. Backend-specific failures are in
 * each backend's own test file.
 */
import { afterEach, expect, it } from "vitest";
import { DEFAULT_DUPLEX_OPTIONS, type Duplex, type DuplexEvents, type DuplexOptions } from "../../../../hal/alsa/duplex.js";
import { DuplexRecorder, splitPlayed } from "../../../support/alsa/duplex-recorder.js";
import { FileCard, numberedFrames, waitUntil, type CaptureFeeder } from "../../../support/alsa/file-card.js";

export type OpenOnCard = (card: FileCard, events: DuplexEvents, options: DuplexOptions) => Duplex;

export interface Rig {
  card: FileCard;
  feeder: CaptureFeeder;
  recorder: DuplexRecorder;
  duplex: Duplex;
}

const rigs: Rig[] = [];

export function openRig(open: OpenOnCard, options: Partial<DuplexOptions> = {}, card = new FileCard()): Rig {
  const recorder = new DuplexRecorder();
  const feeder = card.feeder();
  const duplex = open(card, recorder, { ...DEFAULT_DUPLEX_OPTIONS, ...options });
  const rig = { card, feeder, recorder, duplex };
  rigs.push(rig);
  return rig;
}

/**
 * Closes the duplex and waits for its end. One more frame goes into the FIFO so a read
 * waiting for the test's clock returns (a real card's next period does the same).
 */
export async function closeRig(rig: Rig): Promise<void> {
  rig.duplex.close();
  rig.feeder.write(new Int16Array(160));
  await waitUntil(() => rig.recorder.end !== undefined, "the duplex to end");
  rig.feeder.close();
}

/** `prefillPeriods`: silence the backend writes ahead of playback (the addon's prefill; none for aplay). */
export function duplexBehaviour(open: OpenOnCard, prefillPeriods: number): void {
  afterEach(async () => {
    for (const rig of rigs.splice(0)) {
      if (!rig.recorder.end) await closeRig(rig);
      rig.card.remove();
    }
  });

  it("captures exactly the frames the card delivers, in order", async () => {
    const rig = openRig(open);
    const sent = numberedFrames(60);
    for (const frame of sent) rig.feeder.write(frame);
    await waitUntil(() => rig.recorder.frames.length >= sent.length, "60 captured frames");
    expect(rig.recorder.openedWith).toBeDefined();
    expect(rig.recorder.frames.slice(0, sent.length)).toEqual(sent);
    await closeRig(rig);
    expect(rig.recorder.end?.reason).toBe("closed");
  });

  it("loops captured frames back to the earpiece byte-exact, one period written per period captured", async () => {
    const rig = openRig(open);
    const sent = numberedFrames(50);
    rig.recorder.onFrame = (frame, i) => {
      rig.duplex.play(frame);
      if (i + 1 < sent.length) rig.feeder.write(sent[i + 1]!);
    };
    rig.feeder.write(sent[0]!);
    await waitUntil(() => rig.recorder.frames.length >= sent.length, "50 looped frames");
    await closeRig(rig);
    const played = splitPlayed(rig.card.output());
    // Silence ahead of the audio (the prefill, and slot 0, written before the first play())
    // and after it (aplay pads its end with a period), never in between.
    expect(played.leadingSilent).toBe(prefillPeriods + 1);
    expect(played.innerSilent).toBe(0);
    expect(played.audio.length).toBeGreaterThanOrEqual(sent.length - 1);
    expect(played.audio).toEqual(sent.slice(0, played.audio.length));
  });

  it("drops the oldest frame when the play queue is full and plays the rest in order, then silence", async () => {
    const rig = openRig(open, { queueFrames: 10 });
    const queued = numberedFrames(14);
    const dropped = queued.map((frame) => rig.duplex.play(frame));
    expect(dropped).toEqual([...Array(10).fill(false), true, true, true, true]);
    expect(rig.duplex.queuedFrames).toBe(10);
    for (const frame of numberedFrames(16, 160, 100)) rig.feeder.write(frame);
    await waitUntil(() => rig.recorder.frames.length >= 16, "16 captured frames");
    expect(rig.duplex.queuedFrames).toBe(0);
    await closeRig(rig);
    const played = splitPlayed(rig.card.output());
    expect(played.audio).toEqual(queued.slice(4));
    // 16 periods captured, 10 played: the other 6 were silence, after the queue ran dry.
    expect(played.innerSilent).toBe(0);
    expect(played.trailingSilent).toBeGreaterThanOrEqual(6);
  });

  it("ends as gone, with alsa-lib's reason, when the PCM cannot be opened", async () => {
    const card = new FileCard();
    card.removeInput();
    const recorder = new DuplexRecorder();
    open(card, recorder, DEFAULT_DUPLEX_OPTIONS);
    await waitUntil(() => recorder.end !== undefined, "the open to fail");
    expect(recorder.end?.reason).toBe("gone");
    expect(recorder.end?.detail).toMatch(/No such file or directory/);
    expect(recorder.openedWith).toBeUndefined();
    card.remove();
  });
}
