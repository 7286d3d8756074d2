/**
 * DTMF caller ID strings as a display reads them: each variant's forms (number with 'C' or
 * '#', redirecting number and information code after it, absence codes), strings that are
 * not caller ID, and the collector's start keys, end keys and 1 s gap limit.
 * Audio (detection of the tones) is in callerid-reader.test.ts.
 */
import { describe, expect, it } from "vitest";
import { DtmfCallerIdCollector, parseDtmfCallerId } from "../../../src/dsp/index.js";

describe("parseDtmfCallerId", () => {
  it.each([
    ["A0301234567C", { number: "0301234567" }],
    ["A4533123456#", { number: "4533123456" }],
    ["A0301234567D0407654321B00C", { number: "0301234567" }],
    ["B10C", { numberAbsent: "private" }],
    ["B00C", { numberAbsent: "unavailable" }],
    ["D10C", { numberAbsent: "private" }],
    ["D1#", { numberAbsent: "private" }],
    ["D2#", { numberAbsent: "unavailable" }],
    ["D3#", { numberAbsent: "unavailable" }],
  ])("%s → %o", (keys, info) => {
    expect(parseDtmfCallerId(keys)).toEqual(info);
  });

  it.each(["A#", "AC", "1234#", "D4#", "B1C", "A12*3C"])("%s is not caller ID", (keys) => {
    expect(parseDtmfCallerId(keys)).toBeUndefined();
  });
});

describe("DtmfCallerIdCollector", () => {
  const feed = (collector: DtmfCallerIdCollector, keys: string, from = 0, stride = 1120) =>
    [...keys].map((k, i) => collector.add(k, from + i * stride)).filter((x) => x !== undefined);

  it("starts only at A, B or D and reads at C or #", () => {
    const collector = new DtmfCallerIdCollector();
    expect(feed(collector, "99A123C")).toEqual([{ number: "123" }]);
    expect(collector.lastKeys).toBe("A123C");
  });

  it("starts again after a pause longer than the gap limit", () => {
    const collector = new DtmfCallerIdCollector(8000);
    expect(feed(collector, "A12")).toEqual([]);
    expect(feed(collector, "A34C", 20_000)).toEqual([{ number: "34" }]);
    expect(feed(collector, "A56", 40_000)).toEqual([]);
    expect(feed(collector, "C", 60_000)).toEqual([]);
  });
});
