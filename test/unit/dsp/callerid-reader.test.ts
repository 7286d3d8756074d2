/**
 * The caller ID reader on our own bursts, fed in 160-sample frames as a line delivers them:
 * Bell 202 and V.23, on-hook (seizure + mark) and off-hook (mark only) formats, levels from
 * −13.5 to −40 dBm0, white line noise down to 10 dB SNR, two messages in a row, words
 * spaced by 10 mark bits, a damaged
 * message (nothing shown), one minute of noise alone (nothing shown), a signal below the
 * carrier threshold (nothing shown), frames of odd sizes; NTT frames; DTMF caller ID of
 * every variant (also with noise), DTMF strings that are not caller ID, and speech from
 * espeak-ng (both talkers of test/support/echo/speech.ts, at three levels) showing nothing.
 * What spandsp's transmitter sends is read in callerid-reader-spandsp.test.ts.
 */
import { describe, expect, it } from "vitest";
import { FskModulator } from "../../../src/dsp/index.js";
import { FSK_FORMATS, fskBurst, type FskBurstFormat } from "../../../src/line/callerid/fsk-burst.js";
import { mdmfCallSetup, mdmfMessageWaiting, sdmfCallerId } from "../../../src/line/callerid/messages.js";
import { dtmfDigits } from "../../../src/line/callerid/alert-signals.js";
import { DTMF_CALLER_ID_VARIANTS, dtmfCallerIdDigits } from "../../../src/line/callerid/dtmf-callerid.js";
import { nttCallerIdMessage } from "../../../src/line/callerid/ntt-message.js";
import { addNoise, padded, readCallerId, whiteNoise } from "../../support/spandsp/adsi-decoders.js";
import { FAR_TALKER, NEAR_TALKER, talk } from "../../support/speech.js";
import { concat } from "../../support/signals.js";

const info = { time: { month: 12, day: 4, hour: 13, minute: 5 }, number: "5551234567", name: "KITCHEN PHONE" };

const formats: [string, FskBurstFormat][] = Object.entries(FSK_FORMATS);

describe("CallerIdReader", () => {
  it.each(formats)("reads an MDMF call set-up sent as %s", (_name, format) => {
    expect(readCallerId(padded(fskBurst(mdmfCallSetup(info), format)))).toEqual([{ kind: "call", info }]);
  });

  it.each([
    [-13.5, -100],
    [-30, -100],
    [-30, -50],
    [-30, -40],
    [-40, -50],
  ])("reads Bell 202 and V.23 at %d dBm0 with noise at %d dBm0", (level, noise) => {
    for (const format of [FSK_FORMATS.bellOnHook, FSK_FORMATS.etsiOnHook]) {
      const burst = padded(fskBurst(mdmfCallSetup(info), format, level));
      expect(readCallerId(addNoise(burst, whiteNoise(burst.length, noise, 3)))).toEqual([{ kind: "call", info }]);
    }
  });

  it("reads SDMF and then message waiting sent one after the other", () => {
    const time = info.time;
    const first = fskBurst(sdmfCallerId({ time, number: "5551234" }), FSK_FORMATS.bellOnHook);
    const second = fskBurst(mdmfMessageWaiting(true), FSK_FORMATS.bellOnHook);
    const both = new Int16Array(first.length + 1600 + second.length);
    both.set(first);
    both.set(second, first.length + 1600);
    expect(readCallerId(padded(both))).toEqual([
      { kind: "call", info: { time, number: "5551234" } },
      { kind: "mwi", on: true },
    ]);
  });

  it("reads a message whose words are 10 mark bits apart, as a sender may space them", () => {
    const modulator = new FskModulator({ standard: "bell202", levelDbm0: -13.5 });
    const parts = [modulator.seizure(300), modulator.mark(180), modulator.bytes(mdmfCallSetup(info), 11), modulator.mark(5)];
    const burst = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (burst.set(p, at), at + p.length), 0);
    expect(readCallerId(padded(burst))).toEqual([{ kind: "call", info }]);
  });

  it("shows nothing for a message with one damaged byte", () => {
    const message = mdmfCallSetup(info);
    message[12] = message[12]! ^ 0x04;
    expect(readCallerId(padded(fskBurst(message, FSK_FORMATS.bellOnHook)))).toEqual([]);
  });

  it("shows nothing from a minute of line noise at −40 dBm0, nor from a burst below −43 dBm0", () => {
    expect(readCallerId(whiteNoise(8000 * 60, -40, 11))).toEqual([]);
    expect(readCallerId(padded(fskBurst(mdmfCallSetup(info), FSK_FORMATS.bellOnHook, -46)))).toEqual([]);
  });

  it("does not depend on the frame size", () => {
    const burst = padded(fskBurst(mdmfMessageWaiting(false), FSK_FORMATS.etsiOffHook));
    for (const frame of [1, 7, 80, 333]) expect(readCallerId(burst, frame)).toEqual([{ kind: "mwi", on: false }]);
  });

  it("reads an NTT frame, at the nominal level and at −30 dBm0 with −50 dBm0 noise", () => {
    const burst = padded(fskBurst(nttCallerIdMessage({ number: "0312345678" }), FSK_FORMATS.ntt));
    expect(readCallerId(burst)).toEqual([{ kind: "call", info: { number: "0312345678" } }]);
    const quiet = padded(fskBurst(nttCallerIdMessage({ numberAbsent: "private" }), FSK_FORMATS.ntt, -30));
    expect(readCallerId(addNoise(quiet, whiteNoise(quiet.length, -50, 6)))).toEqual([{ kind: "call", info: { numberAbsent: "private" } }]);
  });

  it.each(DTMF_CALLER_ID_VARIANTS)("reads DTMF caller ID, %s variant: number, private, unavailable", (variant) => {
    for (const info of [{ number: "0301234567" }, { numberAbsent: "private" as const }, { numberAbsent: "unavailable" as const }]) {
      const audio = padded(dtmfDigits(dtmfCallerIdDigits(info, variant)));
      expect(readCallerId(audio)).toEqual([{ kind: "call", info }]);
      expect(readCallerId(addNoise(audio, whiteNoise(audio.length, -50, 8)))).toEqual([{ kind: "call", info }]);
    }
  });

  it("ignores DTMF that is not caller ID: digits without a start key, a string broken by a pause", () => {
    expect(readCallerId(padded(dtmfDigits("5551234#")))).toEqual([]);
    const broken = new Int16Array(8 * 3000);
    broken.set(dtmfDigits("A555"));
    broken.set(dtmfDigits("1234C"), 8 * 2000);
    expect(readCallerId(broken)).toEqual([]);
  });

  it("shows nothing while people talk (espeak-ng speech at −10, −20 and −30 dBm0)", () => {
    const speech = concat([-10, -20, -30].flatMap((level) => [talk(FAR_TALKER, level), talk(NEAR_TALKER, level)]));
    expect(speech.length).toBeGreaterThan(8000 * 30);
    expect(readCallerId(speech)).toEqual([]);
  });
});
