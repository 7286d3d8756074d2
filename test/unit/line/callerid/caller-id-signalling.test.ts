/**
 * The port controller's entry point: every caller ID method's schedule, laid out on a
 * timeline from its actions, shows the caller on our reader (FSK) or on spandsp's
 * CLIP-DTMF receiver (DTMF); message waiting on and off for every FSK method, and a value
 * (not an exception) for DTMF methods, which have none, and for SDMF without a time;
 * the mapping from the configuration's coarse choice and region to a method.
 * Timing of each schedule against the specs is in schedule.test.ts.
 */
import { describe, expect, it } from "vitest";
import { CALLER_ID_METHODS, callerIdSignalling, defaultMethod, messageWaitingSignalling, type CallerIdSchedule } from "../../../../src/line/callerid/index.js";
import { readCallerId, spandspReceive } from "../../../support/spandsp/adsi-decoders.js";

/** The schedule's audio at its times (ring and polarity leave no sound). */
function timeline(schedule: CallerIdSchedule): Int16Array {
  const out = new Int16Array((schedule.endMs + 200) * 8);
  for (const { atMs, action } of schedule.actions) if (action.kind === "audio") out.set(action.samples, atMs * 8);
  return out;
}

const info = { time: { month: 6, day: 30, hour: 23, minute: 59 }, number: "0301234567", name: "ERIKA" };
const usFirstRing = { onMs: 2000, offMs: 4000 };

describe("callerIdSignalling", () => {
  it.each(CALLER_ID_METHODS.filter((m) => !m.startsWith("dtmf")))("%s shows the caller on a display", (method) => {
    const schedule = callerIdSignalling(method, info, usFirstRing);
    if (!schedule.ok) throw new Error(schedule.error);
    const expected = method === "bell-sdmf" ? { time: info.time, number: info.number } : info;
    expect(readCallerId(timeline(schedule.value))).toEqual([{ kind: "call", info: expected }]);
    expect(schedule.value.ringingFromMs).toBeGreaterThan(schedule.value.endMs - 1);
  });

  it.each(CALLER_ID_METHODS.filter((m) => m.startsWith("dtmf")))("%s is read by spandsp CLIP-DTMF", (method) => {
    const schedule = callerIdSignalling(method, info, usFirstRing);
    if (!schedule.ok) throw new Error(schedule.error);
    const [message] = spandspReceive("clip-dtmf", timeline(schedule.value));
    expect(Buffer.from(message!, "hex").toString()).toMatch(/^A0301234567[C#]$/);
  });

  it("says so when SDMF has no time or the ring silence is too short", () => {
    expect(callerIdSignalling("bell-sdmf", { number: "1" }, usFirstRing)).toEqual({ ok: false, error: "SDMF caller ID needs the time of the call" });
    expect(callerIdSignalling("bell", info, { onMs: 400, offMs: 200 }).ok).toBe(false);
  });
});

describe("messageWaitingSignalling", () => {
  it.each(CALLER_ID_METHODS.filter((m) => !m.startsWith("dtmf")))("%s turns the indicator on and off without ringing", (method) => {
    for (const on of [true, false]) {
      const schedule = messageWaitingSignalling(method, on);
      if (!schedule.ok) throw new Error(schedule.error);
      expect(schedule.value.ringingFromMs).toBeUndefined();
      expect(schedule.value.actions.some((a) => a.action.kind === "ring" && a.action.on && a.atMs > 300)).toBe(false);
      expect(readCallerId(timeline(schedule.value))).toEqual([{ kind: "mwi", on }]);
    }
  });

  it("is refused for DTMF methods", () => {
    expect(messageWaitingSignalling("dtmf-denmark", true)).toEqual({ ok: false, error: "dtmf-denmark caller ID has no message waiting indication" });
  });
});

describe("defaultMethod", () => {
  it.each([
    ["bell202", "US", "bell"],
    ["v23", "UK", "bt"],
    ["v23", "DE", "etsi-dt-as"],
    ["dtmf", "DK", "dtmf-denmark"],
    ["dtmf", "NL", "dtmf-denmark"],
    ["dtmf", "SE", "dtmf-sweden-finland"],
    ["dtmf", "FI", "dtmf-sweden-finland"],
    ["dtmf", "BE", "dtmf-etsi"],
  ] as const)("%s in %s → %s", (mode, region, method) => {
    expect(defaultMethod(mode, region)).toBe(method);
  });
});

