/**
 * Detection limits of our DTMF detector and spandsp's receiver (default settings),
 * measured by sweeping one parameter at a time over all 16 keys (other parameters
 * nominal: −10 dBm0 per tone, no twist, 60 ms on, 60 ms off): the weakest level, the
 * largest frequency error and twist where every key is still found, the shortest press
 * found and the longest one ignored, the longest interruption bridged, and the most
 * white noise tolerated. Q.24's requirements are printed beside them.
 * Run: npm run bench -- dtmf-limits (needs cc and libspandsp-dev)
 */
import { resolve } from "node:path";
import { DtmfDetector, ToneGenerator, dtmfComponents } from "../src/dsp/index.js";
import { seededRandom } from "../src/media/jitter/testing/network-sim.js";
import { concat } from "../test/support/signals.js";
import { presses, type Press } from "../test/unit/line/dtmf/dtmf-signals.js";
import { SpandspDtmf } from "../test/unit/line/dtmf/spandsp-dtmf.js";

const KEYS = [..."123A456B789C*0#D"];
// Bundled into .tmp/bench, so the C source is found from the repository root.
const spandsp = new SpandspDtmf(resolve("test/support/spandsp/dtmf-spandsp.c"));
const detectors: Record<string, (audio: Int16Array) => string> = {
  ours(audio) {
    const d = new DtmfDetector();
    return [...d.process(audio), ...d.flush()].filter((e) => e.type === "end").map((e) => e.key).join("");
  },
  spandsp: (audio) => spandsp.receive(audio).map((d) => d.digit).join(""),
};

const keys = (p: Partial<Press>): Int16Array => presses(KEYS.map((key) => ({ key, onMs: 60, offMs: 60, lowLevelDbm0: -10, twistDb: 0, ...p })));

/** The last value of `values` (in order) for which `ok` holds from the first on. */
function lastPassing(values: number[], ok: (v: number) => boolean): number | undefined {
  let last: number | undefined;
  for (const v of values) {
    if (!ok(v)) break;
    last = v;
  }
  return last;
}

const range = (from: number, to: number, step: number): number[] => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => +(from + i * step).toFixed(3));

/** Each key as one 100 ms tone broken by a phase-continuous gap of `gapMs` in the middle. */
function interrupted(gapMs: number): Int16Array {
  return concat(KEYS.flatMap((key) => {
    const g = new ToneGenerator(dtmfComponents(key, { lowLevelDbm0: -10, twistDb: 0 }));
    const first = g.next(400);
    g.next(gapMs * 8);
    return [first, new Int16Array(gapMs * 8), g.next(400), new Int16Array(800)];
  }));
}

function noisy(noiseDbm0: number): Int16Array {
  const random = seededRandom(5);
  // Uniform noise of RMS A/√12 at `noiseDbm0` (a full-scale sine is +3.14 dBm0, RMS 32768/√2).
  const amplitude = 32768 * 10 ** ((noiseDbm0 - 3.14 - 3.01) / 20) * Math.sqrt(12);
  return Int16Array.from(keys({ lowLevelDbm0: -20 }), (x) => Math.max(-32768, Math.min(32767, x + Math.round(amplitude * (random() - 0.5)))));
}

const all = KEYS.join("");
const doubled = KEYS.map((k) => k + k).join("");
/** Each key pressed twice, `pauseMs` apart, then 60 ms to the next key. */
const twice = (pauseMs: number): Int16Array =>
  presses(KEYS.flatMap((key) => [{ key, onMs: 60, offMs: pauseMs, lowLevelDbm0: -10, twistDb: 0 }, { key, onMs: 60, offMs: 60, lowLevelDbm0: -10, twistDb: 0 }]));
const rows: Array<[string, string, (detect: (a: Int16Array) => string) => string]> = [
  ["weakest level found (dBm0 per tone)", "−25 accepted", (d) => `${lastPassing(range(-20, -45, -1), (v) => d(keys({ lowLevelDbm0: v })) === all)}`],
  ["largest frequency error, low side (%)", "1.5 accepted, 3.5 rejected", (d) => `${lastPassing(range(0, -5, -0.1), (v) => d(keys({ frequencyOffset: v / 100 })) === all)}`],
  ["largest frequency error, high side (%)", "1.5 accepted, 3.5 rejected", (d) => `${lastPassing(range(0, 5, 0.1), (v) => d(keys({ frequencyOffset: v / 100 })) === all)}`],
  ["most negative twist found (dB)", "−8 accepted", (d) => `${lastPassing(range(0, -14, -0.5), (v) => d(keys({ lowLevelDbm0: -10, twistDb: v })) === all)}`],
  ["most positive twist found (dB)", "+4 accepted", (d) => `${lastPassing(range(0, 10, 0.5), (v) => d(keys({ lowLevelDbm0: -14, twistDb: v })) === all)}`],
  ["shortest press found, all keys (ms)", "40 accepted", (d) => `${lastPassing(range(60, 10, -1), (v) => d(keys({ onMs: v })) === all)}`],
  ["longest press ignored, all keys (ms)", "20 rejected", (d) => `${lastPassing(range(10, 60, 1), (v) => d(keys({ onMs: v })) === "")}`],
  ["longest interruption bridged (ms)", "10 bridged", (d) => `${lastPassing(range(1, 40, 1), (v) => d(interrupted(v)) === all)}`],
  ["shortest pause splitting a key pressed twice (ms)", "40 recognized", (d) => `${lastPassing(range(60, 5, -1), (v) => d(twice(v)) === doubled)}`],
  ["most white noise, keys at −20 dBm0 (dBm0)", "(not in Q.24)", (d) => `${lastPassing(range(-50, -15, 1), (v) => d(noisy(v)) === all)}`],
];

console.log(`${"limit".padEnd(44)}${"ours".padStart(8)}${"spandsp".padStart(10)}  Q.24`);
for (const [label, q24, measure] of rows) {
  console.log(`${label.padEnd(44)}${measure(detectors["ours"]!).padStart(8)}${measure(detectors["spandsp"]!).padStart(10)}  ${q24}`);
}
spandsp.close();
