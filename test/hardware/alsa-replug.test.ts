/**
 * By hand, on a machine with a USB sound card: asks you to unplug the card named by
 * DIALTONE_TEST_CARD and plug it back in, and checks AlsaLineAudio reports it gone, then
 * back, and that audio flows again, through our addon and through arecord/aplay.
 *
 *   DIALTONE_TEST_CARD="USB Audio Device" npx vitest run --config test/hardware/vitest.config.ts test/hardware/alsa-replug.test.ts
 */
import { afterEach, describe, it } from "vitest";
import type { AlsaBackend, AudioFault } from "../../hal/alsa/alsa-line-audio.js";
import { CARD, closeCards, openCard, until } from "./alsa-card.js";

afterEach(closeCards);

describe.each<AlsaBackend>(["addon", "arecord/aplay"])("%s on a real card", (backend) => {
  it("reports an unplugged card and reopens it when plugged back in", async () => {
    const faults: AudioFault[] = [];
    const audio = openCard(backend, faults);
    let frames = 0;
    audio.onCapture(() => frames++);
    await until(() => audio.state === "running", "the card to open", 5000);
    console.log(`>>> ${backend}: unplug the USB sound card "${CARD}" now (60 s)`);
    await until(() => faults.some((f) => f.retrying), "a fault saying the card went away", 60_000);
    console.log(`>>> ${backend}: seen: ${faults.map((f) => f.message).join(" | ")}; plug it back in (60 s)`);
    await until(() => faults.some((f) => f.kind === "returned"), "the card to come back", 60_000);
    const before = frames;
    await until(() => frames > before + 50, "a second of audio after the return", 5000);
    await audio.close();
  });
});
