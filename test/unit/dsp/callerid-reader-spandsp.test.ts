/**
 * Our caller ID reader on what an independent transmitter sends: spandsp's ADSI
 * transmitter (CLASS = Bell 202, CLIP = V.23, its own preamble and checksum) for SDMF,
 * MDMF call set-up and message waiting, at spandsp's level, scaled to −30 dBm0, and at
 * −30 dBm0 with white noise at −50 dBm0 (SNR 20 dB), fed in 160-sample frames; spandsp's
 * CLIP-DTMF transmitter (each DTMF variant's string) and its J-CLIP (NTT) transmitter.
 * Then both receivers on the same noisy bursts of ours at 10 dB SNR (−30 dBm0 signal,
 * −40 dBm0 white noise, 20 seeds): ours must read at least as many as spandsp's.
 */
import { describe, expect, it } from "vitest";
import { rmsDbm0, type CallerIdEvent } from "../../../src/dsp/index.js";
import { FSK_FORMATS, fskBurst } from "../../../src/line/callerid/fsk-burst.js";
import { mdmfCallSetup } from "../../../src/line/callerid/messages.js";
import { addNoise, padded, readCallerId, spandspReceive, spandspTransmit, whiteNoise, type AdsiStandard } from "../../support/spandsp/adsi-decoders.js";

/** The burst (silence excluded) scaled to `dbm0`. */
function scaledTo(samples: Int16Array, dbm0: number): Int16Array {
  const active = samples.filter((s) => s !== 0);
  const gain = 10 ** ((dbm0 - rmsDbm0(active)) / 20);
  return Int16Array.from(samples, (s) => Math.round(s * gain));
}

const ascii = (text: string): string => Buffer.from(text, "ascii").toString("hex");
const time = { month: 12, day: 4, hour: 13, minute: 5 };

const cases: { name: string; standard: AdsiStandard; message: string; event: CallerIdEvent }[] = [
  {
    name: "CLASS SDMF",
    standard: "class",
    message: `0400${ascii("120413055551234567")}`,
    event: { kind: "call", info: { time, number: "5551234567" } },
  },
  {
    name: "CLASS MDMF number and name",
    standard: "class",
    message: `8000 0108${ascii("12041305")} 020a${ascii("5551234567")} 0705${ascii("ALICE")}`,
    event: { kind: "call", info: { time, number: "5551234567", name: "ALICE" } },
  },
  {
    name: "CLASS MDMF private",
    standard: "class",
    message: `8000 0108${ascii("12041305")} 0401${ascii("P")} 0801${ascii("P")}`,
    event: { kind: "call", info: { time, numberAbsent: "private", nameAbsent: "private" } },
  },
  { name: "CLASS MDMF VMWI on", standard: "class", message: "8200 0b01ff", event: { kind: "mwi", on: true } },
  {
    name: "CLIP call set-up",
    standard: "clip",
    message: `8000 0108${ascii("12041305")} 020b${ascii("01632960123")} 0704${ascii("ADA ")}`,
    event: { kind: "call", info: { time, number: "01632960123", name: "ADA " } },
  },
  { name: "CLIP message waiting off", standard: "clip", message: "8200 0b0100", event: { kind: "mwi", on: false } },
];

describe("CallerIdReader on spandsp's ADSI transmitter", () => {
  it.each(cases)("$name: at spandsp's level, at −30 dBm0, and with −50 dBm0 noise", ({ standard, message, event }) => {
    const audio = spandspTransmit(standard, message.replace(/\s/g, ""));
    expect(readCallerId(audio)).toEqual([event]);
    const quiet = scaledTo(audio, -30);
    expect(rmsDbm0(quiet.filter((s) => s !== 0))).toBeCloseTo(-30, 0);
    expect(readCallerId(quiet)).toEqual([event]);
    expect(readCallerId(addNoise(quiet, whiteNoise(quiet.length, -50, 9)))).toEqual([event]);
  });

  it.each(["A0301234567C", "A0301234567#", "D1#", "B10C", "D00C"])("spandsp's DTMF caller ID %s", (digits) => {
    const [event] = readCallerId(spandspTransmit("clip-dtmf", digits));
    expect(event).toEqual({
      kind: "call",
      info: digits.startsWith("A") ? { number: "0301234567" } : { numberAbsent: /1/.test(digits) ? "private" : "unavailable" },
    });
  });

  it("spandsp's J-CLIP (NTT) transmitter", () => {
    expect(readCallerId(spandspTransmit("jclip", `4000020a${ascii("0312345678")}`))).toEqual([{ kind: "call", info: { number: "0312345678" } }]);
  });
});

describe("our reader beside spandsp's receiver at 10 dB SNR", () => {
  it.each([
    ["class", FSK_FORMATS.bellOnHook],
    ["clip", FSK_FORMATS.etsiOnHook],
  ] as const)("%s: ours reads at least as many of 20 noisy bursts", (standard, format) => {
    const message = mdmfCallSetup({ time, number: "5551234567", name: "KITCHEN PHONE" }, standard === "class" ? "bell" : "etsi");
    const burst = padded(fskBurst(message, format, -30));
    let ours = 0;
    let theirs = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const noisy = addNoise(burst, whiteNoise(burst.length, -40, seed));
      ours += readCallerId(noisy).length;
      theirs += spandspReceive(standard, noisy, -45).length;
    }
    expect(ours).toBeGreaterThanOrEqual(theirs);
    expect(ours).toBeGreaterThanOrEqual(19);
  });
});
