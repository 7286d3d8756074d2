/**
 * WAV files of telephone audio: 8000 Hz, mono, 16-bit signed little-endian PCM, the only
 * format the simulated handset speaks and records. The reader is strict and names the
 * first problem it finds; chunks other than "fmt " and "data" (LIST, fact…) are skipped,
 * with RIFF's pad byte after odd-sized chunks. WAVE_FORMAT_EXTENSIBLE is accepted when its
 * sub-format is PCM (what some tools write for plain PCM).
 */
import { err, ok, type Result } from "../util/result.js";

const PCM = 1;
const EXTENSIBLE = 0xfffe;
/** KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71, as stored little-endian. */
const PCM_SUBFORMAT = Buffer.from("0100000000001000800000aa00389b71", "hex");
const RATE_HZ = 8000;

interface Format {
  tag: number;
  channels: number;
  rateHz: number;
  byteRate: number;
  blockAlign: number;
  bits: number;
}

export function parseWav(bytes: Uint8Array): Result<Int16Array, string> {
  const data = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (data.length < 12 || data.toString("latin1", 0, 4) !== "RIFF" || data.toString("latin1", 8, 12) !== "WAVE") {
    return err("not a WAV file (no RIFF/WAVE header)");
  }
  let format: Format | undefined;
  let offset = 12;
  while (offset + 8 <= data.length) {
    const id = data.toString("latin1", offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === "fmt ") {
      if (size < 16 || body + size > data.length) return err(`the fmt chunk is ${size} bytes, which is ${size < 16 ? "too short" : "past the end of the file"}`);
      const parsed = readFormat(data.subarray(body, body + size));
      if (!parsed.ok) return parsed;
      format = parsed.value;
    } else if (id === "data") {
      if (format === undefined) return err("the data chunk comes before any fmt chunk");
      if (body + size > data.length) return err(`the data chunk claims ${size} bytes but the file holds ${data.length - body} (truncated?)`);
      if (size === 0) return err("the data chunk is empty");
      if (size % 2 !== 0) return err(`the data chunk has an odd length (${size} bytes) for 16-bit samples`);
      const samples = new Int16Array(size / 2);
      for (let i = 0; i < samples.length; i++) samples[i] = data.readInt16LE(body + 2 * i);
      return ok(samples);
    }
    offset = body + size + (size % 2);
  }
  return err(format === undefined ? "no fmt chunk" : "no data chunk");
}

function readFormat(chunk: Buffer): Result<Format, string> {
  const f: Format = {
    tag: chunk.readUInt16LE(0),
    channels: chunk.readUInt16LE(2),
    rateHz: chunk.readUInt32LE(4),
    byteRate: chunk.readUInt32LE(8),
    blockAlign: chunk.readUInt16LE(12),
    bits: chunk.readUInt16LE(14),
  };
  const extensiblePcm = f.tag === EXTENSIBLE && chunk.length >= 40 && chunk.subarray(24, 40).equals(PCM_SUBFORMAT);
  if (f.tag !== PCM && !extensiblePcm) return err(`format ${f.tag === EXTENSIBLE ? "extensible, not PCM" : `tag ${f.tag}`} is not PCM: 16-bit PCM is needed`);
  if (f.channels !== 1) return err(`${f.channels} channels: mono is needed`);
  if (f.rateHz !== RATE_HZ) return err(`${f.rateHz} Hz: 8000 Hz is needed`);
  if (f.bits !== 16) return err(`${f.bits} bits per sample: 16 is needed`);
  if (f.blockAlign !== 2 || f.byteRate !== RATE_HZ * 2) return err(`inconsistent header: block align ${f.blockAlign} and byte rate ${f.byteRate} (expected 2 and 16000)`);
  return ok(f);
}

/** A canonical 44-byte-header WAV of the samples (8000 Hz, mono, 16-bit PCM). */
export function writeWav(samples: Int16Array): Buffer {
  const dataBytes = samples.length * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write("RIFF", 0, "latin1");
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write("WAVEfmt ", 8, "latin1");
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(PCM, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(RATE_HZ, 24);
  out.writeUInt32LE(RATE_HZ * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write("data", 36, "latin1");
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i]!, 44 + 2 * i);
  return out;
}
