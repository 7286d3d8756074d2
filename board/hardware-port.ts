/**
 * A hardware port is two devices: a sound card (hal/alsa, found by name) and a signalling
 * driver (GPIO or a serial controller). This opens the card, hands it to the driver, and
 * makes the card's faults (xruns, a USB card unplugged and back) arrive through the Line's
 * own `onFault`, so the layers above watch one Line. A driver that fails to open closes
 * the card again; the card is closed with the line otherwise (the driver's close does it).
 */
import { AlsaLineAudio } from "../hal/alsa/index.js";
import type { Line, LineFault, Unsubscribe } from "../hal/line.js";
import { err, ok, type Result } from "../src/util/result.js";
import type { BoardDeps, OpenedPort } from "./open.js";
import type { AudioDeviceSpec } from "./types.js";

export async function openHardwarePort(
  device: AudioDeviceSpec,
  index: number,
  deps: BoardDeps,
  openSignalling: (audio: AlsaLineAudio) => Promise<Line>,
): Promise<Result<OpenedPort, string>> {
  const audioFaults = new Set<(fault: LineFault) => void>();
  const audio = new AlsaLineAudio({
    device, clock: deps.clock, logs: deps.logs, logId: index,
    onFault: (fault) => {
      for (const listener of [...audioFaults]) listener(fault);
    },
  });
  try {
    return ok({ line: withAudioFaults(await openSignalling(audio), audioFaults) });
  } catch (e) {
    await audio.close();
    return err((e as Error).message);
  }
}

/** The same Line, whose onFault also reports the sound card's faults. */
function withAudioFaults(line: Line, audioFaults: Set<(fault: LineFault) => void>): Line {
  const onFault = (listener: (fault: LineFault) => void): Unsubscribe => {
    const fromLine = line.onFault(listener);
    audioFaults.add(listener);
    return () => {
      fromLine();
      audioFaults.delete(listener);
    };
  };
  return new Proxy(line, {
    get(target, property, receiver) {
      if (property === "onFault") return onFault;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" && receiver !== undefined ? value.bind(target) : value;
    },
  });
}
