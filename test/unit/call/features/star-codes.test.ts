/**
 * StarCodes.match: every default code of features-spec.md is recognised by name, with the
 * number after it for the codes that take one (and nothing after it for those that do
 * not); every start of a code is a prefix; dial-plan numbers, including ones beginning
 * with * that are no code, pass through as "none"; a custom table (codes of other lengths,
 * # codes) replaces the defaults; a table validation would refuse is refused here too.
 * Does not cover what the controller does on a match (src/call/port tests).
 */
import { describe, expect, it } from "vitest";
import { defaultStarCodes, FEATURE_CODES } from "../../../../src/config/index.js";
import { StarCodes, takesNumber, type FeatureCode } from "../../../../src/call/features/index.js";

const DEFAULTS: [FeatureCode, string, boolean][] = [
  ["forwardAllOn", "*72", true], ["forwardAllOff", "*73", false],
  ["forwardBusyOn", "*90", true], ["forwardBusyOff", "*91", false],
  ["forwardNoAnswerOn", "*92", true], ["forwardNoAnswerOff", "*93", false],
  ["dndOn", "*78", false], ["dndOff", "*79", false],
  ["callWaitingOn", "*56", false], ["callWaitingOff", "*57", false], ["cwOffNextCall", "*70", true],
  ["blockCallerIdOn", "*30", false], ["blockCallerIdOff", "*31", false],
  ["hideIdNextCall", "*67", true], ["showIdNextCall", "*82", true],
  ["anonymousCallRejectionOn", "*77", false], ["anonymousCallRejectionOff", "*87", false],
  ["callReturn", "*69", false], ["redial", "*66", false],
];

describe("StarCodes", () => {
  const codes = new StarCodes(defaultStarCodes());

  it("knows every default code of the spec's table, and which take a number", () => {
    expect(DEFAULTS.map(([code]) => code).sort()).toEqual([...FEATURE_CODES].sort());
    for (const [code, digits, number] of DEFAULTS) {
      expect(codes.match(digits), digits).toEqual({ kind: "code", code, rest: "" });
      expect(codes.codeFor(code)).toBe(digits);
      expect(takesNumber(code), code).toBe(number);
      expect(codes.match(digits.slice(0, 2)).kind, digits.slice(0, 2)).toBe("prefix");
    }
  });

  it("gives the number dialled after a code that takes one, as dialled", () => {
    expect(codes.match("*725551234")).toEqual({ kind: "code", code: "forwardAllOn", rest: "5551234" });
    expect(codes.match("*901002#")).toEqual({ kind: "code", code: "forwardBusyOn", rest: "1002#" });
    expect(codes.match("*6718005551234")).toEqual({ kind: "code", code: "hideIdNextCall", rest: "18005551234" });
    expect(codes.match("*82*97")).toEqual({ kind: "code", code: "showIdNextCall", rest: "*97" });
    expect(codes.match("*70911")).toEqual({ kind: "code", code: "cwOffNextCall", rest: "911" });
  });

  it("does not read digits after a code that takes no number as that code", () => {
    for (const dialled of ["*735", "*691002", "*66#"]) expect(codes.match(dialled), dialled).toEqual({ kind: "none" });
  });

  it("waits on the start of a code and passes everything else to the dial plan", () => {
    for (const dialled of ["", "*", "*7", "*9", "*3", "*8"]) expect(codes.match(dialled), dialled).toEqual({ kind: "prefix" });
    for (const dialled of ["1", "5551234", "911", "#", "*1", "*98", "*97", "*99", "*0", "**", "*2#", "#72", "A"]) {
      expect(codes.match(dialled), dialled).toEqual({ kind: "none" });
    }
  });

  it("uses a custom table in place of the defaults", () => {
    const custom = new StarCodes({ ...defaultStarCodes(), forwardAllOn: "#21", forwardAllOff: "#22", redial: "*4", callWaitingOn: "*1234" });
    expect(custom.match("#21")).toEqual({ kind: "code", code: "forwardAllOn", rest: "" });
    expect(custom.match("#211002")).toEqual({ kind: "code", code: "forwardAllOn", rest: "1002" });
    expect(custom.match("#")).toEqual({ kind: "prefix" });
    expect(custom.match("#2")).toEqual({ kind: "prefix" });
    expect(custom.match("#22")).toEqual({ kind: "code", code: "forwardAllOff", rest: "" });
    expect(custom.match("*4")).toEqual({ kind: "code", code: "redial", rest: "" });
    expect(custom.match("*123")).toEqual({ kind: "prefix" });
    expect(custom.match("*1234")).toEqual({ kind: "code", code: "callWaitingOn", rest: "" });
    expect(custom.codeFor("callWaitingOn")).toBe("*1234");
    for (const old of ["*72", "*73", "*66", "*56"]) expect(custom.match(old), old).toEqual({ kind: "none" });
  });

  it("refuses a table with a duplicate or a code that starts another", () => {
    expect(() => new StarCodes({ ...defaultStarCodes(), redial: "*69" })).toThrow(/starCodes.redial is "\*69", the same as starCodes.callReturn/);
    expect(() => new StarCodes({ ...defaultStarCodes(), redial: "*6" })).toThrow(RangeError);
    expect(() => new StarCodes({ ...defaultStarCodes(), redial: "66" })).toThrow(/1 to 4 digits/);
  });
});
