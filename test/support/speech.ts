/**
 * Speech for tests (echo canceller, DTMF talk-off, caller ID false readings): espeak-ng,
 * resampled by sox to 8 kHz 16-bit mono without dither (so runs repeat exactly). Each
 * (voice, text) is made once per process (through a temp dir removed at once) and kept in
 * memory; nothing is committed.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { rmsDbm0 } from "../../src/dsp/measure.js";

const INSTALL = "apt-get install -y espeak-ng sox (or scripts/install-test-deps.sh)";

/** The far party: a man reading a notice. */
export const FAR_TALKER = {
  voice: "en-us",
  text: "Good afternoon. This is a reminder that the library will close early on Friday for the holiday. " +
    "Books may be returned to the drop box by the main entrance, and overdue fines are waived this week. " +
    "If you have any questions, please call the front desk between nine and five. Thank you, and have a pleasant weekend.",
};

/** The phone's user, talking over the far party: a different, higher voice. */
export const NEAR_TALKER = {
  voice: "en-gb+f3",
  text: "Sorry, could you say that again? I think the line cut out for a second, I only heard something about Friday.",
};

const cache = new Map<string, Int16Array>();

/** `text` spoken by espeak-ng's `voice` (e.g. "en-us", "de", "en-gb+f3"), at espeak's own level. */
export function synthesize(voice: string, text: string): Int16Array {
  const key = `${voice}\n${text}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const made = run(voice, text);
  cache.set(key, made);
  return made;
}

function run(voice: string, text: string): Int16Array {
  const dir = mkdtempSync(join(tmpdir(), "dialtone-echo-speech-"));
  try {
    const wav = join(dir, "speech.wav");
    const raw = join(dir, "speech.raw");
    try {
      execFileSync("espeak-ng", ["-v", voice, "-w", wav, text], { stdio: "pipe" });
      // -D: no dither, so the same text gives the same samples on every run.
      execFileSync("sox", [wav, "-D", "-r", "8000", "-b", "16", "-c", "1", "-e", "signed-integer", "-t", "raw", raw], { stdio: "pipe" });
    } catch (error) {
      throw new Error(`cannot make speech with espeak-ng and sox (${String(error)}); install with: ${INSTALL}`);
    }
    const bytes = readFileSync(raw);
    return new Int16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `talker`'s text as 8 kHz audio whose RMS (pauses included) is `levelDbm0`. */
export function talk(talker: { voice: string; text: string }, levelDbm0: number): Int16Array {
  const audio = synthesize(talker.voice, talker.text);
  const gain = 10 ** ((levelDbm0 - rmsDbm0(audio)) / 20);
  return Int16Array.from(audio, (s) => Math.max(-32768, Math.min(32767, Math.round(s * gain))));
}
