/**
 * WAV files for real-peer media tests (8 kHz, mono, 16-bit PCM: what baresip's aufile source
 * reads and its sndfile filter writes), on top of the strict reader and writer in
 * src/web/wav.ts. A recording still being written (sizes not filled in yet) reads as an error.
 */
import { readFile, writeFile } from "node:fs/promises";
import { ToneGenerator, type ToneComponent } from "../../../src/dsp/index.js";
import type { Result } from "../../../src/util/result.js";
import { parseWav, writeWav } from "../../../src/web/wav.js";

export async function readWav(path: string): Promise<Result<Int16Array, string>> {
  return parseWav(await readFile(path));
}

export interface ToneFileSpec {
  /** Silence first (a burst's onset then sits at a known place). Default 0. */
  silenceMs?: number;
  toneMs: number;
  tone: readonly ToneComponent[];
}

/** Writes silence then a steady tone (ToneGenerator, so its level is in dBm0) to `path`. */
export async function writeToneWav(path: string, spec: ToneFileSpec): Promise<Int16Array> {
  const silence = Math.round((spec.silenceMs ?? 0) * 8);
  const samples = new Int16Array(silence + Math.round(spec.toneMs * 8));
  samples.set(new ToneGenerator(spec.tone).next(samples.length - silence), silence);
  await writeFile(path, writeWav(samples));
  return samples;
}
