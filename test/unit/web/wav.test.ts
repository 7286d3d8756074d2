/**
 * WAV reading and writing for the sim routes: byte layout of what we write, round trips,
 * files written by sox (plain and with extra chunks) read back sample for sample, and
 * each refusal naming its problem. Does not cover HTTP (web-server tests do).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { parseWav, writeWav } from "../../../src/web/wav.js";

const dir = mkdtempSync(join(tmpdir(), "dialtone-wav-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sox(args: string[]): void {
  try {
    execFileSync("sox", args, { stdio: "pipe" });
  } catch (error) {
    throw new Error(`sox failed (install it: apt-get install -y sox): ${(error as Error).message}`);
  }
}

const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);

it("writes a canonical 44-byte header and little-endian samples, and reads them back", () => {
  const wav = writeWav(samples);
  expect(wav.length).toBe(44 + 12);
  expect(wav.subarray(0, 44).toString("hex")).toBe(
    "52494646" + "30000000" + "57415645" + "666d7420" + "10000000" + "0100" + "0100" + "401f0000" + "803e0000" + "0200" + "1000" + "64617461" + "0c000000",
  );
  expect(parseWav(wav)).toEqual({ ok: true, value: samples });
});

it("reads what sox writes, and sox reads what we write", () => {
  const path = join(dir, "sox.wav");
  sox(["-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", path, "synth", "0.1", "sine", "1000"]);
  const parsed = parseWav(readFileSync(path));
  if (!parsed.ok) throw new Error(parsed.error);
  expect(parsed.value.length).toBe(800);
  const raw = join(dir, "ours.raw");
  const ours = join(dir, "ours.wav");
  writeFileSync(ours, writeWav(parsed.value));
  sox([ours, "-t", "raw", raw]);
  expect(new Int16Array(new Uint8Array(readFileSync(raw)).buffer)).toEqual(parsed.value);
});

it("skips other chunks, with the pad byte after an odd-sized one", () => {
  const plain = writeWav(samples);
  const list = Buffer.concat([Buffer.from("LIST"), Buffer.from([3, 0, 0, 0]), Buffer.from("abc"), Buffer.from([0])]);
  const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
  withList.writeUInt32LE(withList.length - 8, 4);
  expect(parseWav(withList)).toEqual({ ok: true, value: samples });
});

it("accepts WAVE_FORMAT_EXTENSIBLE whose sub-format is PCM", () => {
  const path = join(dir, "ext.wav");
  sox(["-n", "-r", "8000", "-c", "1", "-b", "16", "-e", "signed-integer", path, "synth", "0.01", "sine", "500"]);
  const bytes = readFileSync(path);
  const fmt = Buffer.alloc(8 + 40);
  fmt.write("fmt ", 0, "latin1");
  fmt.writeUInt32LE(40, 4);
  bytes.copy(fmt, 8, 20, 36);
  fmt.writeUInt16LE(0xfffe, 8);
  fmt.writeUInt16LE(22, 24);
  fmt.writeUInt16LE(16, 26);
  Buffer.from("0100000000001000800000aa00389b71", "hex").copy(fmt, 32);
  const dataAt = bytes.indexOf("data");
  const extensible = Buffer.concat([bytes.subarray(0, 12), fmt, bytes.subarray(dataAt)]);
  expect(parseWav(extensible)).toEqual(parseWav(bytes));
  fmt.writeUInt8(2, 32);
  expect(parseWav(Buffer.concat([bytes.subarray(0, 12), fmt, bytes.subarray(dataAt)]))).toEqual({ ok: false, error: "format extensible, not PCM is not PCM: 16-bit PCM is needed" });
});

it("names what is wrong with a file it refuses", () => {
  const refuse = (mutate: (b: Buffer) => Buffer) => {
    const result = parseWav(mutate(Buffer.from(writeWav(samples))));
    return result.ok ? "accepted" : result.error;
  };
  expect(refuse(() => Buffer.from("hello"))).toBe("not a WAV file (no RIFF/WAVE header)");
  expect(refuse((b) => (b.writeUInt16LE(3, 20), b))).toBe("format tag 3 is not PCM: 16-bit PCM is needed");
  expect(refuse((b) => (b.writeUInt16LE(2, 22), b))).toBe("2 channels: mono is needed");
  expect(refuse((b) => (b.writeUInt32LE(16000, 24), b))).toBe("16000 Hz: 8000 Hz is needed");
  expect(refuse((b) => (b.writeUInt16LE(8, 34), b))).toBe("8 bits per sample: 16 is needed");
  expect(refuse((b) => (b.writeUInt32LE(9999, 28), b))).toMatch(/^inconsistent header/);
  expect(refuse((b) => b.subarray(0, 50))).toBe("the data chunk claims 12 bytes but the file holds 6 (truncated?)");
  expect(refuse((b) => (b.writeUInt32LE(0, 40), b.subarray(0, 44)))).toBe("the data chunk is empty");
  expect(refuse((b) => (b.writeUInt32LE(11, 40), b))).toBe("the data chunk has an odd length (11 bytes) for 16-bit samples");
  expect(refuse((b) => b.subarray(0, 36))).toBe("no data chunk");
  expect(refuse((b) => Buffer.concat([b.subarray(0, 12), b.subarray(36)]))).toBe("the data chunk comes before any fmt chunk");
});
