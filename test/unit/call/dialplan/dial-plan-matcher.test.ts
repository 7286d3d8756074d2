/**
 * DialPlanMatcher driven key by key (and by timeouts the test declares run out): each
 * syntax feature (x, [..], ., substitution, !, S/L local and master timers, T, #, `,`,
 * hot and warm line), the timer each step names (long until something is complete,
 * short after, 0 with S0), the precedence rule, emergency numbers overriding the map,
 * misuse (keys after the end, a key that is not one), and that it is the port
 * controller's DigitCollector (checked by the compiler). Not covered: region maps
 * (region-dial-plans.test.ts), maps from vendor guides (real-world-maps.test.ts).
 */
import { describe, expect, it } from "vitest";
import { DialPlanMatcher, parseDialPlan } from "../../../../src/call/dialplan/index.js";
import type { DigitCollector } from "../../../../src/call/port/index.js";
import { dialOutcome, dialTrace } from "./dial-trace.js";

describe("DialPlanMatcher, one feature at a time", () => {
  const cases: [string, string, string, string][] = [
    ["x and keys: complete and nothing longer dials at once", "(1xx)", "123", "dial 123"],
    ["[2-9] refuses a key outside the list at once", "([2-9]11)", "1", "refuse no-match"],
    ["[2-9*] takes *", "([2-9*]11)", "*11", "dial *11"],
    [". allows zero repeats: 0 alone waits on the short timer", "(01.)", "0", "wait short 3000"],
    [". then the timer dials what was pressed", "(01.)", "0111~", "dial 0111"],
    ["xx. needs one digit before anything is complete", "(9xx.)", "9", "wait long 10000"],
    ["<8:1650> replaces the 8", "(<8:1650>xxxxxxx)", "85551212", "dial 16505551212"],
    ["<:1408> inserts", "(<:1408>[2-9]xxxxxx)", "5551234", "dial 14085551234"],
    ["<9:> removes", "(<9:>xx.)", "95551234~", "dial 5551234"],
    ["<x:> removes any digit too", "(<x:>1xx)", "5123", "dial 123"],
    ["! bars a complete match", "(1900xxxxxxx!|1xxxxxxxxxx)", "19005551234", "refuse barred"],
    ["! leaves the other sequences", "(1900xxxxxxx!|1xxxxxxxxxx)", "12125551234", "dial 12125551234"],
    ["only barred candidates left: refused before the number ends", "(1900x.!|[2-9]xxxxxx)", "1", "refuse barred"],
    ["S0 dials at once although a longer sequence still fits", "([2-9]11S0|[2-9]xxxxxx)", "411", "dial 411"],
    ["without S0 the same keys wait on the short timer", "([2-9]11|[2-9]xxxxxx)", "411", "wait short 3000"],
    ["and dial the shorter number when it runs out", "([2-9]11|[2-9]xxxxxx)", "411~", "dial 411"],
    ["or the longer one when it is complete", "([2-9]11|[2-9]xxxxxx)", "4115551", "dial 4115551"],
    ["S7 after a position sets the short timer from there", "(xxxS7 x.)", "123", "wait short 7000"],
    ["L30 after a position sets the long timer from there", "(1L30 xxx|2xxx)", "1", "wait long 30000"],
    ["master S: and L:", "S:6,L:12,(xxx|xxxxx)", "1", "wait long 12000"],
    ["master S: once complete", "S:6,L:12,(xxx|xxxxx)", "123", "wait short 6000"],
    ["T keeps a complete number waiting on the short timer", "(1xxT)", "123", "wait short 3000"],
    ["T dials when the timer runs out", "(1xxT)", "123~", "dial 123"],
    ["Grandstream T the same", "{1xxT}", "123~", "dial 123"],
    ["a T sequence still complete keeps a plain complete one waiting too", "(1xxT|<:9>123)", "123", "wait short 3000"],
    ["and precedence then picks among both", "(1xxT|<:9>123)", "123~", "dial 9123"],
    ["# sends a complete number at once", "(xxxx.)", "1234#", "dial 1234"],
    ["# on an incomplete number refuses", "(xxxx.)", "12#", "refuse incomplete"],
    ["# sends a T number without waiting", "(1xxT)", "123#", "dial 123"],
    ["# is a key where a sequence takes it", "(*72x.#)", "*725551234#", "dial *725551234#"],
    ["a timeout on an incomplete number refuses, never sends it as dialled", "(xxxxxxx)", "555~", "refuse incomplete"],
    ["no sequence fits: refused at the key", "(1xx|2xx)", "3", "refuse no-match"],
    ["Grandstream x+ needs one digit", "{9x+}", "9", "wait long 10000"],
    ["Grandstream xx? dials at the second digit", "{1x?}", "12", "dial 12"],
    ["Grandstream <=1617> inserts", "{<=1617>xxxxxxx}", "5551234", "dial 16175551234"],
    ["Grandstream ^ bars", "{^1900x+|1x+}", "1900555~", "refuse barred"],
    ["Grandstream <2=011> replaces", "{1xxx[2-9]xxxxxx|<2=011>x+}", "2445555~", "dial 011445555"],
  ];
  it.each(cases)("%s: %s with %s → %s", (_what, map, keys, outcome) => {
    expect(dialOutcome(map, keys)).toBe(outcome);
  });

  it("`#` refuses rather than sends when the map owner turns it off", () => {
    expect(dialOutcome("(xxxx.)", "1234#", { hashSends: false })).toBe("refuse no-match");
  });

  it("asks for the second dial tone after the key before `,`, until the next key", () => {
    expect(dialTrace("(9,xxxxxxx|[1-8]xx)", "95551234")).toEqual([
      "wait none",
      "wait long 10000 +tone",
      "wait long 10000",
      "wait long 10000",
      "wait long 10000",
      "wait long 10000",
      "wait long 10000",
      "wait long 10000",
      "dial 95551234",
    ]);
  });

  it("names no interdigit timer before the first key, then the long one while nothing is complete, the short one while something is", () => {
    // After four keys xxx no longer fits and xxxxx is not complete: back to the long timer.
    expect(dialTrace("(xxx|xxxxx)", "12345")).toEqual(["wait none", "wait long 10000", "wait long 10000", "wait short 3000", "wait long 10000", "dial 12345"]);
  });

  it("keeps the longest long timer of the candidates and the shortest short timer of the complete ones", () => {
    expect(dialTrace("(1L30 xxxx|1xxxxx)", "1")).toEqual(["wait none", "wait long 30000"]);
    expect(dialTrace("(1xxS1 x|1xxS5 xx)", "123")).toEqual(["wait none", "wait long 10000", "wait long 10000", "wait long 10000"]);
    expect(dialOutcome("(1xS1 x.|1xS5 xx.)", "12")).toBe("wait short 1000");
  });

  it("calls a hot line at once and a warm line after its pause unless a key comes first", () => {
    expect(dialTrace("( S0 <:12125551234> )", "")).toEqual(["dial 12125551234"]);
    expect(dialTrace("( P0 <:12125551234> )", "")).toEqual(["dial 12125551234"]);
    expect(dialTrace("( P5 <:1000> | xxxx )", "~")).toEqual(["wait pause 5000", "dial 1000"]);
    expect(dialTrace("( P5 <:1000> | xxxx )", "1234")).toEqual(["wait pause 5000", "wait long 10000", "wait long 10000", "wait long 10000", "dial 1234"]);
    expect(dialOutcome("( P5 <:1000> | xxxx )", "12~")).toBe("refuse incomplete");
    expect(dialTrace("( P7 <:1000> )", "~")).toEqual(["wait pause 7000", "dial 1000"]);
    expect(dialOutcome("( P7 <:1000> )", "1")).toBe("refuse no-match");
  });
});

