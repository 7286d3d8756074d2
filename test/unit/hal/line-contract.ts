/**
 * The Line contract (hal/line.ts) as checks any driver's test can run:
 *   describeLineContract("gpio line", async () => harness)
 * The harness gives the line and the far end of its loop as that driver's test can reach
 * it (a FakeLine's controls, a simulated handset, scripted GPIO edges and a file-plugin
 * sound card). Each check makes a fresh harness. Covers hook edges, ringing and ring
 * trip, polarity, audio framing, playback order and silence, capture pacing, close.
 * Does not cover driver-specific behaviour (debounce of a real pin, ALSA recovery, faults).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { HookEdge, HookState, Line } from "../../../hal/line.js";

export interface LineHarness {
  /** Opened on-hook, not ringing, forward polarity. */
  line: Line;
  /** The monotonic time of the Clock the line was given. */
  now(): number;
  /** Closes ("off") or opens ("on") the loop at the phone. */
  setLoop(state: HookState): void | Promise<void>;
  /** Lets `ms` pass: the line captures and plays what it would in that time. */
  advance(ms: number): void | Promise<void>;
  /** Ring voltage as the phone feels it (a pin level, a controller's report, the handset's bell). */
  ringVoltage(): boolean;
  /** From now on the mouthpiece sends `frame` over and over. */
  speak(frame: Int16Array): void;
  /** Everything the earpiece received so far, as one run of samples. */
  heard(): Int16Array;
  dispose?(): void | Promise<void>;
}

const constant = (length: number, value: number): Int16Array => new Int16Array(length).fill(value);

