/**
 * Independent caller ID decoders for tests: spandsp's ADSI receiver and transmitter
 * (adsi-tool.c, compiled once per process into a temp dir) and multimon-ng's CLIPFSK
 * demodulator (fed through sox at its 22050 Hz input rate). A missing tool fails with the
 * command that installs it. Also our own reader run the way a handset runs it (160-sample
 * frames), seeded line noise (so a failure can be replayed), and where the sound is.
 */
import { execFileSync } from "node:child_process";
import { compileReference } from "../compile-reference.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CallerIdReader, sineAmplitudeForDbm0, type CallerIdEvent } from "../../../src/dsp/index.js";

const INSTALL = "apt-get install -y gcc libspandsp-dev multimon-ng sox (or scripts/install-test-deps.sh)";
const SOURCE = fileURLToPath(new URL("./adsi-tool.c", import.meta.url));

export type AdsiStandard = "class" | "clip" | "clip-dtmf" | "jclip";

let binary: string | undefined;

function tool(): string {
  if (binary) return binary;
  const path = join(mkdtempSync(join(tmpdir(), "dialtone-adsi-")), "adsi-tool");
  compileReference({ source: SOURCE, binary: path, libraries: ["spandsp"], what: "the spandsp ADSI tool", install: INSTALL });
  binary = path;
  return path;
}

function pcmBytes(samples: Int16Array): Buffer {
  return Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
}

/**
 * Messages spandsp's receiver accepted in `samples` (8 kHz), as hex (FSK: without checksum).
 * `cutoffDbm0` replaces spandsp's FSK carrier cutoff (−30 dBm0 by default).
 */
export function spandspReceive(standard: AdsiStandard, samples: Int16Array, cutoffDbm0?: number): string[] {
  const args = cutoffDbm0 === undefined ? ["rx", standard] : ["rx", standard, String(cutoffDbm0)];
  const out = execFileSync(tool(), args, { input: pcmBytes(samples), encoding: "utf8", maxBuffer: 16 << 20 });
  const prefix = `ADSI ${standard} `;
  return out.split("\n").filter((l) => l.startsWith(prefix)).map((l) => l.slice(prefix.length));
}

/** spandsp's transmitter: 100 ms silence, `message` (hex without checksum, or DTMF digits), 100 ms silence. */
export function spandspTransmit(standard: AdsiStandard, message: string): Int16Array {
  const out = execFileSync(tool(), ["tx", standard, message], { maxBuffer: 16 << 20 });
  return new Int16Array(out.buffer, out.byteOffset, out.byteLength / 2).slice();
}

/** multimon-ng CLIPFSK output lines (e.g. "CLIPFSK: CS DATE=... CID=..."), from 8 kHz audio. */
export function multimonClipFsk(samples: Int16Array): string[] {
  let resampled: Buffer;
  try {
    resampled = execFileSync(
      "sox",
      ["-q", "-D", "-t", "raw", "-r", "8000", "-e", "signed-integer", "-b", "16", "-c", "1", "-", "-t", "raw", "-r", "22050", "-e", "signed-integer", "-b", "16", "-c", "1", "-"],
      { input: pcmBytes(samples), maxBuffer: 64 << 20 },
    );
  } catch (error) {
    throw new Error(`sox failed (${String(error)}); install with: ${INSTALL}`);
  }
  let out: string;
  try {
    out = execFileSync("multimon-ng", ["-q", "-c", "-a", "CLIPFSK", "-t", "raw", "-"], { input: resampled, encoding: "utf8", maxBuffer: 16 << 20 });
  } catch (error) {
    throw new Error(`multimon-ng failed (${String(error)}); install with: ${INSTALL}`);
  }
  return out.split("\n").filter((l) => l.startsWith("CLIPFSK:")).map((l) => l.trim());
}

/** Gaussian white noise at `dbm0` (RMS), from a seeded generator (mulberry32 + Box–Muller). */
export function whiteNoise(length: number, dbm0: number, seed = 1): Int16Array {
  let state = seed >>> 0;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const sigma = sineAmplitudeForDbm0(dbm0) / Math.SQRT2;
  return Int16Array.from({ length }, () => Math.round(sigma * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform())));
}

/** `signal` plus `noise` (same length or longer), clipped to 16 bits. */
export function addNoise(signal: Int16Array, noise: Int16Array): Int16Array {
  return Int16Array.from(signal, (s, i) => Math.max(-32768, Math.min(32767, s + noise[i]!)));
}

/** Padding of silence around a burst, as a line would carry it. */
export function padded(samples: Int16Array, beforeMs = 200, afterMs = 200): Int16Array {
  const out = new Int16Array(samples.length + (beforeMs + afterMs) * 8);
  out.set(samples, beforeMs * 8);
  return out;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** What our CallerIdReader shows for `samples`, fed `frame` samples at a time. */
export function readCallerId(samples: Int16Array, frame = 160): CallerIdEvent[] {
  const events: CallerIdEvent[] = [];
  const reader = new CallerIdReader((r) => events.push(r.event));
  for (let at = 0; at < samples.length; at += frame) reader.process(samples.subarray(at, at + frame));
  return events;
}

/** [start, end) in whole ms of each stretch of sound in 8 kHz audio (gaps under 2 ms bridged). */
export function soundSpans(audio: Int16Array): [number, number][] {
  const spans: [number, number][] = [];
  let start = -1;
  let last = -100;
  for (let i = 0; i <= audio.length; i++) {
    const sound = i < audio.length && audio[i] !== 0;
    if (sound && start < 0) start = i;
    if (sound) last = i;
    if (start >= 0 && !sound && i - last > 16) {
      spans.push([Math.floor(start / 8), Math.ceil((last + 1) / 8)]);
      start = -1;
    }
  }
  return spans;
}
