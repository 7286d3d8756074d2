/**
 * ProcessDuplex, the arecord/aplay fallback, through alsa-lib's file plugin (no sound
 * card): the shared duplex behaviour (byte-exact capture and loopback, queue overflow, open
 * failure), then a child that dies (the duplex ends as gone and stops the other), a
 * missing binary (failed, naming the package) and children that ignore SIGTERM (killed
 * when the FakeClock reaches the deadline). Not covered: real card timing.
 */
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

  it("kills children that ignore SIGTERM and their input's end once the kill deadline passes", async () => {
    const card = new FileCard();
    const stubborn = join(card.dir, "stubborn");
    writeFileSync(stubborn, "#!/bin/sh\ntrap '' TERM\nexec sleep 600\n");
    chmodSync(stubborn, 0o755);
    const clock = new FakeClock();
    const recorder = new DuplexRecorder();
    const duplex = new ProcessDuplex(card.pcmName, DEFAULT_DUPLEX_OPTIONS, recorder, { clock, arecordPath: stubborn, aplayPath: stubborn, killAfterMs: 2000 });
    // Once a child runs `sleep`, the shell has set its trap: SIGTERM is ignored from then on.
    const sleeping = (pid: number | undefined): boolean => alive(pid) && readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "sleep";
    await waitUntil(() => sleeping(duplex.pids.arecord) && sleeping(duplex.pids.aplay), "both children to ignore SIGTERM");
    duplex.close();
    clock.advance(1999);
    expect([alive(duplex.pids.arecord), alive(duplex.pids.aplay), recorder.end]).toEqual([true, true, undefined]);
    clock.advance(1);
    await waitUntil(() => recorder.end !== undefined, "the duplex to end");
    expect(recorder.end).toEqual({ reason: "closed", detail: "closed" });
    expect(clock.activeTimers).toBe(0);
    card.remove();
  });
});