describe("DialPlanMatcher precedence: the most specific match, key by key from the first", () => {
  const ranked = "(<:1>xxxx|<:2>5xxx|<:3>55[0-4]x|<:4>5551)";
  const cases: [string, string, string, string][] = [
    ["a key beats a range beats x", ranked, "5551", "dial 45551"],
    ["a range beats x", ranked, "5542", "dial 35542"],
    ["a key beats x", ranked, "5562", "dial 25562"],
    ["x when nothing else fits", ranked, "6562", "dial 16562"],
    ["the first position decides before the count of keys", "(<:1>5xxx|<:2>x555)", "5555", "dial 15555"],
    ["an element once beats the same element repeated", "(<:1>5x.|<:2>5x)", "55~", "dial 255"],
    ["equal specificity: the sequence written first", "(<:1>xxx|<:2>xxx)", "123", "dial 1123"],
    ["equal specificity: a bar wins over an allow", "(xxx|xxx!)", "123", "refuse barred"],
    ["a more specific bar is refused", "(1xxxxxxxxxx|1900xxxxxxx!)", "19005551212", "refuse barred"],
    ["a less specific bar loses to a specific allow", "(1x.!|1800xxxxxxx)", "18005551212~", "dial 18005551212"],
  ];
  it.each(cases)("%s: %s with %s → %s", (_what, map, keys, outcome) => {
    expect(dialOutcome(map, keys)).toBe(outcome);
  });
});

