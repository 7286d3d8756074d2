/** RFC 4733 event lists: parsing ranges, intersecting ours with theirs, writing the shortest list. */
import { describe, expect, it } from "vitest";
import { commonEvents, formatEventList, parseEventList } from "../../../../src/media/sdp/telephone-events.js";

describe("telephone-event lists", () => {
  it("parses ranges and single events, ignoring junk and numbers above 255", () => {
    expect([...parseEventList("0-3, 16,x,300,7-5")]).toEqual([0, 1, 2, 3, 16]);
  });

  it("writes the shortest list", () => {
    expect(formatEventList(new Set([16, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 32, 33]))).toBe("0-11,16,32-33");
    expect(formatEventList(new Set())).toBe("");
  });

  it("keeps the events both sides list; no a=fmtp on their side means 0-15", () => {
    expect(commonEvents("0-16", "0-11,16")).toBe("0-11,16");
    expect(commonEvents("0-16", undefined)).toBe("0-15");
    expect(commonEvents("16", "0-15")).toBe("");
  });
});
