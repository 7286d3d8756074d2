/**
 * Line echo cancellation, ours (src/line/echo) beside spandsp's echo_can (64 ms, 512
 * taps each) on the same calls: espeak-ng far speech at −18 dBm0 through six simulated
 * hybrids (6–20 dB return loss, 5–40 ms delay), line noise at −70 dBm0 (then a quiet
 * line, −90 dBm0, where the echo of the weakest hybrid is no longer within 32 dB of the
 * noise), a second voice at the near end from 3.0 to 5.5 s. Per echo path: the filter's ERLE after one second (NLP
 * off, as G.168 measures it), time to 20 dB, echo loss of what is sent (NLP on) over 1–3 s,
 * ERLE and near-speech SNR during double talk, ERLE after it, and how long after double
 * talk the echo is suppressed again; then CPU per call-minute.
 * Goals (issue 5): ≥ 30 dB after one second on every path, no divergence in double talk,
 * echo suppressed again within 0.5 s after it.
 * Run: npm run bench -- echo (needs espeak-ng, sox, cc and libspandsp-dev)
 */
import { resolve } from "node:path";
import { LineEchoCanceller } from "../src/line/echo/index.js";
import { echoCall, runCall } from "../test/support/echo/echo-call.js";
import { ECHO_PATHS } from "../test/support/echo/hybrid.js";
import { SpandspEcho } from "../test/support/echo/spandsp-echo.js";
import { FAR_TALKER, NEAR_TALKER, talk } from "../test/support/speech.js";
import { CALL_S, DT_FROM_S, DT_TO_S, echoFigures, type EchoFigures } from "./support/echo-figures.js";

const TAPS = 512;
// Bundled into .tmp/bench, so the C source is found from the repository root.
const spandsp = new SpandspEcho(resolve("test/support/echo/echo-spandsp.c"));
const far = talk(FAR_TALKER, -18);
const near = talk(NEAR_TALKER, -18).subarray(0, (DT_TO_S - DT_FROM_S) * 8000);

const COLUMNS: Array<[string, keyof EchoFigures, (v: number) => string]> = [
  ["ERLE@1s", "erleAfter1s", (v) => v.toFixed(1)],
  ["t→20dB", "convergeTo20dB", (v) => (Number.isNaN(v) ? "never" : `${v.toFixed(2)}s`)],
  ["sent@1s", "sentLossAfter1s", (v) => v.toFixed(1)],
  ["ERLE DT", "erleDuringDt", (v) => v.toFixed(1)],
  ["near SNR", "nearSnrDuringDt", (v) => v.toFixed(1)],
  ["ERLE after", "erleAfterDt", (v) => v.toFixed(1)],
  ["recovery", "recoveryAfterDt", (v) => (Number.isNaN(v) ? "never" : `${v.toFixed(2)}s`)],
];

let oursNs = 0;
let theirsNs = 0;
let seconds = 0;
for (const noiseDbm0 of [-70, -90]) {
  console.log(`\nline noise ${noiseDbm0} dBm0; dB unless marked; each cell: ours | spandsp`);
  console.log(`${"echo path".padEnd(15)}${COLUMNS.map(([name]) => name.padStart(16)).join("")}`);
  for (const path of ECHO_PATHS) {
    const call = echoCall({ path, far, near: { speech: near, startS: DT_FROM_S }, noiseDbm0, seconds: CALL_S });
    const linear = new LineEchoCanceller({ nlp: false });
    const oursLinear = runCall(call, (reference, capture) => linear.process(reference, capture));
    const full = new LineEchoCanceller();
    const started = process.hrtime.bigint();
    const oursSent = runCall(call, (reference, capture) => full.process(reference, capture));
    oursNs += Number(process.hrtime.bigint() - started);
    const theirsLinear = spandsp.cancel(call.reference, call.capture, TAPS, "linear").out;
    const theirsSent = spandsp.cancel(call.reference, call.capture, TAPS, "full");
    theirsNs += theirsSent.ns;
    seconds += CALL_S;
    const ours = echoFigures(call, oursLinear, oursSent);
    const theirs = echoFigures(call, theirsLinear, theirsSent.out);
    console.log(`${path.name.padEnd(15)}${COLUMNS.map(([, key, show]) => `${show(ours[key])} | ${show(theirs[key])}`.padStart(16)).join("")}`);
  }
}
spandsp.close();
const perMinute = (ns: number): number => ns / 1e6 / (seconds / 60);
const ours = perMinute(oursNs);
const theirs = perMinute(theirsNs);
console.log(`\nCPU per call-minute (NLP on, both noise levels): ours ${ours.toFixed(0)} ms, spandsp ${theirs.toFixed(0)} ms (ours/spandsp ${(ours / theirs).toFixed(1)}×; a minute is 60,000 ms; spandsp's time includes the debug lines its Debian build prints)`);
