/**
 * AddonDuplex, our libasound addon, through alsa-lib's file plugin (no sound card):
 * the shared duplex behaviour (byte-exact capture and loopback, queue overflow, open
 * failure), then recovery from an overrun and an underrun injected at the addon's
 * read/write hook (the real snd_pcm_recover and prefill run), and a device that vanishes
 * (ENODEV). Not covered: real USB timing and a real unplug (test/hardware/alsa.hardware.ts).
 */
import { describe, expect, it } from "vitest";
import { AddonDuplex } from "../../../../hal/alsa/addon-duplex.js";
import { DEFAULT_DUPLEX_OPTIONS } from "../../../../hal/alsa/duplex.js";
import { builtAddon } from "../../../support/alsa/addon.js";
import { splitPlayed } from "../../../support/alsa/duplex-recorder.js";
import { numberedFrames, waitUntil } from "../../../support/alsa/file-card.js";
import { closeRig, duplexBehaviour, openRig, type OpenOnCard } from "./duplex-behaviour.js";

const addon = builtAddon();
const open: OpenOnCard = (card, events, options) => {
  card.useInThisProcess();
  return new AddonDuplex(addon, card.pcmName, options, events);
};

describe("AddonDuplex through the file plugin", () => {
  duplexBehaviour(open, DEFAULT_DUPLEX_OPTIONS.prefillPeriods);

  it("reports the negotiated parameters when it opens", async () => {
    const rig = openRig(open);
    await waitUntil(() => rig.recorder.openedWith !== undefined, "open");
    expect(rig.recorder.openedWith).toBe("rate 8000 Hz, period 160 frames, capture buffer 1280, playback buffer 960, prefill 2 periods");
  });

  it("recovers from a capture overrun and a playback underrun, reporting both and losing no queued audio", async () => {
    const rig = openRig(open);
    const duplex = rig.duplex as AddonDuplex;
    const sent = numberedFrames(40);
    rig.recorder.onFrame = (frame, i) => {
      duplex.play(frame);
      if (i === 10) duplex.inject("capture", "EPIPE");
      if (i === 20) duplex.inject("playback", "EPIPE");
      if (i + 1 < sent.length) rig.feeder.write(sent[i + 1]!);
    };
    rig.feeder.write(sent[0]!);
    await waitUntil(() => rig.recorder.frames.length >= sent.length, "40 frames");
    expect(rig.recorder.frames.slice(0, sent.length)).toEqual(sent);
    expect(rig.recorder.xruns).toEqual(["capture overrun (Broken pipe), recovered", "playback underrun (Broken pipe), recovered"]);
    await closeRig(rig);
    const played = splitPlayed(rig.card.output());
    expect(played.audio).toEqual(sent.slice(0, played.audio.length));
    expect(played.audio.length).toBeGreaterThanOrEqual(sent.length - 1);
    // The underrun's recovery wrote one more prefill of silence in the middle.
    expect(played.innerSilent).toBe(DEFAULT_DUPLEX_OPTIONS.prefillPeriods);
  });

  it("ends as gone when the device disappears (ENODEV), closing both directions", async () => {
    const rig = openRig(open);
    const duplex = rig.duplex as AddonDuplex;
    const sent = numberedFrames(10);
    rig.recorder.onFrame = (_frame, i) => {
      if (i === 4) duplex.inject("capture", "ENODEV");
      rig.feeder.write(sent[i + 1]!);
    };
    rig.feeder.write(sent[0]!);
    await waitUntil(() => rig.recorder.end !== undefined, "the duplex to end");
    expect(rig.recorder.end).toEqual({ reason: "gone", detail: "capture on dialtone_Device: No such device" });
    // The hook fires at the next read: the thread may have been waiting in one already.
    expect([5, 6]).toContain(rig.recorder.frames.length);
    expect(rig.recorder.frames).toEqual(sent.slice(0, rig.recorder.frames.length));
  });

  it("rejects a frame of the wrong length and anything that is not an Int16Array", async () => {
    const rig = openRig(open);
    expect(() => rig.duplex.play(new Int16Array(80))).toThrow(RangeError);
    expect(() => addon.play({} as never, new Int16Array(160))).toThrow(TypeError);
    await closeRig(rig);
  });
});
