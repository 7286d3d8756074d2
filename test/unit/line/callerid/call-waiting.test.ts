/**
 * Call-waiting caller ID on a FakeLine paced by a FakeClock (one frame played every
 * 20 ms, as the sound card would): the CAS measured on the earpiece audio (2130 + 2750 Hz,
 * 80 ms), an acknowledgement 'A' (Bell) or 'D' (ETSI) within 160 ms bringing the FSK
 * 75 ms later (decoded by spandsp and by our reader), no acknowledgement, a late one,
 * a wrong key, a move the state table forbids, and cancellation. Detecting the
 * acknowledgement's DTMF is the DTMF detector's job; here the digit is injected.
 */
import { describe, expect, it } from "vitest";
import { FakeLine } from "../../../../hal/testing/fake-line.js";
import { toneDbov } from "../../../../src/dsp/index.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { CallWaitingCallerId, type CallWaitingOptions, type CallWaitingOutcome } from "../../../../src/line/callerid/call-waiting.js";
import { FSK_FORMATS } from "../../../../src/line/callerid/fsk-burst.js";
import { mdmfCallSetup } from "../../../../src/line/callerid/messages.js";
import { lineOutput } from "../../../../src/line/callerid/schedule-runner.js";
import { hex, readCallerId, soundSpans, spandspReceive } from "../../../support/spandsp/adsi-decoders.js";

const info = { time: { month: 12, day: 4, hour: 13, minute: 5 }, number: "5551234567", name: "BOB" };

function setUp(options: Partial<CallWaitingOptions> = {}) {
  const clock = new FakeClock();
  const line = new FakeLine({ index: 0, clock, hook: "off" });
  const outcomes: CallWaitingOutcome[] = [];
  const cw = new CallWaitingCallerId(clock, lineOutput(line).play, { message: mdmfCallSetup(info), ...options }, (o) => outcomes.push(o));
  const earpiece: Int16Array[] = [];
  /** Runs the line for `ms`: one frame leaves the earpiece every 20 ms. */
  const run = (ms: number): void => {
    for (let t = 0; t < ms; t += 20) {
      earpiece.push(line.takePlayed());
      clock.advance(20);
    }
  };
  const heard = (): Int16Array => {
    const out = new Int16Array(earpiece.length * 160);
    earpiece.forEach((f, i) => out.set(f, i * 160));
    return out;
  };
  return { cw, outcomes, run, heard };
}

describe("CallWaitingCallerId", () => {
  it("plays the CAS, takes the 'A' acknowledgement, and sends Bell 202 data 75 ms later", () => {
    const { cw, outcomes, run, heard } = setUp();
    cw.start();
    run(140);
    expect(cw.state).toBe("awaitingAck");
    cw.onDigit("A");
    run(1200);
    expect(outcomes).toEqual(["sent"]);
    const audio = heard();
    const [cas, data] = soundSpans(audio) as [[number, number], [number, number]];
    expect(cas).toEqual([0, 80]);
    const tone = audio.subarray(0, 640);
    expect(toneDbov(tone, 2130)).toBeGreaterThan(-25);
    expect(toneDbov(tone, 2750)).toBeGreaterThan(-25);
    // The ACK came at 140 ms; data was queued 75 ms later and leaves with the next frame.
    expect(data[0]).toBeGreaterThanOrEqual(140 + 75);
    expect(data[0]).toBeLessThan(140 + 75 + 20);
    expect(spandspReceive("class", audio)).toEqual([hex(mdmfCallSetup(info).subarray(0, -1))]);
    expect(readCallerId(audio)).toEqual([{ kind: "call", info }]);
  });

  it("takes 'D' from an ETSI set and sends V.23", () => {
    const { cw, outcomes, run, heard } = setUp({ format: FSK_FORMATS.etsiOffHook, message: mdmfCallSetup(info, "etsi") });
    cw.start();
    run(100);
    cw.onDigit("d");
    run(1200);
    expect(outcomes).toEqual(["sent"]);
    expect(spandspReceive("clip", heard())).toEqual([hex(mdmfCallSetup(info, "etsi").subarray(0, -1))]);
  });

  it("gives up 160 ms after the CAS without an acknowledgement, and ignores one after that", () => {
    const { cw, outcomes, run, heard } = setUp();
    cw.start();
    run(220);
    expect(outcomes).toEqual([]);
    run(20);
    expect(outcomes).toEqual(["no-ack"]);
    cw.onDigit("A");
    run(1000);
    expect(soundSpans(heard())).toEqual([[0, 80]]);
  });

  it("ignores keys other than the acknowledgement, and digits during the CAS", () => {
    const { cw, outcomes, run } = setUp();
    cw.start();
    cw.onDigit("A");
    run(100);
    cw.onDigit("B");
    cw.onDigit("5");
    run(200);
    expect(outcomes).toEqual(["no-ack"]);
  });

  it("throws on a move its table does not allow (starting twice is a bug)", () => {
    const { cw } = setUp();
    cw.start();
    expect(() => cw.start()).toThrow("call waiting caller ID: alerting -> alerting");
  });

  it("cancelled while waiting: nothing more is sent", () => {
    const { cw, outcomes, run, heard } = setUp();
    cw.start();
    run(100);
    cw.cancel();
    cw.onDigit("A");
    run(1000);
    expect(outcomes).toEqual(["cancelled"]);
    expect(cw.state).toBe("done");
    expect(soundSpans(heard())).toEqual([[0, 80]]);
  });
});
