/**
 * application/dtmf-relay bodies: built as "Signal=5\r\nDuration=160\r\n", flash as
 * Signal=16, read back; the parser takes what deployed equipment sends (LF or CR
 * endings, spaces, lower case, Signal=10/11 for * and #, hf/flash/! for flash, no
 * Duration = 250 ms) and refuses bodies without a usable Signal or with a bad
 * Duration. Also the DtmfMethod guard. Not covered: the INFO request (call layer).
 */
import { describe, expect, it } from "vitest";
import { buildDtmfRelay, isDtmfMethod, parseDtmfRelay } from "../../../../src/media/dtmf/index.js";

describe("application/dtmf-relay", () => {
  it("builds the Cisco-style body", () => {
    expect(buildDtmfRelay({ digit: "5", durationMs: 160 })).toBe("Signal=5\r\nDuration=160\r\n");
    expect(buildDtmfRelay({ digit: "#", durationMs: 100 })).toBe("Signal=#\r\nDuration=100\r\n");
    expect(buildDtmfRelay({ digit: "a", durationMs: 99.6 })).toBe("Signal=A\r\nDuration=100\r\n");
    expect(buildDtmfRelay({ digit: "flash", durationMs: 500 })).toBe("Signal=16\r\nDuration=500\r\n");
    expect(() => buildDtmfRelay({ digit: "x", durationMs: 100 })).toThrow(RangeError);
    expect(() => buildDtmfRelay({ digit: "1", durationMs: 0 })).toThrow(RangeError);
  });

  it("reads back what it builds", () => {
    for (const digit of ["0", "9", "*", "#", "A", "D", "flash"] as const) {
      expect(parseDtmfRelay(buildDtmfRelay({ digit, durationMs: 120 }))).toEqual({ ok: true, value: { digit, durationMs: 120 } });
    }
  });

  it("tolerates what other equipment writes", () => {
    const cases: Array<[string, string, number]> = [
      ["Signal=5\nDuration=160\n", "5", 160],
      ["signal = 7\r\nduration = 80", "7", 80],
      ["Signal=b\r\nDuration=100\r\n", "B", 100],
      ["Signal=10\r\nDuration=100\r\n", "*", 100],
      ["Signal=11\r\nDuration=100\r\n", "#", 100],
      ["Signal=hf\r\n", "flash", 250],
      ["Signal=!\r\nDuration=300\r\n", "flash", 300],
      ["Signal=flash\r\nDuration=300\r\n", "flash", 300],
      ["Signal=3", "3", 250],
      ["Signal=1\rDuration=60\r", "1", 60],
    ];
    for (const [body, digit, durationMs] of cases) expect(parseDtmfRelay(body)).toEqual({ ok: true, value: { digit, durationMs } });
  });

  it("refuses bodies it cannot read", () => {
    for (const body of ["", "Duration=100", "Signal=\r\n", "Signal=E", "Signal=12", "Signal=1\r\nDuration=abc", "Signal=1\r\nDuration=-5"]) {
      const parsed = parseDtmfRelay(body);
      expect(parsed.ok, body).toBe(false);
    }
  });

  it("knows the per-account methods", () => {
    expect(["rfc4733", "inband", "info"].every(isDtmfMethod)).toBe(true);
    expect(isDtmfMethod("sip-info")).toBe(false);
    expect(isDtmfMethod(undefined)).toBe(false);
  });
});
