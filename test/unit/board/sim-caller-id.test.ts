/**
 * The simulated handset's caller ID display (ReaderDisplay on src/dsp's CallerIdReader)
 * reads what src/line/callerid sends down the simulated line, the way the HTTP route shows
 * it: Bell 202 between the first and second ring, ETSI V.23 after a dual-tone alert, a
 * private caller, and the message waiting indicator on and off. FakeClock; the line's own
 * frame clock paces the audio. Not covered: DTMF caller ID and NTT (src/dsp's tests).
 */
import { describe, expect, it } from "vitest";
import { ReaderDisplay } from "../../../board/sim/reader-display.js";
import { openSimPort } from "../../../board/sim/sim-port.js";
import { callerIdSignalling, lineOutput, messageWaitingSignalling, ScheduleRunner, type CallerIdMethod } from "../../../src/line/callerid/index.js";
import type { CallerIdInfo } from "../../../src/dsp/index.js";
import { FakeClock } from "../../../src/util/clock.js";
import { silentLogs } from "../../../src/util/log.js";
import type { CallerIdSchedule } from "../../../src/line/callerid/index.js";

const US_FIRST_RING = { onMs: 2000, offMs: 4000 };

function phone() {
  const clock = new FakeClock();
  const { line, handset } = openSimPort({ index: 0, clock, logs: silentLogs, display: new ReaderDisplay() });
  const runner = new ScheduleRunner(clock, lineOutput(line), (e) => {
    throw e;
  });
  const send = (schedule: CallerIdSchedule): void => {
    let done = false;
    runner.run(schedule, () => (done = true));
    clock.advance(Math.max(schedule.endMs, schedule.ringingFromMs ?? 0) + 200);
    expect(done).toBe(true);
  };
  return { clock, line, handset, send };
}

function schedule(method: CallerIdMethod, info: CallerIdInfo): CallerIdSchedule {
  const result = callerIdSignalling(method, info, US_FIRST_RING);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe("the simulated handset's caller ID display", () => {
  it("shows a Bell 202 caller sent between the first and second ring", () => {
    const { handset, send } = phone();
    send(schedule("bell", { number: "5551234567", name: "KITCHEN PHONE", time: { month: 12, day: 4, hour: 13, minute: 5 } }));
    expect(handset.state.callerId).toEqual([{ number: "5551234567", name: "KITCHEN PHONE", time: "12041305" }]);
  });

  it("shows an ETSI caller after a dual-tone alert, and a private one after it, newest last", () => {
    const { handset, send } = phone();
    send(schedule("etsi-dt-as", { number: "0201234567", name: "Anna" }));
    send(schedule("bell", { numberAbsent: "private", nameAbsent: "private" }));
    expect(handset.state.callerId).toEqual([
      { number: "0201234567", name: "Anna", time: "" },
      { number: "Private", name: "Private", time: "" },
    ]);
  });

  it("turns the message waiting indicator on and off", () => {
    const { handset, send } = phone();
    const on = messageWaitingSignalling("bell", true);
    if (!on.ok) throw new Error(on.error);
    send(on.value);
    expect(handset.state.mwi).toBe(true);
    const off = messageWaitingSignalling("bell", false);
    if (!off.ok) throw new Error(off.error);
    send(off.value);
    expect(handset.state.mwi).toBe(false);
  });
});
