/**
 * openHardwarePort: the sound card is opened by name and handed to the signalling driver;
 * the Line it returns behaves as the driver's own (state, commands, faults) with the card's
 * faults added to onFault; a driver that fails to open leaves no card open. Not covered: a
 * real card (hal/alsa's tests use the file plugin) or real GPIO.
 */
import { describe, expect, it } from "vitest";
import { openHardwarePort } from "../../../board/hardware-port.js";
import type { AlsaLineAudio } from "../../../hal/alsa/index.js";
import type { LineFault } from "../../../hal/line.js";
import { FakeLine } from "../../../hal/testing/fake-line.js";
import { FakeClock } from "../../../src/util/clock.js";
import { silentLogs } from "../../../src/util/log.js";

const deps = () => ({ clock: new FakeClock(), logs: silentLogs });

describe("openHardwarePort", () => {
  it("returns the driver's line: its state, its commands and its faults", async () => {
    const d = deps();
    let given: AlsaLineAudio | undefined;
    let driver: FakeLine | undefined;
    const opened = await openHardwarePort({ card: "No Such Card" }, 0, d, async (audio) => {
      given = audio;
      driver = new FakeLine({ index: 0, clock: d.clock, onClose: () => void audio.close() });
      return driver;
    });
    if (!opened.ok) throw new Error(opened.error);
    const { line } = opened.value;
    expect(given?.state).toBe("waiting");
    driver!.setLoop("off");
    expect(line.hook).toBe("off");
    await line.setRing(false);
    expect(line.ringing).toBe(false);
    const faults: LineFault[] = [];
    const unsubscribe = line.onFault((fault) => faults.push(fault));
    driver!.injectFault({ message: "SHK: line taken", retrying: false });
    expect(faults.map((f) => f.message)).toEqual(["SHK: line taken"]);
    unsubscribe();
    driver!.injectFault({ message: "after unsubscribe", retrying: false });
    expect(faults).toHaveLength(1);
    await line.close();
    expect(given?.state).toBe("closed");
  });

  it("closes the card again when the driver cannot open, and says why", async () => {
    let given: AlsaLineAudio | undefined;
    const opened = await openHardwarePort({ card: "No Such Card" }, 1, deps(), async (audio) => {
      given = audio;
      throw new Error("line 1: no usable GPIO (no /dev/gpiochip*)");
    });
    expect(opened).toEqual({ ok: false, error: "line 1: no usable GPIO (no /dev/gpiochip*)" });
    expect(given?.state).toBe("closed");
  });
});
