/**
 * Japan's NTT number display: the message (DLE framing, even parity, CRC-16 whose residue
 * is 0, DLE stuffing) checked byte by byte and decoded by spandsp's J-CLIP receiver, which
 * also reads spandsp's own J-CLIP transmitter the same way; the sequence on a FakeClock:
 * CAR cadence 0.5 s / 0.5 s, data after the telephone answers (decoded from the recorded
 * audio), on-hook ending it, no answer in 6 s, staying off-hook.
 * Not covered: our reader does not read the NTT format.
 */
import { describe, expect, it } from "vitest";
import type { HookState } from "../../../../hal/line.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { FSK_FORMATS, fskBurst } from "../../../../src/line/callerid/fsk-burst.js";
import { NttCallerId, type NttOutcome } from "../../../../src/line/callerid/ntt-callerid.js";
import { nttCallerIdMessage } from "../../../../src/line/callerid/ntt-message.js";
import { crc16, withParity } from "../../../../src/dsp/index.js";
import { recordingOutput } from "./recording-output.js";
import { padded, soundSpans, spandspReceive, spandspTransmit } from "../../../support/spandsp/adsi-decoders.js";

const ascii = (text: string): string => Buffer.from(text, "ascii").toString("hex");
const strip = (bytes: Uint8Array): string => Buffer.from(bytes.map((b) => b & 0x7f)).toString("hex");

describe("NTT message", () => {
  it("frames the number: DLE SOH 07 DLE STX 40 length 02 n digits DLE ETX CRC, with even parity", () => {
    const message = nttCallerIdMessage({ number: "03-1234-5678" });
    expect(strip(message.subarray(0, -2))).toBe(`1001071002400c020a${ascii("0312345678")}1003`);
    for (const b of message.subarray(0, -2)) expect(b).toBe(withParity(b));
    expect(message[0]).toBe(0x90);
    expect(crc16(message.subarray(2))).toBe(0);
  });

  it("sends the reason when there is no number, and doubles a DLE in the length", () => {
    expect(strip(nttCallerIdMessage({ numberAbsent: "private" }).subarray(0, -2))).toBe(`100107100240030401${ascii("P")}1003`);
    expect(strip(nttCallerIdMessage({ numberReason: "public-telephone" }).subarray(6, 10))).toBe(`030401${ascii("C")}`);
    const fourteen = nttCallerIdMessage({ number: "01234567890123" });
    expect(strip(fourteen.subarray(6, 9))).toBe("101002");
  });

  it("knows the CRC of a standard check string (CRC-16/KERMIT of \"123456789\" is 0x2189)", () => {
    expect(crc16(Buffer.from("123456789"))).toBe(0x2189);
  });

  it("is decoded by spandsp's J-CLIP receiver, as spandsp's own transmitter is", () => {
    const expected = `1001071002400c020a${ascii("0312345678")}1003`;
    expect(spandspReceive("jclip", padded(fskBurst(nttCallerIdMessage({ number: "0312345678" }), FSK_FORMATS.ntt)))).toEqual([expected]);
    expect(spandspReceive("jclip", padded(fskBurst(nttCallerIdMessage({ number: "0312345678" }), FSK_FORMATS.ntt, -30)), -45)).toEqual([expected]);
    expect(spandspReceive("jclip", spandspTransmit("jclip", `4000020a${ascii("0312345678")}`))).toEqual([expected]);
  });
});

describe("NttCallerId sequence", () => {
  function setUp() {
    const clock = new FakeClock();
    const output = recordingOutput(clock, 20_000);
    const { events, audio } = output;
    const outcomes: NttOutcome[] = [];
    const ntt = new NttCallerId(clock, output, nttCallerIdMessage({ number: "0312345678" }), (o) => outcomes.push(o), (e) => events.push(`error ${String(e)}`));
    const hook = (state: HookState, atMs: number): void => {
      clock.advance(atMs - clock.now());
      ntt.onHook(state);
    };
    return { clock, events, audio, outcomes, ntt, hook };
  }

  it("rings the CAR until the telephone answers, sends the number, and ends when it hangs up", () => {
    const { clock, events, audio, outcomes, ntt, hook } = setUp();
    ntt.start();
    hook("off", 1200);
    expect(events).toEqual(["0 ring on", "500 ring off", "1000 ring on", "1200 ring off"]);
    clock.advance(1000);
    expect(ntt.state).toBe("awaitingOnHook");
    const [data] = soundSpans(audio);
    expect(data![0]).toBe(1500);
    expect(spandspReceive("jclip", audio.subarray(0, 8 * 3000))).toEqual([`1001071002400c020a${ascii("0312345678")}1003`]);
    hook("on", 2600);
    expect(outcomes).toEqual(["sent"]);
    expect(clock.activeTimers).toBe(0);
  });

  it("gives up after 6 s of CAR without an answer, with the ring voltage off", () => {
    const { clock, events, outcomes, ntt } = setUp();
    ntt.start();
    clock.advance(6000);
    expect(outcomes).toEqual(["no-answer"]);
    expect(events.at(-1)).toBe("6000 ring off");
    expect(events.filter((e) => e.endsWith("ring on"))).toHaveLength(6);
  });

  it("reports a telephone that stays off-hook after the data", () => {
    const { clock, outcomes, ntt, hook } = setUp();
    ntt.start();
    hook("off", 300);
    clock.advance(10_000);
    expect(outcomes).toEqual(["stayed-off-hook"]);
  });
});
