/**
 * Maps quoted from vendor admin guides (Sipura SPA-2000 and Linksys SPA9x2 defaults,
 * the Cisco SPA100-series, SPA9000 and SPA232D "Dial Plan" examples, the Grandstream
 * HT/GXP "Dial Plan Rules" examples and default), each dialled the way the guide
 * describes: what is sent, when, with which tones, and what is refused. Also shows why
 * the emergency override matters: in the SPA100 office map, 911 waits on the short timer
 * by the map alone. Not covered: IP dialling (`*` as `.`/`@`/`:`), which no map here uses.
 */
import { describe, expect, it } from "vitest";
import { dialOutcome, dialTrace } from "./dial-trace.js";

const SIPURA_DEFAULT = "(*xx|[3469]11|0|00|[2-9]xxxxxx|1xxx[2-9]xxxxxx|xxxxxxxxxxxx.)";
const SPA9X2_DEFAULT = "(*xx | [3469]11 | 0 | 00 | <:1408>[2-9]xxxxxx | 1[2-9]xx[2-9]xxxxxx | 011x. )";
const SPA100_OFFICE =
  "( [1-8]xx | 9, xxxxxxx | 9, <:1>[2-9]xxxxxxxxx | 8, <:1212>xxxxxxx | 9, 1 [2-9] xxxxxxxxx | 9, 1 900 xxxxxxx ! | 9, 011xxxxxx. | 0 | [49]11 )";
const SPA9000_BAR_947 = "( 1 947 xxxxxxx ! | 1 xxx xxxxxxx )";
const SPA9000_PREFIXES = "( <9,:> 1 xxx xxxxxxx | <8,:1212> xxxxxxx )";
const SPA9000_INTERNATIONAL = "S:4, ( 00 | 011 xxxxx x. )";
const SPA232D_LONG = "L:15, (9,8<:1408>[2-9]xxxxxx | 9,8,1[2-9]xxxxxxxxx | 9,8,011xx. | 9,8,xx.|[1-8]xx)";
const SPA232D_S0 = "(9,8<:1408>[2-9]xxxxxx | 9,8,1[2-9]xxxxxxxxxS0 | 9,8,011xx. | 9,8,xx.|[1-8]xx)";
const GRANDSTREAM_HOME = "{ ^1900x. | <=1617>[2-9]xxxxxx | 1[2-9]xx[2-9]xxxxxx | 011[2-9]x. | [3469]11 }";
const GRANDSTREAM_DEFAULT = "{ x+ | \\+x+ | *x+ | *xx*x+ }";
const GRANDSTREAM_REPLACE = "{1xxx[2-9]xxxxxx | <2=011>x+}";

describe("maps from vendor guides", () => {
  const cases: [string, string, string, string][] = [
    [SIPURA_DEFAULT, "star code", "*69", "dial *69"],
    [SIPURA_DEFAULT, "x11 waits: a longer number could follow", "411", "wait short 3000"],
    [SIPURA_DEFAULT, "x11 after the short timer", "411~", "dial 411"],
    [SIPURA_DEFAULT, "local after the short timer", "5551234~", "dial 5551234"],
    [SIPURA_DEFAULT, "1 + 10 digits after the short timer", "12125551234~", "dial 12125551234"],
    [SIPURA_DEFAULT, "everything else, twelve digits or more", "011442079460000~", "dial 011442079460000"],
    [SIPURA_DEFAULT, "# sends at once", "12125551234#", "dial 12125551234"],
    [SPA9X2_DEFAULT, "seven digits get 1408 in front, at once", "5551234", "dial 14085551234"],
    [SPA9X2_DEFAULT, "international", "01133142685300~", "dial 01133142685300"],
    [SPA100_OFFICE, "extension", "123", "dial 123"],
    [SPA100_OFFICE, "outside line, seven digits", "95551234~", "dial 95551234"],
    [SPA100_OFFICE, "outside line, ten digits with 1 inserted", "92125551234", "dial 912125551234"],
    [SPA100_OFFICE, "8 with area code 212 inserted", "85551234", "dial 812125551234"],
    [SPA100_OFFICE, "1-900 barred", "919005551234", "refuse barred"],
    [SPA100_OFFICE, "long distance", "918005551234", "dial 918005551234"],
    [SPA100_OFFICE, "911 by the map alone waits on the short timer", "911", "wait short 3000"],
    [SPA9000_BAR_947, "area code 947 barred", "19475551234", "refuse barred"],
    [SPA9000_BAR_947, "other area codes pass", "12125551234", "dial 12125551234"],
    [SPA9000_PREFIXES, "9 removed", "912125551234", "dial 12125551234"],
    [SPA9000_PREFIXES, "8 replaced by 1212", "85551234", "dial 12125551234"],
    [SPA9000_INTERNATIONAL, "international operator", "00", "dial 00"],
    [SPA9000_INTERNATIONAL, "the plan's own short timer", "01144123", "wait short 4000"],
    [SPA9000_INTERNATIONAL, "five digits minimum", "0114412~", "refuse incomplete"],
    [SPA232D_LONG, "the plan's own long timer with the outside-line tone", "9", "wait long 15000 +tone"],
    [SPA232D_LONG, "local: the most specific sequence wins over 9,8,xx.", "985551234~", "dial 9814085551234"],
    [SPA232D_S0, "S0 dials the long distance number on its last digit", "9812125551234", "dial 9812125551234"],
    [GRANDSTREAM_HOME, "seven digits get 1617", "5551234", "dial 16175551234"],
    [GRANDSTREAM_HOME, "1-900 excluded", "19005551234~", "refuse barred"],
    [GRANDSTREAM_HOME, "long distance", "12125551234", "dial 12125551234"],
    [GRANDSTREAM_HOME, "611", "611~", "dial 611"],
    [GRANDSTREAM_HOME, "international", "01144207946~", "dial 01144207946"],
    [GRANDSTREAM_DEFAULT, "any digits", "5551234~", "dial 5551234"],
    [GRANDSTREAM_DEFAULT, "star code with a number", "*72*5551234~", "dial *72*5551234"],
    [GRANDSTREAM_REPLACE, "leading 2 becomes 011", "244123~", "dial 01144123"],
  ];
  it.each(cases)("%s: %s (%s) → %s", (map, _what, keys, outcome) => {
    expect(dialOutcome(map, keys)).toBe(outcome);
  });

  it("SPA100 office map: 911 dials at once once the region's emergency numbers are given", () => {
    expect(dialOutcome(SPA100_OFFICE, "911", { emergency: ["911"] })).toBe("dial 911 (emergency)");
  });

  it("SPA9000 prefixes: the outside-line tone after 9 and after 8, gone at the next key", () => {
    expect(dialTrace(SPA9000_PREFIXES, "91")).toEqual(["wait none", "wait long 10000 +tone", "wait long 10000"]);
    expect(dialTrace(SPA9000_PREFIXES, "85")).toEqual(["wait none", "wait long 10000 +tone", "wait long 10000"]);
  });
});
