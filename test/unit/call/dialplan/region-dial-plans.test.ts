/**
 * Region defaults: every built-in map parses; in each region each emergency number
 * dials at once with the region's map and with a user map that bars everything; typical
 * local, national, mobile, service and international numbers dial (at once where their
 * length is fixed, after the short timer where it is open); dialPlanFor picks the user's
 * map or the region's and passes a user map's error through; dialPlanMatchers starts a
 * fresh matcher each time, with the region's emergency numbers and the `#` choice. Numbers are from the
 * ranges regulators set aside for drama or documentation where one exists.
 * Not covered: whether every number of a country is reachable (the maps are defaults a
 * user can replace).
 */
import { describe, expect, it } from "vitest";
import { dialPlanFor, dialPlanMatchers, emergencyNumbers, regionDialPlanText } from "../../../../src/call/dialplan/index.js";
import { REGIONS, type Region } from "../../../../src/config/schema.js";
import { dialOutcome } from "./dial-trace.js";

/** The outcome of `script` with the region's map (or `userMap`) and the region's emergency numbers. */
function dialIn(region: Region, script: string, userMap = ""): string {
  return dialOutcome(userMap === "" ? regionDialPlanText(region) : userMap, script, { emergency: emergencyNumbers(region) });
}

describe("region dial plans", () => {
  it.each(REGIONS)("%s: the built-in map parses", (region) => {
    expect(dialPlanFor(region, "").ok).toBe(true);
    expect(dialPlanFor(region, "   ").ok).toBe(true);
  });

  const everyEmergency = REGIONS.flatMap((region) => emergencyNumbers(region).map((n): [Region, string] => [region, n]));
  it.each(everyEmergency)("%s: %s dials at once, with the region's map and with a map that bars everything", (region, number) => {
    expect(dialIn(region, number)).toBe(`dial ${number} (emergency)`);
    expect(dialIn(region, number, "(xx.!)")).toBe(`dial ${number} (emergency)`);
  });

  it("knows the emergency numbers people dial", () => {
    expect(emergencyNumbers("US")).toEqual(["911"]);
    expect(emergencyNumbers("UK")).toEqual(expect.arrayContaining(["999", "112"]));
    expect(emergencyNumbers("AU")).toContain("000");
    expect(emergencyNumbers("NZ")).toContain("111");
    expect(emergencyNumbers("JP")).toEqual(expect.arrayContaining(["110", "119"]));
  });

  const numbers: [Region, string, string, string][] = [
    ["US", "N11 service", "411", "dial 411"],
    ["US", "7-digit local whose 4th digit could begin 10 digits: waits", "5552368", "wait short 3000"],
    ["US", "7-digit local after the short timer", "5552368~", "dial 5552368"],
    ["US", "7-digit local that cannot begin 10 digits", "5551234", "dial 5551234"],
    ["US", "10-digit", "2125552368", "dial 2125552368"],
    ["US", "1 + 10 digits", "12125552368", "dial 12125552368"],
    ["US", "toll free", "18005550199", "dial 18005550199"],
    ["US", "international", "011442079460000~", "dial 011442079460000"],
    ["US", "star code", "*69", "dial *69"],
    ["US", "operator after the short timer", "0~", "dial 0"],
    ["US", "a number that cannot exist", "10", "refuse no-match"],
    ["CA", "10-digit", "4165552368", "dial 4165552368"],
    ["UK", "11-digit geographic", "02079460000", "dial 02079460000"],
    ["UK", "mobile", "07700900123", "dial 07700900123"],
    ["UK", "local without area code", "7946000", "dial 7946000"],
    ["UK", "speaking clock 123 after the short timer", "123~", "dial 123"],
    ["UK", "directory enquiries", "118118", "dial 118118"],
    ["UK", "international", "0033142685300~", "dial 0033142685300"],
    ["DE", "national (open length)", "030123456~", "dial 030123456"],
    ["DE", "mobile", "015112345678~", "dial 015112345678"],
    ["DE", "service 115", "115~", "dial 115"],
    ["DE", "local", "2345678~", "dial 2345678"],
    ["DE", "international", "00441632960000~", "dial 00441632960000"],
    ["FR", "ten digits", "0142685300", "dial 0142685300"],
    ["FR", "mobile", "0612345678", "dial 0612345678"],
    ["FR", "short number", "3949", "dial 3949"],
    ["FR", "directory", "118712", "dial 118712"],
    ["FR", "international", "0012125552368~", "dial 0012125552368"],
    ["NL", "ten digits", "0201234567", "dial 0201234567"],
    ["NL", "mobile", "0612345678", "dial 0612345678"],
    ["NL", "0800 with four digits after the short timer", "08001234~", "dial 08001234"],
    ["NL", "0800 with seven digits", "08001234567", "dial 08001234567"],
    ["NL", "municipality 14 + area code", "14020~", "dial 14020"],
    ["SE", "Stockholm", "081234567~", "dial 081234567"],
    ["SE", "1177 health line", "1177~", "dial 1177"],
    ["AU", "Sydney", "0298765432", "dial 0298765432"],
    ["AU", "mobile", "0491570156", "dial 0491570156"],
    ["AU", "13 number", "131313", "dial 131313"],
    ["AU", "1300 number", "1300123456", "dial 1300123456"],
    ["AU", "local eight digits", "98765432", "dial 98765432"],
    ["AU", "international", "00114420794600~", "dial 00114420794600"],
    ["NZ", "Auckland", "093456789", "dial 093456789"],
    ["NZ", "mobile", "0211234567~", "dial 0211234567"],
    ["NZ", "freephone", "0800123456", "dial 0800123456"],
    ["NZ", "local seven digits", "3456789", "dial 3456789"],
    ["JP", "Tokyo", "0312345678", "dial 0312345678"],
    ["JP", "mobile", "09012345678", "dial 09012345678"],
    ["JP", "freephone 0120", "0120123456", "dial 0120123456"],
    ["JP", "time service", "117", "dial 117"],
    ["JP", "international", "010442079460000~", "dial 010442079460000"],
  ];
  it.each(numbers)("%s: %s (%s) → %s", (region, _what, keys, outcome) => {
    expect(dialIn(region, keys)).toBe(outcome);
  });

  it("uses the line's own map when there is one, and passes its error through", () => {
    const own = dialPlanFor("US", "(<:1408>[2-9]xxxxxx)");
    expect(own.ok && own.value.sequences.map((s) => s.source)).toEqual(["<:1408>[2-9]xxxxxx"]);
    const region = dialPlanFor("UK", "");
    expect(region.ok && region.value.source).toBe(regionDialPlanText("UK"));
    expect(dialPlanFor("US", "(1xx[2-9")).toEqual({ ok: false, error: { offset: 4, message: "dial plan: unclosed [ at 4" } });
    expect(regionDialPlanText("US")).toContain("[2-9]11S0");
  });

  it("dialPlanMatchers starts a fresh matcher for each number, with the region's emergency numbers", () => {
    const made = dialPlanMatchers("UK", "", { hashSends: false });
    if (!made.ok) throw new Error(made.error.message);
    const first = made.value();
    for (const k of "99") first.press(k);
    expect(first.press("9")).toEqual({ kind: "dial", number: "999", emergency: true, rule: "999" });
    const second = made.value();
    expect(second.keys).toBe("");
    for (const k of "123") second.press(k);
    expect(second.press("#")).toEqual({ kind: "refuse", reason: "no-match" });
    expect(dialPlanMatchers("UK", "(0[1-9")).toEqual({ ok: false, error: { offset: 2, message: "dial plan: unclosed [ at 2" } });
  });
});
