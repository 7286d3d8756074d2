/**
 * The simulated handset makes real signals, measured at the line as the layers above will
 * see them (FakeClock, one simulated port): DTMF bursts by frequency, level, length and
 * spacing (src/dsp); pulse trains by edge times (rate, break ratio, interdigit gap) with
 * the transmitter muted; a flash as one timed open loop; the mouthpiece recording looped
 * and silent on-hook; the earpiece recording what the line played, bounded; ringing and
 * bell through a cadence; what a caller ID display is fed. Does not decode digits (src/line).
 */
import { describe, expect, it } from "vitest";
import type { HookEdge } from "../../../hal/line.js";
import type { CallerIdDisplay, LineConditions } from "../../../board/sim/caller-id-display.js";
import { openSimPort } from "../../../board/sim/sim-port.js";
import { ALERTING_QUIET_MS } from "../../../board/sim/ringing-tracker.js";
import { DBM0_MINUS_DBOV, dominantFrequency, rmsDbm0, ToneGenerator, toneDbov } from "../../../src/dsp/index.js";
import { FakeClock } from "../../../src/util/clock.js";
import { silentLogs } from "../../../src/util/log.js";

function port(options: { earpieceSeconds?: number; display?: CallerIdDisplay } = {}) {
  const clock = new FakeClock();
  const { line, handset } = openSimPort({ index: 0, clock, logs: silentLogs, ...options });
  const edges: HookEdge[] = [];
  line.onHookEdge((e) => edges.push(e));
  const captured: number[] = [];
  line.audio.onCapture((frame) => captured.push(...frame));
  return { clock, line, handset, edges, captured };
}

describe("DTMF", () => {
  it("sends each key as its Q.23 pair near −7 dBm0 per tone, 100 ms on and 100 ms off", () => {
    const { clock, handset, captured } = port();
    handset.lift();
    clock.advance(40);
    const first = captured.length;
    expect(handset.dial("159#", "dtmf")).toEqual({ ok: true, value: 800 });
    clock.advance(1000);
    const pairs = [[697, 1209], [770, 1336], [852, 1477], [941, 1477]] as const;
    const keys = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
    pairs.forEach(([low, high], k) => {
      const at = first + 1600 * k;
      const burst = captured.slice(at, at + 800);
      expect(burst.slice(-40).some((s) => s !== 0)).toBe(true);
      expect(captured.slice(at + 800, at + 1600).every((s) => s === 0)).toBe(true);
      expect(toneDbov(burst, low) + DBM0_MINUS_DBOV).toBeCloseTo(-8, 0);
      expect(toneDbov(burst, high) + DBM0_MINUS_DBOV).toBeCloseTo(-6, 0);
      expect(Math.abs(dominantFrequency(burst, { toHz: 1100 }) - low)).toBeLessThan(3);
      expect(Math.abs(dominantFrequency(burst, { fromHz: 1100 }) - high)).toBeLessThan(3);
      for (const f of keys.filter((f) => f !== low && f !== high)) expect(toneDbov(burst, f) + DBM0_MINUS_DBOV).toBeLessThan(-40);
    });
    expect(captured.slice(first - 320, first).every((s) => s === 0)).toBe(true);
  });

  it("replaces the mouthpiece only while a key sounds, and refuses a second dial until the first is done", () => {
    const { clock, handset, captured } = port();
    handset.setMouthpiece(new Int16Array(160).fill(300));
    handset.lift();
    clock.advance(20);
    handset.dial("5", "dtmf");
    expect(handset.dial("6", "dtmf")).toMatchObject({ ok: false, error: { kind: "conflict" } });
    clock.advance(200);
    expect(handset.dial("6", "dtmf").ok).toBe(true);
    const tone = captured.slice(160, 160 + 800);
    const pause = captured.slice(960, 960 + 800);
    expect(tone.filter((s) => s === 300).length).toBeLessThan(10);
    expect(pause.every((s) => s === 300)).toBe(true);
  });

  it("refuses dialing on-hook and digits the method cannot send", () => {
    const { handset } = port();
    expect(handset.dial("1", "dtmf")).toMatchObject({ ok: false, error: { kind: "conflict", message: expect.stringMatching(/on-hook/) } });
    handset.lift();
    expect(handset.dial("12x", "dtmf")).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(handset.dial("1*", "pulse")).toMatchObject({ ok: false, error: { kind: "invalid" } });
    expect(handset.dial("", "dtmf")).toMatchObject({ ok: false, error: { kind: "invalid" } });
  });
});

