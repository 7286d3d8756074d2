/**
 * WAV files for real-peer media tests: 16-bit PCM, mono, 8 kHz (what baresip's aufile source
 * reads and its sndfile filter writes). Reading is lenient about a data chunk whose size
 * field was not written yet (a recorder still running); `complete` says whether it was.
 */
import { readFile, writeFile } from "node:fs/promises";
import { ToneGenerator, type ToneComponent } from "../../../src/dsp/index.js";

export interface WavAudio {
  sampleRateHz: number;
  channels: number;
  samples: Int16Array;
  /** False when the RIFF or data size fields disagree with the bytes present (recorder not closed). */
  complete: boolean;
}

const HEADER_BYTES = 44;

/** A canonical 44-byte-header WAV file holding `samples`. */
export function encodeWav(samples: Int16Array, sampleRateHz = 8000): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(HEADER_BYTES + dataBytes);
  out.write("RIFF", 0, "latin1");
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write("WAVEfmt ", 8, "latin1");
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20); // PCM
  out.writeUInt16LE(1, 22); // mono
  out.writeUInt32LE(sampleRateHz, 24);
  out.writeUInt32LE(sampleRateHz * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36, "latin1");
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, HEADER_BYTES + 2 * i);
  return out;
}

/** Parses a PCM WAV file: walks the chunks, takes `fmt ` and `data`. Throws on anything else. */
export function decodeWav(file: Buffer): WavAudio {
  if (file.length < 12 || file.toString("latin1", 0, 4) !== "RIFF" || file.toString("latin1", 8, 12) !== "WAVE") {
    throw new Error("not a RIFF/WAVE file");
  }
  let complete = file.readUInt32LE(4) === file.length - 8;
  let format: { sampleRateHz: number; channels: number } | undefined;
  let offset = 12;
  while (offset + 8 <= file.length) {
    const id = file.toString("latin1", offset, offset + 4);
    const size = file.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      if (file.readUInt16LE(body) !== 1 || file.readUInt16LE(body + 14) !== 16) throw new Error("WAV is not 16-bit PCM");
      format = { channels: file.readUInt16LE(body + 2), sampleRateHz: file.readUInt32LE(body + 4) };
    } else if (id === "data") {
      if (format === undefined) throw new Error("WAV data chunk before its fmt chunk");
      const available = file.length - body;
      if (size !== available) complete = false;
      const bytes = Math.min(size === 0 ? available : size, available) & ~1;
      const samples = new Int16Array(bytes / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = file.readInt16LE(body + 2 * i);
      return { ...format, samples, complete };
    }
    offset = body + size + (size & 1);
  }
  throw new Error("WAV file has no data chunk");
}

export async function readWav(path: string): Promise<WavAudio> {
  return decodeWav(await readFile(path));
}

export interface ToneFileSpec {
  /** Silence first (a burst's onset then sits at a known place). Default 0. */
  silenceMs?: number;
  toneMs: number;
  tone: readonly ToneComponent[];
  sampleRateHz?: number;
}

/** Writes silence then a steady tone (ToneGenerator, so level is in dBm0) to `path`. */
export async function writeToneWav(path: string, spec: ToneFileSpec): Promise<Int16Array> {
  const rate = spec.sampleRateHz ?? 8000;
  const silence = Math.round(((spec.silenceMs ?? 0) * rate) / 1000);
  const samples = new Int16Array(silence + Math.round((spec.toneMs * rate) / 1000));
  samples.set(new ToneGenerator(spec.tone, rate).next(samples.length - silence), silence);
  await writeFile(path, encodeWav(samples, rate));
  return samples;
}