export function describeLineContract(name: string, makeHarness: () => Promise<LineHarness> | LineHarness): void {
  describe(`Line contract: ${name}`, () => {
    let harness: LineHarness | undefined;
    const make = async (): Promise<LineHarness> => {
      harness = await makeHarness();
      return harness;
    };
    afterEach(async () => {
      await harness?.line.close();
      await harness?.dispose?.();
      harness = undefined;
    });

    it("opens with a port index, on-hook, not ringing, forward polarity", async () => {
      const { line } = await make();
      expect(Number.isInteger(line.index) && line.index >= 0).toBe(true);
      expect([line.hook, line.ringing, line.polarity]).toEqual(["on", false, "forward"]);
    });

    it("reports every raw edge in order, stamped on the clock's scale, and none from before the subscription", async () => {
      const h = await make();
      await h.setLoop("off");
      const edges: HookEdge[] = [];
      h.line.onHookEdge((edge) => edges.push(edge));
      expect(edges).toEqual([]);
      expect(h.line.hook).toBe("off");
      const before = h.now();
      await h.advance(30);
      await h.setLoop("on");
      await h.advance(60);
      await h.setLoop("off");
      expect(edges.map((e) => e.state)).toEqual(["on", "off"]);
      expect(edges[0]!.atMs).toBeGreaterThanOrEqual(before);
      expect(edges[1]!.atMs - edges[0]!.atMs).toBeGreaterThanOrEqual(55);
      expect(edges[1]!.atMs).toBeLessThanOrEqual(h.now());
      expect(h.line.hook).toBe("off");
    });

    it("stops calling a listener once unsubscribed", async () => {
      const h = await make();
      const states: HookState[] = [];
      const unsubscribe = h.line.onHookEdge((edge) => states.push(edge.state));
      await h.setLoop("off");
      unsubscribe();
      await h.setLoop("on");
      expect(states).toEqual(["off"]);
    });

    it("rings until told to stop, trips the ring when the loop closes, and will not ring off-hook", async () => {
      const h = await make();
      await h.line.setRing(true);
      await h.advance(2000);
      expect([h.line.ringing, h.ringVoltage()]).toEqual([true, true]);
      await h.line.setRing(false);
      expect([h.line.ringing, h.ringVoltage()]).toEqual([false, false]);
      await h.line.setRing(true);
      const states: HookState[] = [];
      h.line.onHookEdge((edge) => states.push(edge.state));
      await h.setLoop("off");
      expect(states).toEqual(["off"]);
      expect([h.line.ringing, h.ringVoltage()]).toEqual([false, false]);
      await h.line.setRing(true);
      expect([h.line.ringing, h.ringVoltage()]).toEqual([false, false]);
    });

    it("reverses and restores polarity", async () => {
      const { line } = await make();
      await line.setPolarity("reverse");
      expect(line.polarity).toBe("reverse");
      await line.setPolarity("forward");
      expect(line.polarity).toBe("forward");
    });

    it("carries 8 kHz frames and refuses a frame of the wrong length", async () => {
      const { line } = await make();
      expect(line.audio.sampleRateHz).toBe(8000);
      expect(line.audio.frameSamples).toBeGreaterThan(0);
      expect(() => line.audio.play(new Int16Array(line.audio.frameSamples + 1))).toThrow(RangeError);
    });

    it("plays frames in the order written, then silence, never repeating old audio", async () => {
      const h = await make();
      const n = h.line.audio.frameSamples;
      await h.setLoop("off");
      for (const value of [1000, 2000, 3000]) h.line.audio.play(constant(n, value));
      expect(h.line.audio.queuedFrames).toBeGreaterThan(0);
      await h.advance(400);
      expect(h.line.audio.queuedFrames).toBe(0);
      const heard = Array.from(h.heard());
      const start = heard.indexOf(1000);
      expect(start).toBeGreaterThanOrEqual(0);
      expect(heard.slice(start, start + 3 * n)).toEqual([...constant(n, 1000), ...constant(n, 2000), ...constant(n, 3000)]);
      expect(heard.slice(start + 3 * n).every((s) => s === 0)).toBe(true);
      expect(heard.slice(start + 3 * n).length).toBeGreaterThan(n);
    });

    it("captures one full frame per frame period, in order, and never changes a frame it handed out", async () => {
      const h = await make();
      const n = h.line.audio.frameSamples;
      const periodMs = (n * 1000) / h.line.audio.sampleRateHz;
      await h.setLoop("off");
      h.speak(constant(n, 500));
      const frames: { frame: Int16Array; copy: Int16Array; atMs: number }[] = [];
      h.line.audio.onCapture((frame, atMs) => frames.push({ frame, copy: frame.slice(), atMs }));
      await h.advance(periodMs * 10);
      expect(frames.length).toBeGreaterThanOrEqual(9);
      expect(frames.length).toBeLessThanOrEqual(11);
      h.speak(constant(n, -700));
      await h.advance(periodMs * 5);
      for (const [i, f] of frames.entries()) {
        expect(f.frame.length).toBe(n);
        expect(Array.from(f.frame)).toEqual(Array.from(f.copy));
        // Stamps may jitter (a driver stamping arrival), but they never go back and average one period apart.
        if (i > 0) expect(f.atMs - frames[i - 1]!.atMs).toBeGreaterThan(0);
      }
      const meanMs = (frames.at(-1)!.atMs - frames[0]!.atMs) / (frames.length - 1);
      expect(Math.abs(meanMs - periodMs)).toBeLessThan(periodMs * 0.1);
      const samples = frames.flatMap((f) => Array.from(f.copy));
      expect(samples.filter((s) => s === 500).length).toBeGreaterThan(n * 5);
      expect(samples.filter((s) => s === -700).length).toBeGreaterThan(n * 2);
    });

    it("closes idempotently, and afterwards every method fails saying the line is closed", async () => {
      const { line } = await make();
      await line.close();
      await line.close();
      await expect(line.setRing(true)).rejects.toThrow(/closed/);
      await expect(line.setPolarity("reverse")).rejects.toThrow(/closed/);
      expect(() => line.audio.play(new Int16Array(line.audio.frameSamples))).toThrow(/closed/);
      expect(() => line.onHookEdge(() => undefined)).toThrow(/closed/);
      expect(() => line.audio.onCapture(() => undefined)).toThrow(/closed/);
    });
  });
}