describe("pulse dialing", () => {
  it("breaks the loop d times per digit at 10 pps with 61 % break, 800 ms between digits", () => {
    const { clock, handset, edges } = port();
    handset.lift();
    clock.advance(1000);
    edges.length = 0;
    expect(handset.dial("32", "pulse")).toEqual({ ok: true, value: 1222 });
    clock.advance(2000);
    const at = (state: "on" | "off", ms: number) => ({ state, atMs: 1000 + ms });
    expect(edges).toEqual([
      at("on", 0), at("off", 61), at("on", 100), at("off", 161), at("on", 200), at("off", 261),
      at("on", 1061), at("off", 1122), at("on", 1161), at("off", 1222),
    ]);
  });

  it("sends 0 as ten breaks, at a chosen rate and break ratio", () => {
    const { clock, handset, edges } = port();
    handset.lift();
    edges.length = 0;
    handset.dial("0", "pulse", { pulse: { pulsesPerSecond: 20, breakPercent: 66, interdigitMs: 500 } });
    clock.advance(1000);
    const breaks = edges.filter((e) => e.state === "on").map((e) => e.atMs);
    const makes = edges.filter((e) => e.state === "off").map((e) => e.atMs);
    expect(breaks.length).toBe(10);
    expect(breaks.slice(1).map((b, i) => b - breaks[i]!)).toEqual(Array(9).fill(50));
    expect(makes.map((m, i) => m - breaks[i]!)).toEqual(Array(10).fill(33));
  });

  it("mutes the transmitter while the dial turns and gives it back after", () => {
    const { clock, handset, captured } = port();
    handset.setMouthpiece(new Int16Array(160).fill(300));
    handset.lift();
    clock.advance(100);
    expect(handset.dial("2", "pulse")).toEqual({ ok: true, value: 161 });
    const from = captured.length;
    clock.advance(160);
    expect(captured.length - from).toBe(8 * 160);
    expect(captured.slice(from).every((s) => s === 0)).toBe(true);
    clock.advance(40);
    expect(captured.slice(-160).every((s) => s === 300)).toBe(true);
  });

  it("stops the train when the handset is hung up mid-digit", () => {
    const { clock, handset, edges, line } = port();
    handset.lift();
    handset.dial("9", "pulse");
    clock.advance(170);
    handset.replace();
    clock.advance(2000);
    expect(edges).toEqual([
      { state: "off", atMs: 0 }, { state: "on", atMs: 0 }, { state: "off", atMs: 61 },
      { state: "on", atMs: 100 }, { state: "off", atMs: 161 }, { state: "on", atMs: 170 },
    ]);
    expect(line.hook).toBe("on");
  });
});

