/**
 * parseDialPlan: what each piece of the Cisco/Sipura and Grandstream syntaxes compiles
 * to (keys, repeats, substitutions, tones, timers, bars, pause, T), master timer
 * overrides, and the exact error text, with its offset, for maps that are wrong.
 * Not covered here: what the compiled plan dials (dial-plan-matcher.test.ts).
 */
import { describe, expect, it } from "vitest";
import { parseDialPlan, type DialPlan } from "../../../../src/call/dialplan/index.js";

function parsed(text: string): DialPlan {
  const r = parseDialPlan(text);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const X = "0123456789";

describe("parseDialPlan, valid maps", () => {
  it("compiles every Cisco element of one sequence in order", () => {
    const plan = parsed("( 9, <8:1650> [2-4*] x. S0 | 1900xxxxxxx! )");
    expect(plan.syntax).toBe("cisco");
    expect(plan.sequences.map((s) => s.source)).toEqual(["9, <8:1650> [2-4*] x. S0", "1900xxxxxxx!"]);
    expect(plan.sequences[0]!.elements).toEqual([
      { kind: "keys", keys: "9", count: "one", sent: true },
      { kind: "tone" },
      { kind: "keys", keys: "8", count: "one", sent: false },
      { kind: "insert", text: "1650" },
      { kind: "keys", keys: "234*", count: "one", sent: true },
      { kind: "keys", keys: X, count: "any", sent: true },
      { kind: "timer", which: "short", ms: 0 },
    ]);
    expect(plan.sequences[0]!.barred).toBe(false);
    expect(plan.sequences[1]!.barred).toBe(true);
    expect(plan.sequences[1]!.elements).toHaveLength(11);
  });

  it("takes the SPA default timers, the caller's, or the plan's master overrides", () => {
    expect(parsed("(x)")).toMatchObject({ shortTimerMs: 3000, longTimerMs: 10000 });
    expect(parseDialPlan("(x)", { shortTimerMs: 2000, longTimerMs: 8000 })).toMatchObject({ value: { shortTimerMs: 2000, longTimerMs: 8000 } });
    expect(parsed("L:8,S:4,(x)")).toMatchObject({ shortTimerMs: 4000, longTimerMs: 8000 });
    expect(parsed("L:15, (9,8<:1408>[2-9]xxxxxx | [1-8]xx)")).toMatchObject({ shortTimerMs: 3000, longTimerMs: 15000 });
  });

  it("ends a local timer's number at the first non-digit, as the SPA guide's terminating space does", () => {
    const [seq] = parsed("(xx L15 1xx)").sequences;
    expect(seq!.elements[2]).toEqual({ kind: "timer", which: "long", ms: 15000 });
    expect(seq!.elements[3]).toEqual({ kind: "keys", keys: "1", count: "one", sent: true });
  });

  it("ignores spaces, tabs and line breaks between elements (a map pasted over lines)", () => {
    expect(parsed("(\r\n  1 [2-9 ]x |\n\t2xx\n)").sequences.map((s) => s.source)).toEqual(["1 [2-9 ]x", "2xx"]);
  });

  it("reads hot line, warm line and T sequences", () => {
    expect(parsed("( S0 <:12125551234> )").sequences[0]!.elements).toEqual([
      { kind: "timer", which: "short", ms: 0 },
      { kind: "insert", text: "12125551234" },
    ]);
    const warm = parsed("( P5 <:1000> | xxxx )").sequences[0]!;
    expect(warm.pauseMs).toBe(5000);
    expect(warm.elements).toEqual([{ kind: "insert", text: "1000" }]);
    expect(parsed("(1xxT)").sequences[0]!.waitForTimer).toBe(true);
  });

  it("reads Grandstream: + and . as one or more, ? as optional, ^ bars, <a=b>, \\+", () => {
    const plan = parsed("{ ^1900x+ | <=1617>[2-9]xxxxxx | xx? | 011[2-9]x. | \\+x+ }");
    expect(plan.syntax).toBe("grandstream");
    const [bar, local, short, intl, plus] = plan.sequences;
    expect(bar!.barred).toBe(true);
    expect(bar!.elements.slice(4)).toEqual([
      { kind: "keys", keys: X, count: "one", sent: true },
      { kind: "keys", keys: X, count: "any", sent: true },
    ]);
    expect(local!.elements[0]).toEqual({ kind: "insert", text: "1617" });
    expect(short!.elements[1]).toEqual({ kind: "keys", keys: X, count: "optional", sent: true });
    expect(intl!.elements.slice(-2).map((e) => e.kind === "keys" && e.count)).toEqual(["one", "any"]);
    expect(plus!.elements[0]).toEqual({ kind: "keys", keys: "+", count: "one", sent: true });
    expect(parsed("{ x+ | \\+x+ | *x+ | *xx*x+ }").sequences).toHaveLength(4);
  });
});

describe("parseDialPlan, invalid maps", () => {
  const cases: [string, string][] = [
    ["", "dial plan: expected ( or { at 0"],
    ["xx.", "dial plan: expected ( or { at 0"],
    ["(xx.", "dial plan: unclosed ( at 0"],
    ["{x+", "dial plan: unclosed { at 0"],
    ["(1xx[2-9)", "dial plan: unclosed [ at 4"],
    ["(1xx[2-9", "dial plan: unclosed [ at 4"],
    ["(1xx[2-9x)", "dial plan: unexpected 'x' in [...] at 8"],
    ["([]x)", "dial plan: empty [...] at 1"],
    ["([9-2]x)", "dial plan: bad range 9-2 in [...] at 2"],
    ["([2-*]x)", "dial plan: bad range 2-* in [...] at 2"],
    ["([2a]x)", "dial plan: unexpected 'a' in [...] at 3"],
    ["(.x)", "dial plan: . must follow a key, x or [...] at 1"],
    ["(x..)", "dial plan: . must follow a key, x or [...] at 3"],
    ["(<:1>.)", "dial plan: . must follow a key, x or [...] at 5"],
    ["(<91>x)", "dial plan: expected : in <...> at 1"],
    ["(<9:1x)", "dial plan: unexpected 'x' in the digits a substitution sends at 5"],
    ["(<9:1", "dial plan: unclosed < at 1"],
    ["(1900x!x|2)", "dial plan: expected | or ) after ! at 7"],
    ["(xxS|1)", "dial plan: expected seconds after S at 4"],
    ["(xxS900)", "dial plan: timer over 600 s after S at 4"],
    ["(x T1)", "dial plan: expected | or ) after T at 4"],
    ["(x P5)", "dial plan: a pause (P) may only start a sequence at 3"],
    ["(P5 xxxx)", "dial plan: a pause (P) sequence dials no keys, so keys may not follow it at 1"],
    ["(x||1)", "dial plan: empty sequence at 3"],
    ["(x|S0)", "dial plan: empty sequence at 3"],
    ["(x) x", "dial plan: unexpected 'x' after ) at 4"],
    ["(x@gw0)", "dial plan: unexpected '@' at 2"],
    ["L:8 (x)", "dial plan: expected , after L:8 at 4"],
    ["L:8,{x}", "dial plan: expected ( at 4"],
    ["{xX}", "dial plan: 'X' (letters) cannot be dialled from an analog phone at 2"],
    ["{\\p\\a}", "dial plan: '\\' (letters) cannot be dialled from an analog phone at 1"],
    ["{x!}", "dial plan: unexpected '!' at 2"],
    ["{9,x}", "dial plan: unexpected ',' at 2"],
    ["{x^1}", "dial plan: unexpected '^' at 2"],
    ["(x+)", "dial plan: unexpected '+' at 2"],
  ];
  it.each(cases)("%j → %s", (map, message) => {
    const r = parseDialPlan(map);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe(message);
      expect(message.endsWith(`at ${r.error.offset}`)).toBe(true);
    }
  });
});
