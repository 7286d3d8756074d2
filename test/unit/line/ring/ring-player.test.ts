/**
 * The ring player on a FakeClock: ring voltage switched by each region's cadence (US
 * 2/4 s, UK 0.4/0.2/0.4/2.0 s, ... measured from the setRing calls over two cycles),
 * distinctive rings by name and from Alert-Info, the dr5 splash ringing once, refusal of
 * unknown names and of ringing an off-hook phone, and ring trip: the raw off-hook edge
 * stops the bell at that instant and, through LoopMonitor, the lift (with contact bounce
 * and the SLIC's loop drop after it) is one off-hook, no flash and no pulse.
 */
import { describe, expect, it } from "vitest";
import type { Line } from "../../../../hal/line.js";
import { LoopMonitor } from "../../../../src/line/hook/loop-monitor.js";
import { DISTINCTIVE_RINGS, ringNameFromAlertInfo } from "../../../../src/line/ring/ring-cadences.js";
import { RingPlayer } from "../../../../src/line/ring/ring-player.js";
import { TONE_PLANS } from "../../../../src/line/tones/tone-plans.js";
import { FakeClock } from "../../../../src/util/clock.js";
import { Logs, type LogRecord } from "../../../../src/util/log.js";
import { EdgeLine, bouncy } from "../timed-edges.js";

class RingLine extends EdgeLine implements Pick<Line, "setRing"> {
  readonly calls: string[] = [];
  setRing(on: boolean): Promise<void> {
    this.calls.push(`${on ? "on" : "off"}@${this.clock.now()}`);
    return Promise.resolve();
  }
}

function setup(region = "US") {
  const clock = new FakeClock();
  const line = new RingLine(clock, "on");
  const records: LogRecord[] = [];
  const trips: number[] = [];
  const alerting: boolean[] = [];
  const player = new RingPlayer(line, clock, {
    regionCadence: TONE_PLANS[region]!.ring,
    log: new Logs((r) => records.push(r)).get("line.ring", 0),
    onTrip: (at) => trips.push(at),
    onAlerting: (active) => alerting.push(active),
  });
  return { clock, line, player, trips, alerting, records };
}

/** The setRing calls a repeating cadence should make over `ms`. */
function expectedCalls(onOffMs: readonly number[], ms: number): string[] {
  const out: string[] = [];
  for (let t = 0, i = 0; t < ms; t += onOffMs[i % onOffMs.length]!, i++) out.push(`${i % 2 === 0 ? "on" : "off"}@${t}`);
  return out;
}

describe("RingPlayer", () => {
  for (const region of Object.keys(TONE_PLANS)) {
    it(`${region}: rings by the region's cadence (${TONE_PLANS[region]!.ring.join("/")} ms) for two cycles`, () => {
      const { clock, line, player } = setup(region);
      const cycle = TONE_PLANS[region]!.ring.reduce((a, b) => a + b, 0);
      expect(player.start().ok).toBe(true);
      clock.advance(2 * cycle - 1);
      expect(line.calls).toEqual(expectedCalls(TONE_PLANS[region]!.ring, 2 * cycle));
    });
  }

  it("US is 2 s on 4 s off and UK 0.4/0.2/0.4/2.0 s, by number", () => {
    const us = setup("US");
    us.player.start();
    us.clock.advance(11_999);
    expect(us.line.calls).toEqual(["on@0", "off@2000", "on@6000", "off@8000"]);
    const uk = setup("UK");
    uk.player.start();
    uk.clock.advance(2999);
    expect(uk.line.calls).toEqual(["on@0", "off@400", "on@600", "off@1000"]);
  });

  it("plays distinctive rings by name, also taken from Alert-Info", () => {
    for (const [name, pattern] of Object.entries(DISTINCTIVE_RINGS).filter(([, p]) => p.repeat)) {
      const { clock, line, player } = setup();
      expect(player.start(name.toUpperCase()).ok).toBe(true);
      const cycle = pattern.onOffMs.reduce((a, b) => a + b, 0);
      clock.advance(cycle - 1);
      expect(line.calls, name).toEqual(expectedCalls(pattern.onOffMs, cycle));
    }
    expect(ringNameFromAlertInfo("<http://127.0.0.1>;info=Bellcore-dr2")).toBe("bellcore-dr2");
    expect(ringNameFromAlertInfo("<http://ring.example.net/Bellcore-dr3>")).toBe("bellcore-dr3");
    expect(ringNameFromAlertInfo("<http://ring.example.net/>")).toBeUndefined();
  });

  it("rings the dr5 splash once and ends alerting", () => {
    const { clock, line, player, alerting } = setup();
    player.start("bellcore-dr5");
    clock.advance(10_000);
    expect(line.calls).toEqual(["on@0", "off@500"]);
    expect(player.alerting).toBe(false);
    expect(alerting).toEqual([true, false]);
  });

  it("refuses an unknown ring and an off-hook phone, ringing nothing", () => {
    const { line, player } = setup();
    expect(player.start("bellcore-dr9")).toMatchObject({ ok: false, error: expect.stringContaining("unknown ring") });
    expect(player.start("constructor")).toMatchObject({ ok: false, error: expect.stringContaining("unknown ring") });
    line.hook = "off";
    expect(player.start()).toEqual({ ok: false, error: "the phone is off-hook" });
    expect(line.calls).toEqual([]);
  });

  it("stops at once on the raw off-hook edge (ring trip) and rings no more", () => {
    const { clock, line, player, trips, alerting } = setup();
    player.start();
    line.play([{ state: "off", atMs: 7000.5 }], 30_000);
    expect(line.calls).toEqual(["on@0", "off@2000", "on@6000", "off@7000.5"]);
    expect(trips).toEqual([7000.5]);
    expect(alerting).toEqual([true, false]);
    expect(player.alerting).toBe(false);
    expect(clock.activeTimers).toBe(0);
  });

  it("ring trip through LoopMonitor: one off-hook, no flash, no pulse, despite the SLIC's loop drop", () => {
    const { clock, line } = setup();
    const events: string[] = [];
    const monitor = new LoopMonitor(line, clock, {
      onOffHook: (at) => events.push(`off@${at}`),
      onOnHook: (at) => events.push(`on@${at}`),
      onFlash: (at) => events.push(`flash@${at}`),
      onPulsing: () => undefined,
      onPulseDigit: (d) => events.push(`digit ${d.digit}`),
    });
    const player = new RingPlayer(line, clock, {
      regionCadence: TONE_PLANS["US"]!.ring,
      log: new Logs(() => undefined).get("line.ring", 0),
      onAlerting: (active) => monitor.ringing(active),
    });
    player.start();
    line.play([...bouncy("off", 1000, 4), ...bouncy("on", 1040, 2), ...bouncy("off", 1160, 3)], 5000);
    expect(events).toEqual(["off@1000"]);
    expect(line.calls).toEqual(["on@0", "off@1000"]);
    // After the guard, the same break is a flash.
    line.play([...bouncy("on", 6000, 2), ...bouncy("off", 6300, 3)], 7000);
    expect(events).toEqual(["off@1000", "flash@6000"]);
  });

  it("logs a failed setRing instead of losing it", async () => {
    const { line, player, records } = setup();
    line.setRing = () => Promise.reject(new Error("line closed"));
    player.start();
    await Promise.resolve();
    await Promise.resolve();
    expect(records.map((r) => r.message)).toEqual(["setRing(true) failed: Error: line closed"]);
  });
});
