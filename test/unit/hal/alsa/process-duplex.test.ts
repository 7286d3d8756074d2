/**
 * ProcessDuplex, the arecord/aplay fallback, through alsa-lib's file plugin (no sound
 * card): the shared duplex behaviour (byte-exact capture and loopback, queue overflow, open
 * failure), then a child that dies (the duplex ends as gone and stops the other) and a
 * missing binary (failed, naming the package). Not covered: real card timing.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_DUPLEX_OPTIONS } from "../../../../hal/alsa/duplex.js";
import { ProcessDuplex } from "../../../../hal/alsa/process-duplex.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { DuplexRecorder } from "../../../support/alsa/duplex-recorder.js";
import { FileCard, numberedFrames, waitUntil } from "../../../support/alsa/file-card.js";
import { duplexBehaviour, openRig, type OpenOnCard } from "./duplex-behaviour.js";

const clock = new FakeClock();
const open: OpenOnCard = (card, events, options) => new ProcessDuplex(card.pcmName, options, events, { clock, env: card.env });

/** True while a process with this id exists (signal 0 checks without signalling). */
function alive(pid: number | undefined): boolean {
  try {
    process.kill(pid!, 0);
    return true;
  } catch {
    return false;
  }
}

describe("ProcessDuplex (arecord/aplay) through the file plugin", () => {
  duplexBehaviour(open, 0);

  it("ends as gone when arecord dies, and stops aplay too", async () => {
    const rig = openRig(open);
    for (const frame of numberedFrames(5)) rig.feeder.write(frame);
    await waitUntil(() => rig.recorder.frames.length >= 5, "5 frames");
    const { arecord, aplay } = (rig.duplex as ProcessDuplex).pids;
    expect(alive(aplay)).toBe(true);
    process.kill(arecord!, "SIGKILL");
    await waitUntil(() => rig.recorder.end !== undefined, "the duplex to end");
    expect(rig.recorder.end).toEqual({ reason: "gone", detail: "arecord ended by SIGKILL" });
    expect(alive(aplay)).toBe(false);
  });

  it("fails, naming the package to install, when arecord is not there", async () => {
    const card = new FileCard();
    const recorder = new DuplexRecorder();
    new ProcessDuplex(card.pcmName, DEFAULT_DUPLEX_OPTIONS, recorder, { clock, env: card.env, arecordPath: "/nonexistent/arecord" });
    await waitUntil(() => recorder.end !== undefined, "the duplex to end");
    expect(recorder.end).toEqual({ reason: "failed", detail: "arecord not found; install alsa-utils (apt-get install -y alsa-utils)" });
    card.remove();
  });
});
