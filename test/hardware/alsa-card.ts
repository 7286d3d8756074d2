/** Shared by the by-hand ALSA suites: the card under test and a way to wait on it in real time. */
import { AlsaLineAudio, type AlsaBackend, type AudioFault } from "../../hal/alsa/alsa-line-audio.js";
import { RealClock } from "../../src/util/clock.js";
import { Logs, streamSink } from "../../src/util/log.js";

export const CARD = process.env.DIALTONE_TEST_CARD ?? "Device";

export async function until(done: () => boolean, what: string, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out after ${deadlineMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const opened: AlsaLineAudio[] = [];

/** Closes every card a test opened, passed or failed (call from afterEach). */
export async function closeCards(): Promise<void> {
  await Promise.all(opened.splice(0).map((audio) => audio.close()));
}

export function openCard(backend: AlsaBackend, faults: AudioFault[]): AlsaLineAudio {
  const audio = new AlsaLineAudio({
    device: { card: CARD },
    clock: new RealClock(),
    logs: new Logs(streamSink(process.stdout), "debug"),
    logId: backend,
    backend,
    onFault: (fault) => faults.push(fault),
  });
  opened.push(audio);
  return audio;
}
