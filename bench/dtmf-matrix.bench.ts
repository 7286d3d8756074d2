/**
 * A Q.24-style DTMF matrix, ours beside spandsp's receiver (default settings) on the
 * same signals: frequency offset (both tones) × twist (high tone minus low, dB) × level
 * of the weaker tone × press duration. Each cell sends all 16 keys (60 ms pauses) and
 * prints "ours/spandsp" keys found. Then a summary against Q.24: in the accept region
 * (|offset| ≤ 1.5 %, twist −8…+4 dB, weaker tone ≥ −25 dBm0, ≥ 40 ms) every key should
 * be found; in the reject region (|offset| ≥ 3.5 % or ≤ 20 ms) none.
 * Run: npm run bench -- dtmf-matrix (needs cc and libspandsp-dev)
 */
import { resolve } from "node:path";
import { DtmfDetector } from "../src/dsp/index.js";
import { presses } from "../test/unit/line/dtmf/dtmf-signals.js";
import { SpandspDtmf } from "../test/unit/line/dtmf/spandsp-dtmf.js";

const KEYS = "123A456B789C*0#D";
const OFFSETS = [-0.035, -0.025, -0.015, 0, 0.015, 0.025, 0.035];
const TWISTS = [-10, -8, -4, 0, 4, 6];
const LEVELS = [-30, -25, -10];
const DURATIONS = [20, 30, 40, 60];

function ours(audio: Int16Array): string {
  const detector = new DtmfDetector();
  return [...detector.process(audio), ...detector.flush()].filter((e) => e.type === "end").map((e) => e.key).join("");
}

/** Keys of `found` that match the sent ones in order (a count of correct detections). */
function correct(found: string): number {
  let n = 0;
  let at = 0;
  for (const key of found) {
    const i = KEYS.indexOf(key, at);
    if (i >= 0) {
      n++;
      at = i + 1;
    }
  }
  return n;
}

// Bundled into .tmp/bench, so the C source is found from the repository root.
const spandsp = new SpandspDtmf(resolve("test/support/spandsp/dtmf-spandsp.c"));
const summary = { accept: { cells: 0, ours: 0, spandsp: 0, oursMissWhereSpandspFound: 0 }, reject: { cells: 0, ours: 0, spandsp: 0 } };
const header = ["offset", "twist", ...LEVELS.flatMap((l) => DURATIONS.map((d) => `${l}dBm0/${d}ms`))];
console.log(header.map((h) => h.padStart(13)).join(""));
for (const offset of OFFSETS) {
  for (const twist of TWISTS) {
    const cells: string[] = [];
    for (const level of LEVELS) {
      for (const ms of DURATIONS) {
        const low = twist < 0 ? level - twist : level;
        const audio = presses([...KEYS].map((key) => ({ key, onMs: ms, offMs: 60, lowLevelDbm0: low, twistDb: twist, frequencyOffset: offset })));
        const a = ours(audio);
        const b = spandsp.receive(audio).map((d) => d.digit).join("");
        cells.push(`${correct(a)}/${correct(b)}`);
        const accept = Math.abs(offset) <= 0.015 && twist >= -8 && twist <= 4 && level >= -25 && ms >= 40;
        const reject = Math.abs(offset) >= 0.035 || ms <= 20;
        if (accept) {
          summary.accept.cells++;
          if (correct(a) === 16) summary.accept.ours++;
          if (correct(b) === 16) summary.accept.spandsp++;
          summary.accept.oursMissWhereSpandspFound += Math.max(0, correct(b) - correct(a));
        }
        if (reject) {
          summary.reject.cells++;
          summary.reject.ours += a.length;
          summary.reject.spandsp += b.length;
        }
      }
    }
    console.log([`${(offset * 100).toFixed(1)}%`, `${twist}dB`, ...cells].map((c) => c.padStart(13)).join(""));
  }
}
spandsp.close();
console.log(`\nQ.24 accept region: ${summary.accept.cells} cells; all 16 keys found in ${summary.accept.ours} (ours) and ${summary.accept.spandsp} (spandsp); keys spandsp found that we missed: ${summary.accept.oursMissWhereSpandspFound}`);
console.log(`Q.24 reject region: ${summary.reject.cells} cells; keys reported (should be 0): ours ${summary.reject.ours}, spandsp ${summary.reject.spandsp}`);
