/**
 * The line layer wired as src/line/index.ts describes, on a FakeClock with real audio
 * frames: a call comes in (ringing, lifted through contact bounce: ring trip, one
 * off-hook), the phone hangs up and is lifted again, dial tone plays and its echo comes
 * back with DTMF keys dialed over it (heard once each; dial tone stops at the first key),
 * then a rotary digit whose clicks leak into the audio (the DTMF receiver is muted while
 * pulsing, so no false key). Not covered: the call controller's own states.
 */
import { describe, expect, it } from "vitest";
import type { HookEdge, Line } from "../../../hal/line.js";
import { ToneGenerator, dtmfComponents } from "../../../src/dsp/index.js";
import { DtmfReceiver, LoopMonitor, RingPlayer, TONE_PLANS, TonePlayer } from "../../../src/line/index.js";
import { FakeClock } from "../../../src/util/clock.js";
import { Logs } from "../../../src/util/log.js";
import { EdgeLine, bouncy, dialEdges } from "./timed-edges.js";

class Port extends EdgeLine implements Pick<Line, "setRing"> {
  readonly bell: string[] = [];
  setRing(on: boolean): Promise<void> {
    this.bell.push(`${on}@${this.clock.now()}`);
    return Promise.resolve();
  }
}

describe("line layer wired for one port", () => {
  it("rings, trips, hangs up, hears DTMF over dial tone echo and a rotary digit without a false key", () => {
    const clock = new FakeClock();
    const port = new Port(clock, "on");
    const plan = TONE_PLANS["US"]!;
    const events: string[] = [];
    const dtmf = new DtmfReceiver({
      onDigitBegin: () => {
        tones.stop();
        dtmf.playingTone(undefined);
      },
      onDigit: (d) => events.push(`dtmf ${d.digit}`),
    });
    const loop = new LoopMonitor(port, clock, {
      onOffHook: (at) => events.push(`off-hook@${at}`),
      onOnHook: (at) => events.push(`on-hook@${at}`),
      onFlash: (at) => events.push(`flash@${at}`),
      onPulsing: (active) => (active ? dtmf.mute("pulsing") : dtmf.unmute("pulsing")),
      onPulseDigit: (d) => events.push(`pulse ${d.digit}`),
    });
    const ring = new RingPlayer(port, clock, {
      regionCadence: plan.ring,
      log: new Logs(() => undefined).get("line.ring", 0),
      onAlerting: (active) => loop.ringing(active),
      onTrip: (at) => events.push(`trip@${at}`),
    });
    const tones = new TonePlayer(plan);
    /** The same audio to a receiver nobody mutes: shows what muting kept out. */
    const unmuted: string[] = [];
    const control = new DtmfReceiver({ onDigit: (d) => unmuted.push(d.digit) });

    /** Runs 20 ms frames up to `untilMs`: hook edges on time, the mouthpiece = what `mouth` says + earpiece echo at −7 dB. */
    const run = (untilMs: number, edges: HookEdge[] = [], mouth: (atMs: number) => Int16Array | undefined = () => undefined): void => {
      const pending = [...edges];
      while (clock.now() < untilMs) {
        const frameAt = clock.now();
        const due = pending.filter((e) => e.atMs < frameAt + 20);
        pending.splice(0, due.length);
        port.play(due, frameAt + 20);
        const earpiece = tones.next(160);
        const said = mouth(frameAt);
        const captured = Int16Array.from(earpiece, (x, i) => Math.round(x * 0.447) + (said?.[i] ?? 0));
        dtmf.frame(captured, frameAt);
        control.frame(captured, frameAt);
      }
    };

    ring.start();
    run(3000, bouncy("off", 2500.3, 4));
    // Lifted in the silent gap: the bell was already off, and it never comes back on.
    expect(port.bell).toEqual(["true@0", "false@2000"]);
    expect(events).toEqual(["trip@2500.3", "off-hook@2500.3"]);

    run(5000, bouncy("on", 3200, 3));
    expect(events.at(-1)).toBe("on-hook@3200");

    run(5500, bouncy("off", 5400, 4));
    tones.start("dial");
    dtmf.playingTone(plan.tones.dial.segments[0]!.components.map((c) => c.frequencyHz));
    const keys = new Map<number, ToneGenerator>([[6000, new ToneGenerator(dtmfComponents("4", { lowLevelDbm0: -20 }))], [6300, new ToneGenerator(dtmfComponents("2", { lowLevelDbm0: -20 }))]]);
    run(7000, [], (at) => {
      for (const [start, generator] of keys) if (at >= start && at < start + 80) return generator.next(160);
      return undefined;
    });
    expect(events.filter((e) => e.startsWith("dtmf"))).toEqual(["dtmf 4", "dtmf 2"]);
    expect(tones.current).toBeUndefined();

    // Rotary 3 at 10 pps, with a worst case of leakage: a key-like tone all through the pulsing.
    const { edges, endMs } = dialEdges([3], { pulsesPerSecond: 10, breakRatio: 0.6, interdigitMs: 0, bounceMs: 3 }, 7500);
    const click = new ToneGenerator(dtmfComponents("9", { lowLevelDbm0: -10 }));
    run(endMs + 500, edges, (at) => (at >= 7500 && at < endMs ? click.next(160) : undefined));
    expect(events.filter((e) => e.startsWith("pulse") || e.startsWith("dtmf"))).toEqual(["dtmf 4", "dtmf 2", "pulse 3"]);
    expect(events.filter((e) => e.startsWith("flash"))).toEqual([]);
    expect(unmuted.at(-1)).toBe("9");
  });
});
