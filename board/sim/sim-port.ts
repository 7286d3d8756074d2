/**
 * A simulated analog port: a FakeLine (the Line the agent uses), the SimHandset at its
 * far end, and the FrameTicker (src/util) standing in for the sound card, which every 20 ms moves
 * one frame from the mouthpiece to the line and one from the line to the earpiece.
 * Closing the line stops the ticker and the handset's timers.
 */
import type { Line } from "../../hal/line.js";
import { FakeLine } from "../../hal/testing/fake-line.js";
import type { Clock } from "../../src/util/clock.js";
import type { Logs } from "../../src/util/log.js";
import type { CallerIdDisplay } from "./caller-id-display.js";
import { FrameTicker } from "../../src/util/frame-ticker.js";
import { SimHandset } from "./sim-handset.js";

export interface SimPortOptions {
  index: number;
  clock: Clock;
  logs: Logs;
  /** Samples per frame; default 160 (20 ms). */
  frameSamples?: number;
  earpieceSeconds?: number;
  display?: CallerIdDisplay;
}

export interface SimPort {
  line: Line;
  handset: SimHandset;
}

export function openSimPort(options: SimPortOptions): SimPort {
  const frameSamples = options.frameSamples ?? 160;
  const line = new FakeLine({
    index: options.index, clock: options.clock, frameSamples,
    onClose: () => {
      ticker.stop();
      handset.stop();
    },
  });
  const handset = new SimHandset({
    line, clock: options.clock, log: options.logs.get("sim.handset", options.index),
    earpieceSeconds: options.earpieceSeconds, display: options.display,
  });
  const ticker = new FrameTicker({ clock: options.clock, periodMs: (frameSamples * 1000) / line.audio.sampleRateHz, tick: (atMs) => handset.exchangeFrame(atMs) });
  ticker.start();
  return { line, handset };
}
