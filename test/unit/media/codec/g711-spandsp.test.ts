/**
 * G.711 cross-checked against an independent implementation: spandsp's
 * linear_to_ulaw / ulaw_to_linear / linear_to_alaw / alaw_to_linear, compiled from
 * test/support/spandsp/g711-dump.c into a temp dir. Every one of the 65,536 linear
 * inputs and 256 codes of both laws is compared, through the table-driven frame
 * functions and through the scalar ones. Needs `cc` and libspandsp-dev; without
 * them the test fails with the install command. Known ITU-T values are in g711.test.ts.
 */
import { execFileSync } from "node:child_process";
import { compileReference } from "../../../support/compile-reference.js";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  alawToLinear,
  decodeAlaw,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  linearToAlaw,
  linearToUlaw,
  ulawToLinear,
} from "../../../../src/media/codec/index.js";

const INSTALL = "apt-get install -y gcc libspandsp-dev (or scripts/install-test-deps.sh)";
const SOURCE = fileURLToPath(new URL("../../../support/spandsp/g711-dump.c", import.meta.url));

interface Reference {
  ulawEncode: Uint8Array;
  ulawDecode: Int16Array;
  alawEncode: Uint8Array;
  alawDecode: Int16Array;
}

function runSpandsp(dir: string): Reference {
  const binary = join(dir, "g711-dump");
  compileReference({ source: SOURCE, binary, libraries: ["spandsp"], what: "the spandsp G.711 reference", install: INSTALL });
  const values = execFileSync(binary, { maxBuffer: 8 * 1024 * 1024, encoding: "utf8" }).trim().split("\n").map(Number);
  expect(values).toHaveLength(2 * (65536 + 256));
  return {
    ulawEncode: Uint8Array.from(values.slice(0, 65536)),
    ulawDecode: Int16Array.from(values.slice(65536, 65792)),
    alawEncode: Uint8Array.from(values.slice(65792, 131328)),
    alawDecode: Int16Array.from(values.slice(131328)),
  };
}

/** Every 16-bit linear value, −32768 … 32767, in the order the C program prints them. */
const everySample = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const everyCode = Uint8Array.from({ length: 256 }, (_, i) => i);

/** Indices where two arrays differ, at most 5, for a readable failure. */
function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>): string[] {
  const out: string[] = [];
  for (let i = 0; i < expected.length && out.length < 5; i++) {
    if (actual[i] !== expected[i]) out.push(`#${i}: ${actual[i]} != ${expected[i]}`);
  }
  return out;
}

describe("G.711 against spandsp", () => {
  let dir: string;
  let reference: Reference;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "dialtone-g711-"));
    reference = runSpandsp(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("μ-law: all 65,536 encodings and 256 decodings agree", () => {
    const codes = new Uint8Array(65536);
    encodeUlaw(everySample, codes);
    expect(mismatches(codes, reference.ulawEncode)).toEqual([]);
    expect(mismatches(Array.from(everySample, linearToUlaw), reference.ulawEncode)).toEqual([]);

    const pcm = new Int16Array(256);
    expect(decodeUlaw(everyCode, pcm)).toBe(256);
    expect(mismatches(pcm, reference.ulawDecode)).toEqual([]);
    expect(mismatches(Array.from(everyCode, ulawToLinear), reference.ulawDecode)).toEqual([]);
  });

  it("A-law: all 65,536 encodings and 256 decodings agree", () => {
    const codes = new Uint8Array(65536);
    encodeAlaw(everySample, codes);
    expect(mismatches(codes, reference.alawEncode)).toEqual([]);
    expect(mismatches(Array.from(everySample, linearToAlaw), reference.alawEncode)).toEqual([]);

    const pcm = new Int16Array(256);
    expect(decodeAlaw(everyCode, pcm)).toBe(256);
    expect(mismatches(pcm, reference.alawDecode)).toEqual([]);
    expect(mismatches(Array.from(everyCode, alawToLinear), reference.alawDecode)).toEqual([]);
  });
});
