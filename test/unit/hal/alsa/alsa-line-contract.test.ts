/**
 * The shared Line contract (test/unit/hal/line-contract.ts) with AlsaLineAudio as the
 * line's audio, on both backends, through a file-plugin card: the harness is the card's
 * clock (one frame into the capture FIFO per 20 ms of FakeClock time, waiting until it is
 * captured) and hears the playback file. Hook, ring and polarity come from a FakeLine, so
 * this checks the audio sentences of the contract, not a signalling driver.
 * Not covered: ALSA recovery and faults (alsa-line-audio.test.ts), real cards.
 */
import { AlsaLineAudio, type AlsaBackend } from "../../../../hal/alsa/alsa-line-audio.js";
import type { HookEdge, Line, LineFault, Polarity, Unsubscribe } from "../../../../hal/line.js";
import { FakeLine } from "../../../../hal/testing/fake-line.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { silentLogs } from "../../../../src/util/log.js";
import { ADDON_PATH, builtAddon } from "../../../support/alsa/addon.js";
import { FileCard, waitUntil, type CaptureFeeder } from "../../../support/alsa/file-card.js";
import { describeLineContract, type LineHarness } from "../line-contract.js";

builtAddon();

/** A FakeLine's signalling with a sound card's audio; closing closes both. */
class LineWithCardAudio implements Line {
  constructor(private readonly fake: FakeLine, readonly audio: AlsaLineAudio, private readonly feeder: CaptureFeeder) {}

  get index(): number { return this.fake.index; }
  get hook(): Line["hook"] { return this.fake.hook; }
  get ringing(): boolean { return this.fake.ringing; }
  get polarity(): Polarity { return this.fake.polarity; }
  onHookEdge(listener: (edge: HookEdge) => void): Unsubscribe { return this.fake.onHookEdge(listener); }
  onFault(listener: (fault: LineFault) => void): Unsubscribe { return this.fake.onFault(listener); }
  setRing(on: boolean): Promise<void> { return this.fake.setRing(on); }
  setPolarity(polarity: Polarity): Promise<void> { return this.fake.setPolarity(polarity); }

  async close(): Promise<void> {
    const audioClosed = this.audio.close();
    // A period from the "card" ends a read that waits for one.
    this.feeder.write(new Int16Array(160));
    await Promise.all([this.fake.close(), audioClosed]);
  }
}

function harness(backend: AlsaBackend): LineHarness {
  const card = new FileCard();
  card.useInThisProcess();
  const feeder = card.feeder();
  const clock = new FakeClock();
  const audio = new AlsaLineAudio({
    device: { card: "USB Audio Device" },
    clock,
    logs: silentLogs,
    onFault: () => undefined,
    cardsPath: card.cardsPath,
    pcmName: (found) => `dialtone_${found.id}`,
    backend,
    addonPath: ADDON_PATH,
    processEnv: card.env,
  });
  const fake = new FakeLine({ index: 0, clock });
  const line = new LineWithCardAudio(fake, audio, feeder);
  let captured = 0;
  audio.onCapture(() => captured++);
  let speaking: Int16Array = new Int16Array(160);
  let elapsed = 0;
  return {
    line,
    now: () => clock.now(),
    setLoop: (state) => fake.setLoop(state),
    ringVoltage: () => line.ringing,
    speak: (frame) => {
      speaking = frame;
    },
    advance: async (ms) => {
      const end = elapsed + ms;
      while (Math.floor(end / 20) > Math.floor(elapsed / 20)) {
        const next = (Math.floor(elapsed / 20) + 1) * 20;
        clock.advance(next - elapsed);
        elapsed = next;
        const before = captured;
        feeder.write(speaking);
        await waitUntil(() => captured > before, "the card's next frame");
      }
      clock.advance(end - elapsed);
      elapsed = end;
    },
    heard: () => card.output(),
    dispose: () => {
      feeder.close();
      card.remove();
    },
  };
}

describeLineContract("FakeLine signalling with AlsaLineAudio (addon) on a file-plugin card", () => harness("addon"));
describeLineContract("FakeLine signalling with AlsaLineAudio (arecord/aplay) on a file-plugin card", () => harness("arecord/aplay"));