describe("DialPlanMatcher emergency numbers", () => {
  const emergency = { emergency: ["911"] };
  it("dials the number at once, even where the map bars it or would wait for more keys", () => {
    expect(dialOutcome("(911!|[2-9]xxxxxx)", "911", emergency)).toBe("dial 911 (emergency)");
    expect(dialOutcome("(xxxxxxx)", "911", emergency)).toBe("dial 911 (emergency)");
    expect(dialOutcome("(9,xxxxxxx)", "911", emergency)).toBe("dial 911 (emergency)");
    expect(dialOutcome("(1900x.!|9x.!)", "911", emergency)).toBe("dial 911 (emergency)");
  });

  it("keeps collecting keys that begin it, where the map alone would refuse or decide", () => {
    expect(dialTrace("(1xx)", "911", emergency)).toEqual(["wait none", "wait long 10000", "wait long 10000", "dial 911 (emergency)"]);
    expect(dialOutcome("(1xx)", "95", emergency)).toBe("refuse no-match");
    expect(dialTrace("(<:1>9)", "9~", emergency)).toEqual(["wait none", "wait short 3000", "dial 19"]);
    expect(dialOutcome("(9xx.!)", "9", emergency)).toBe("wait long 10000");
    expect(dialOutcome("(9xx.!)", "92", emergency)).toBe("refuse barred");
  });
});

describe("DialPlanMatcher misuse", () => {
  const plan = parseDialPlan("(1xx)");
  if (!plan.ok) throw new Error(plan.error.message);

  it("throws on a key after it has finished, and on a timeout after it has finished", () => {
    const m = new DialPlanMatcher(plan.value);
    m.press("2");
    expect(m.current).toEqual({ kind: "refuse", reason: "no-match" });
    expect(() => m.press("1")).toThrow("already finished (refuse)");
    expect(() => m.timeout()).toThrow("already finished (refuse)");
  });

  it("throws on something that is not a telephone key", () => {
    const m = new DialPlanMatcher(plan.value);
    expect(() => m.press("12")).toThrow("not a key");
    expect(() => m.press("e")).toThrow("not a key");
    expect(m.press("1")).toEqual({ kind: "collect", timer: "long", timeoutMs: 10000, secondDialTone: false });
    expect(m.keys).toBe("1");
  });

  it("names the sequence that matched", () => {
    const m = new DialPlanMatcher(plan.value);
    for (const k of "123") m.press(k);
    expect(m.current).toEqual({ kind: "dial", number: "123", emergency: false, rule: "1xx" });
  });

  it("is the port controller's DigitCollector, made fresh for each off-hook", () => {
    const collector: DigitCollector = new DialPlanMatcher(plan.value, { emergency: ["911"] });
    expect(collector.current).toEqual({ kind: "collect", timer: "none", timeoutMs: null, secondDialTone: false });
    expect(collector.press("9")).toEqual({ kind: "collect", timer: "long", timeoutMs: 10000, secondDialTone: false });
    expect(collector.press("1")).toMatchObject({ kind: "collect" });
    expect(collector.press("1")).toEqual({ kind: "dial", number: "911", emergency: true, rule: "911" });
  });
});
