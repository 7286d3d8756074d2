/**
 * The FSK demodulator and its framer on long runs of random bytes: every byte back at
 * −13.5 dBm0, both standards; the mark bits idled before a character counted; a character
 * with a 0 stop bit and a carrier lost mid-character reported as breaks; the byte error
 * count at 12 dB SNR (−30 dBm0 signal, −42 dBm0 white noise) over 2000 bytes.
 * Message assembly is the reader's (callerid-reader.test.ts).
 */
import { describe, expect, it } from "vitest";
import { FskDemodulator, FskModulator, type Bit, type FskStandard } from "../../../src/dsp/index.js";
import { addNoise, whiteNoise } from "../../support/spandsp/adsi-decoders.js";
import { concat } from "../../support/signals.js";

function randomBytes(count: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 16) & 0xff;
  });
}

function demodulate(standard: FskStandard, samples: Int16Array) {
  const bytes: number[] = [];
  const idle: number[] = [];
  let breaks = 0;
  const demodulator = new FskDemodulator({ standard }, {
    onByte: (byte, idleMarkBits) => {
      bytes.push(byte);
      idle.push(idleMarkBits);
    },
    onBreak: () => breaks++,
  });
  for (let at = 0; at < samples.length; at += 160) demodulator.process(samples.subarray(at, at + 160));
  return { bytes, idle, breaks };
}

describe("FskDemodulator", () => {
  it.each(["bell202", "v23"] as const)("%s: returns 1000 random bytes exactly, with the idle mark before each", (standard) => {
    const modulator = new FskModulator({ standard, levelDbm0: -13.5 });
    const data = randomBytes(1000, 7);
    const audio = concat([modulator.mark(100), modulator.bytes(data.slice(0, 500)), modulator.mark(20), modulator.bytes(data.slice(500)), modulator.mark(10)]);
    const { bytes, idle, breaks } = demodulate(standard, audio);
    expect(bytes).toEqual(data);
    expect(breaks).toBe(0);
    // Counted from where the carrier is found (a few ms in) and from the middle of a stop bit.
    expect(idle[0]).toBeGreaterThan(90);
    expect(idle[500]).toBe(20);
    expect(idle.filter((n, i) => i !== 0 && i !== 500 && n !== 0)).toEqual([]);
  });

  it("reports a 0 stop bit and a carrier lost mid-character as breaks", () => {
    const modulator = new FskModulator({ standard: "bell202", levelDbm0: -13.5 });
    const badStop: Bit[] = [0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 1];
    const cut = modulator.bytes([0x41]).subarray(0, 30);
    const { bytes, breaks } = demodulate("bell202", concat([modulator.mark(50), modulator.bits(badStop), modulator.bytes([0x42]), cut, new Int16Array(800)]));
    expect(bytes).toEqual([0x42]);
    expect(breaks).toBe(2);
  });

  it.each(["bell202", "v23"] as const)("%s: at 12 dB SNR at most 1 byte in 2000 is lost or wrong", (standard) => {
    const modulator = new FskModulator({ standard, levelDbm0: -30 });
    const data = randomBytes(2000, 3);
    const audio = concat([modulator.mark(100), ...Array.from({ length: 200 }, (_, i) => concat([modulator.bytes(data.slice(10 * i, 10 * i + 10)), modulator.mark(12)]))]);
    const { bytes } = demodulate(standard, addNoise(audio, whiteNoise(audio.length, -42, 5)));
    const wrong = data.filter((b, i) => bytes[i] !== b).length;
    expect(bytes.length).toBe(2000);
    expect(wrong).toBeLessThanOrEqual(1);
  });
});
