/**
 * Our media path alone in a process of its own, so its CPU time and memory can be read from
 * /proc exactly as baresip's are: a MediaSession on loopback paced by a FramePump on the real
 * clock, saying 600 Hz bursts (500 ms on, 500 ms off, precomputed like baresip's in-memory
 * WAV) and discarding what it hears. The parent does SIP and talks to it over Node IPC:
 *
 *   child ─ready(media)─▶ parent ─start(negotiated)─▶ child ─report─▶ … ─stop─▶ exit
 *
 * With `measure` on, it also notes burst onsets (said and heard); off for the CPU figure, so
 * nothing but the media path runs. Buffering comes from the session's own running mean.
 */
import { ToneGenerator } from "../../src/dsp/index.js";
import { FramePump, MediaSession, type MediaOptions, type MediaSessionStats, type NegotiatedAudio } from "../../src/media/index.js";
import { RealClock } from "../../src/util/clock.js";
import { Logs, streamSink } from "../../src/util/log.js";
import { BurstOnsets } from "./media-edges.js";
import { FloorLoop } from "./media-floor.js";

export const CHILD_FLAG = "--media-child";
const FRAME_SAMPLES = 160;
const FRAME_MS = 20;
const BURST_FRAMES = 25;

export type ToChild =
  | { type: "start"; negotiated: NegotiatedAudio; measure: boolean }
  | { type: "ping"; id: number }
  | { type: "report" }
  | { type: "floor"; port: number }
  | { type: "floor-stop" }
  | { type: "stop" };

export interface ChildReport {
  type: "report";
  stats: MediaSessionStats;
  /** Onset times on the child's clock (performance.now()). */
  mouthOnsetsMs: number[];
  earOnsetsMs: number[];
}

export type FromChild =
  | { type: "ready"; media: MediaOptions; rssKb: number }
  | { type: "pong"; id: number; nowMs: number }
  | { type: "floor-ready"; port: number }
  | ChildReport;

/** One second of our microphone: BURST_FRAMES frames of tone, then as many of silence. */
function burstCycle(): Int16Array[] {
  const tone = new ToneGenerator([{ frequencyHz: 600, levelDbm0: -10 }]);
  return Array.from({ length: 2 * BURST_FRAMES }, (_, i) => (i < BURST_FRAMES ? tone.next(FRAME_SAMPLES) : new Int16Array(FRAME_SAMPLES)));
}

export async function runMediaChild(): Promise<void> {
  const send = (message: FromChild): void => {
    process.send?.(message);
  };
  const clock = new RealClock();
  const session = await MediaSession.open({ clock, logs: new Logs(streamSink(process.stderr), "warn"), bindAddress: "127.0.0.1", codecs: ["PCMU"] });
  const cycle = burstCycle();
  const mouth = new BurstOnsets();
  const ear = new BurstOnsets();
  let measure = false;
  let tick = 0;
  let floor: FloorLoop | undefined;
  const pump = new FramePump({
    clock,
    session,
    source: () => {
      const frame = cycle[tick++ % cycle.length]!;
      // The frame holds the FRAME_MS captured before this tick.
      if (measure) mouth.feed(frame, clock.now() - FRAME_MS, 1 / 8);
      return frame;
    },
    sink: (frame) => {
      if (measure) ear.feed(frame, clock.now(), 1 / 8);
    },
  });

  process.on("message", (message: ToChild) => {
    switch (message.type) {
      case "start":
        measure = message.measure;
        session.start(message.negotiated);
        pump.start();
        return;
      case "ping":
        send({ type: "pong", id: message.id, nowMs: clock.now() });
        return;
      case "floor":
        void FloorLoop.start(message.port).then(({ loop, port }) => {
          floor = loop;
          send({ type: "floor-ready", port });
        });
        return;
      case "floor-stop":
        floor?.stop();
        floor = undefined;
        return;
      case "report":
        send({ type: "report", stats: session.stats(), mouthOnsetsMs: mouth.onsetsMs, earOnsetsMs: ear.onsetsMs });
        return;
      case "stop":
        pump.stop();
        void session.close().then(() => process.exit(0));
        return;
    }
  });
  send({ type: "ready", media: session.localMedia(), rssKb: Math.round(process.memoryUsage().rss / 1024) });
}
