/**
 * DTMF talk-off and speed, ours beside spandsp's receiver on the same audio: espeak-ng
 * speech in eight voices, and three kinds of synthesized music (pure-sine chords, reedy
 * two-voice, six-harmonic three-voice), two minutes each. Prints false keys per minute,
 * and the time each detector spends per second of audio (ours in-process; spandsp's
 * measured inside its C program around dtmf_rx), with their ratio.
 * Run: npm run bench -- dtmf-talk-off (needs espeak-ng, sox, cc and libspandsp-dev)
 */
import { resolve } from "node:path";
import { DtmfDetector } from "../src/dsp/index.js";
import { concat } from "../test/support/signals.js";
import { SPEECH_VOICES, music, speech } from "../test/unit/line/dtmf/dtmf-signals.js";
import { SpandspDtmf } from "../test/unit/line/dtmf/spandsp-dtmf.js";

// Bundled into .tmp/bench, so the C source is found from the repository root.
const spandsp = new SpandspDtmf(resolve("test/support/spandsp/dtmf-spandsp.c"));
const corpora: Array<[string, Int16Array]> = [
  ["speech (espeak-ng, 8 voices)", concat(SPEECH_VOICES.map((v) => speech(v)))],
  ["music: pure-sine chords, 2 voices", music({ seconds: 120, seed: 3, harmonics: 1, voices: 2 })],
  ["music: 3 harmonics, 2 voices", music({ seconds: 120, seed: 1, harmonics: 3, voices: 2 })],
  ["music: 6 harmonics, 3 voices", music({ seconds: 120, seed: 2, harmonics: 6, voices: 3 })],
];

/** Our keys in `audio` fed as 20 ms frames, and the time taken (best of 3 runs: JIT warmed). */
function ours(audio: Int16Array): { keys: string[]; ns: number } {
  let best = Infinity;
  let keys: string[] = [];
  for (let run = 0; run < 3; run++) {
    const detector = new DtmfDetector();
    const found: string[] = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < audio.length; i += 160) {
      for (const e of detector.process(audio.subarray(i, i + 160))) if (e.type === "end") found.push(e.key);
    }
    best = Math.min(best, Number(process.hrtime.bigint() - started));
    keys = found;
  }
  return { keys, ns: best };
}

let oursNs = 0;
let theirsNs = 0;
let seconds = 0;
console.log(`${"corpus".padEnd(36)}${"minutes".padStart(8)}${"ours/min".padStart(10)}${"spandsp/min".padStart(13)}  keys (ours | spandsp)`);
for (const [name, audio] of corpora) {
  const mine = ours(audio);
  oursNs += mine.ns;
  const theirs = spandsp.receiveTimed(audio);
  theirsNs += theirs.rxNs;
  const minutes = audio.length / 8000 / 60;
  seconds += audio.length / 8000;
  console.log(`${name.padEnd(36)}${minutes.toFixed(2).padStart(8)}${(mine.keys.length / minutes).toFixed(2).padStart(10)}${(theirs.digits.length / minutes).toFixed(2).padStart(13)}  ${mine.keys.join("") || "-"} | ${theirs.digits.map((d) => d.digit).join("") || "-"}`);
}
spandsp.close();
const oursUs = oursNs / seconds / 1000;
const theirsUs = theirsNs / seconds / 1000;
console.log(`\ntime per second of audio: ours ${oursUs.toFixed(0)} µs (best of 3), spandsp ${theirsUs.toFixed(0)} µs (ours/spandsp ${(oursUs / theirsUs).toFixed(1)}×; real time is 1,000,000 µs)`);
