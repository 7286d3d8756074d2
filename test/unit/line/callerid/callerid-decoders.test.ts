/**
 * Every caller ID and message waiting format we send, decoded by independent decoders:
 * spandsp's ADSI receiver (CLASS for Bell 202, CLIP for V.23, CLIP-DTMF for DTMF caller
 * ID) and multimon-ng's CLIPFSK demodulator (a Bell 202 receiver that prints ETSI
 * EN 300 659-3 fields). Conditions: the nominal −13.5 dBm0; −30 dBm0 alone; −30 dBm0 with
 * white line noise at −50 dBm0 (SNR 20 dB over the 4 kHz band). spandsp ignores FSK below
 * its carrier cutoff (−30 dBm0 by default, where it fails on Bell 202 exactly at the
 * threshold), so at −30 dBm0 it runs with its cutoff set to −45 dBm0, and its default
 * cutoff is shown to accept −29 dBm0. multimon-ng is not asked to read the off-hook
 * (call waiting) format: its bit clock locks on the transitions of the channel seizure,
 * which that format has none of (GR-575-CORE: 80 mark bits only), so it reads it only at
 * some clock phases; spandsp, which resynchronises on each start bit, reads it.
 * Timing against ringing is in schedule.test.ts.
 */
import { describe, expect, it } from "vitest";
import { FSK_FORMATS, fskBurst, type FskBurstFormat } from "../../../../src/line/callerid/fsk-burst.js";
import { mdmfCallSetup, mdmfMessageWaiting, sdmfCallerId, sdmfMessageWaiting } from "../../../../src/line/callerid/messages.js";
import { dtmfDigits } from "../../../../src/line/callerid/alert-signals.js";
import { DTMF_CALLER_ID_VARIANTS, dtmfCallerIdDigits } from "../../../../src/line/callerid/dtmf-callerid.js";
import { addNoise, hex, multimonClipFsk, padded, spandspReceive, whiteNoise } from "../../../support/spandsp/adsi-decoders.js";

const time = { month: 12, day: 4, hour: 13, minute: 5 };

interface Case {
  name: string;
  message: Uint8Array;
  format: FskBurstFormat;
  /** What multimon-ng prints for it (it reads MDMF only). */
  multimon?: string;
}

const cases: Case[] = [
  {
    name: "Bell MDMF number and name",
    message: mdmfCallSetup({ time, number: "5551234567", name: "KITCHEN PHONE" }),
    format: FSK_FORMATS.bellOnHook,
    multimon: "CLIPFSK: CS DATE=12041305 CID=5551234567 CNT=KITCHEN PHONE",
  },
  {
    name: "Bell MDMF private number and name",
    message: mdmfCallSetup({ time, numberAbsent: "private", nameAbsent: "private" }),
    format: FSK_FORMATS.bellOnHook,
    multimon: "CLIPFSK: CS DATE=12041305 RACLI=P Private (CLIR involved) RACNT=P Private (CLIR involved)",
  },
  {
    name: "Bell MDMF out of area",
    message: mdmfCallSetup({ time, numberAbsent: "unavailable", nameAbsent: "unavailable" }),
    format: FSK_FORMATS.bellOnHook,
    multimon: "CLIPFSK: CS DATE=12041305 RACLI=O Unavailable RACNT=O Unavailable",
  },
  { name: "Bell SDMF number", message: sdmfCallerId({ time, number: "5551234567" }), format: FSK_FORMATS.bellOnHook },
  { name: "Bell SDMF private", message: sdmfCallerId({ time, numberAbsent: "private" }), format: FSK_FORMATS.bellOnHook },
  {
    name: "Bell MDMF VMWI on",
    message: mdmfMessageWaiting(true),
    format: FSK_FORMATS.bellOnHook,
    multimon: "CLIPFSK: MWI VI=. Activation (indicator on)",
  },
  {
    name: "Bell MDMF VMWI off",
    message: mdmfMessageWaiting(false),
    format: FSK_FORMATS.bellOnHook,
    multimon: "CLIPFSK: MWI VI=. Deactivation (indicator off)",
  },
  { name: "Bell SDMF VMWI on", message: sdmfMessageWaiting(true), format: FSK_FORMATS.bellOnHook },
  {
    name: "Bell call waiting (off-hook, mark only)",
    message: mdmfCallSetup({ time, number: "5551234567", name: "KITCHEN PHONE" }),
    format: FSK_FORMATS.bellOffHook,
  },
  {
    name: "ETSI call set-up, long name",
    message: mdmfCallSetup({ time, number: "+441632960123", name: "Dr. Ada Lovelace, Analytical Engines Ltd" }, "etsi"),
    format: FSK_FORMATS.etsiOnHook,
  },
  { name: "ETSI message waiting on", message: mdmfMessageWaiting(true), format: FSK_FORMATS.etsiOnHook },
  { name: "ETSI off-hook (call waiting)", message: mdmfCallSetup({ time, number: "0301234567" }, "etsi"), format: FSK_FORMATS.etsiOffHook },
  { name: "BT SIN 227", message: mdmfCallSetup({ time, number: "01632960123", name: "ALICE" }, "etsi"), format: FSK_FORMATS.btSin227 },
];