describe("flash, mouthpiece and earpiece", () => {
  it("flashes as one open-loop interval of the asked length (500 ms by default)", () => {
    const { clock, handset, edges } = port();
    handset.lift();
    clock.advance(300);
    expect(handset.flash()).toEqual({ ok: true, value: 500 });
    expect(handset.flash().ok).toBe(false);
    clock.advance(1000);
    handset.flash(250);
    clock.advance(1000);
    expect(edges.slice(1)).toEqual([
      { state: "on", atMs: 300 }, { state: "off", atMs: 800 },
      { state: "on", atMs: 1300 }, { state: "off", atMs: 1550 },
    ]);
    expect(handset.state.offHook).toBe(true);
  });

  it("loops the mouthpiece recording while off-hook, sends nothing on-hook, and stops when cleared", () => {
    const { clock, handset, captured } = port();
    const recording = Int16Array.from({ length: 250 }, (_, i) => i + 1);
    handset.setMouthpiece(recording);
    clock.advance(40);
    expect(captured.every((s) => s === 0)).toBe(true);
    handset.lift();
    const from = captured.length;
    clock.advance(200);
    // The recording plays on in the room while on-hook; only the loop current carries it.
    expect(captured.slice(from)).toEqual(Array.from({ length: 1600 }, (_, i) => recording[(from + i) % 250]));
    handset.clearMouthpiece();
    clock.advance(40);
    expect(captured.slice(-320).every((s) => s === 0)).toBe(true);
  });

  it("records exactly what the line played, then silence", () => {
    const { clock, line, handset } = port();
    const tone = new ToneGenerator([{ frequencyHz: 1000, levelDbm0: -10 }]);
    const frames = Array.from({ length: 25 }, () => tone.next(160));
    for (const frame of frames) line.audio.play(frame);
    clock.advance(1000);
    const heard = handset.earpiece(1000);
    expect(heard.length).toBe(8000);
    expect(Array.from(heard.subarray(0, 4000))).toEqual(frames.flatMap((f) => Array.from(f)));
    expect(heard.subarray(4000).every((s) => s === 0)).toBe(true);
    expect(Math.abs(dominantFrequency(heard.subarray(0, 4000)) - 1000)).toBeLessThan(2);
    expect(rmsDbm0(heard.subarray(0, 4000))).toBeCloseTo(-10, 1);
  });

  it("keeps only the last N seconds of the earpiece", () => {
    const { clock, line, handset } = port({ earpieceSeconds: 1 });
    for (let i = 0; i < 150; i++) line.audio.play(new Int16Array(160).fill(i));
    clock.advance(3000);
    const heard = handset.earpiece(2000);
    expect(heard.length).toBe(8000);
    expect(heard[0]).toBe(100);
    expect(heard[7999]).toBe(149);
    expect(handset.earpiece(20).length).toBe(160);
  });
});

describe("ringing, bell and what a caller ID display hears", () => {
  it("rings through a cadence's silent gaps, rings the bell only with voltage, and ends 6.5 s after the last burst", async () => {
    const { clock, line, handset } = port();
    const seen = () => [handset.state.ringing, handset.state.bell];
    await line.setRing(true);
    expect(seen()).toEqual([true, true]);
    clock.advance(2000);
    await line.setRing(false);
    expect(seen()).toEqual([true, false]);
    clock.advance(4000);
    await line.setRing(true);
    clock.advance(2000);
    await line.setRing(false);
    clock.advance(ALERTING_QUIET_MS - 1);
    expect(seen()).toEqual([true, false]);
    clock.advance(1);
    expect(seen()).toEqual([false, false]);
  });

  it("ends the alerting period at once when answered", async () => {
    const { line, handset } = port();
    await line.setRing(true);
    handset.lift();
    expect(handset.state).toMatchObject({ offHook: true, ringing: false, bell: false });
    expect(line.ringing).toBe(false);
  });

  it("shows the line's polarity and what its caller ID display decoded", async () => {
    const heard: { samples: number; conditions: LineConditions }[] = [];
    const display: CallerIdDisplay = {
      hear: (frame, _atMs, conditions) => heard.push({ samples: frame.length, conditions }),
      calls: [{ number: "5551234", name: "ALICE", time: "12-04 14:00" }],
      mwi: true,
    };
    const { clock, line, handset } = port({ display });
    expect(handset.state).toEqual({ offHook: false, ringing: false, bell: false, polarity: "forward", callerId: display.calls, mwi: true });
    await line.setPolarity("reverse");
    await line.setRing(true);
    clock.advance(20);
    expect(handset.state.polarity).toBe("reverse");
    expect(heard).toEqual([{ samples: 160, conditions: { offHook: false, bell: true, polarity: "reverse" } }]);
  });
});