/** What spandsp reports: the message without its checksum. */
const expected = (message: Uint8Array): string[] => [hex(message.subarray(0, -1))];
const standardOf = (format: FskBurstFormat) => (format.standard === "bell202" ? "class" : "clip") as "class" | "clip";

describe("spandsp's ADSI receiver decodes what we send", () => {
  it.each(cases)("$name at −13.5 dBm0, −30 dBm0, and −30 dBm0 with −50 dBm0 noise", ({ message, format }) => {
    const standard = standardOf(format);
    const nominal = padded(fskBurst(message, format));
    expect(spandspReceive(standard, nominal)).toEqual(expected(message));
    const quiet = padded(fskBurst(message, format, -30));
    expect(spandspReceive(standard, quiet, -45)).toEqual(expected(message));
    expect(spandspReceive(standard, addNoise(quiet, whiteNoise(quiet.length, -50, 2)), -45)).toEqual(expected(message));
  });

  it("with its default −30 dBm0 cutoff, accepts −29 dBm0 and ignores −31 dBm0", () => {
    const message = mdmfCallSetup({ time, number: "5551234567" });
    for (const format of [FSK_FORMATS.bellOnHook, FSK_FORMATS.etsiOnHook]) {
      expect(spandspReceive(standardOf(format), padded(fskBurst(message, format, -29)))).toEqual(expected(message));
      expect(spandspReceive(standardOf(format), padded(fskBurst(message, format, -31)))).toEqual([]);
    }
  });

  it.each(DTMF_CALLER_ID_VARIANTS)("DTMF caller ID, %s variant: number, private, unavailable", (variant) => {
    for (const info of [{ number: "0301234567" }, { numberAbsent: "private" as const }, {}]) {
      const digits = dtmfCallerIdDigits(info, variant);
      const audio = padded(dtmfDigits(digits));
      expect(spandspReceive("clip-dtmf", audio)).toEqual([hex(Buffer.from(digits))]);
      expect(spandspReceive("clip-dtmf", addNoise(audio, whiteNoise(audio.length, -50, 4)))).toEqual([hex(Buffer.from(digits))]);
    }
  });
});

describe("multimon-ng CLIPFSK decodes what we send", () => {
  const readable = cases.filter((c) => c.multimon);
  it.each(readable)("$name at −13.5 dBm0, −30 dBm0, and −30 dBm0 with −50 dBm0 noise", ({ message, format, multimon }) => {
    expect(multimonClipFsk(padded(fskBurst(message, format)))).toEqual([multimon]);
    const quiet = padded(fskBurst(message, format, -30));
    expect(multimonClipFsk(quiet)).toEqual([multimon]);
    expect(multimonClipFsk(addNoise(quiet, whiteNoise(quiet.length, -50, 3)))).toEqual([multimon]);
  });

  it("reads V.23 too (its correlators sit at 1200/2200 Hz, close to 1300/2100 Hz)", () => {
    const message = mdmfCallSetup({ time, number: "0301234567", name: "ERIKA" }, "etsi");
    expect(multimonClipFsk(padded(fskBurst(message, FSK_FORMATS.etsiOnHook, -30)))).toEqual(["CLIPFSK: CS DATE=12041305 CID=0301234567 CNT=ERIKA"]);
  });
});
