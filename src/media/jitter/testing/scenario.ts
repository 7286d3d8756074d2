/**
 * Runs the jitter buffer against the simulated network on a FakeClock and
 * reports figures. Used by the unit tests and reusable by a benchmark: the
 * issue's goal (30 ms jitter, 2 % loss → late loss ≤ 0.5 %, mean buffer ≤ 60 ms)
 * is `measureJitterGoal()`.
 */
import { FakeClock } from "../../../util/clock.js";
import { AdaptiveJitterBuffer } from "../adaptive-jitter-buffer.js";
import type { JitterBufferOptions, JitterStats, PlayoutFrame } from "../types.js";
import { type NetworkProfile, type SenderProfile, SimNetwork, SimSender, sentIndex } from "./network-sim.js";

export interface ScenarioOptions {
  network: NetworkProfile;
  durationMs: number;
  sender?: Partial<SenderProfile>;
  buffer?: JitterBufferOptions;
  /** Offset of the playout ticks against the sender's frame grid; default 7 ms. */
  pullPhaseMs?: number;
  /** Called after every playout tick. */
  onTick?: (nowMs: number, frame: PlayoutFrame, buffer: AdaptiveJitterBuffer) => void;
}

export interface ScenarioFigures {
  sent: number;
  /** Audio frames played in a lower sending order than one played before (0 = order repaired). */
  playedOutOfOrder: number;
  /** Late packets as a share of packets sent. */
  lateRate: number;
  /** Mean of the playout delay D over ticks spent playing. */
  meanPlayoutDelayMs: number;
  frames: { audio: number; missing: number; stretch: number; silence: number };
  stats: JitterStats;
}

export function runJitterScenario(options: ScenarioOptions): ScenarioFigures {
  const clock = new FakeClock();
  const frameMs = options.buffer?.frameMs ?? options.sender?.frameMs ?? 20;
  const sender = new SimSender({
    ssrc: 0x1234abcd, firstSequence: 1000, firstTimestamp: 160_000, clockRateHz: 8000, payloadType: 0,
    ...options.sender, frameMs,
  });
  const network = new SimNetwork(options.network, frameMs);
  const buffer = new AdaptiveJitterBuffer({ ...options.buffer, frameMs });
  const figures: ScenarioFigures = {
    sent: 0, playedOutOfOrder: 0, lateRate: 0, meanPlayoutDelayMs: 0,
    frames: { audio: 0, missing: 0, stretch: 0, silence: 0 }, stats: buffer.stats(),
  };
  let lastPlayed = -1;
  let delaySum = 0;
  let playingTicks = 0;

  const send = (): void => {
    if (clock.now() >= options.durationMs) return;
    const sent = sender.next(clock.now());
    if (sent) {
      figures.sent++;
      for (const delay of network.arrivalDelays(sent.sendMs)) {
        clock.setTimer(delay, () => buffer.push({ ...sent.packet, arrivalMs: clock.now() }));
      }
    }
    clock.setTimer(frameMs, send);
  };
  const tick = (): void => {
    const now = clock.now();
    const frame = buffer.pull(now);
    if (frame.kind === "audio") {
      figures.frames.audio++;
      const index = sentIndex(frame.payload);
      if (index <= lastPlayed) figures.playedOutOfOrder++;
      lastPlayed = index;
    } else if (frame.kind === "lost") figures.frames[frame.cause]++;
    else figures.frames.silence++;
    if (buffer.playoutState === "playing") {
      delaySum += buffer.stats().playoutDelayMs;
      playingTicks++;
    }
    options.onTick?.(now, frame, buffer);
    clock.setTimer(frameMs, tick);
  };
  clock.setTimer(0, send);
  clock.setTimer(options.pullPhaseMs ?? 7, tick);
  // Advance in steps: FakeClock prunes fired timers at the end of each advance().
  for (let t = 0; t < options.durationMs + 1000; t += 1000) clock.advance(1000);

  figures.stats = buffer.stats();
  figures.lateRate = figures.sent === 0 ? 0 : figures.stats.late / figures.sent;
  figures.meanPlayoutDelayMs = playingTicks === 0 ? 0 : delaySum / playingTicks;
  return figures;
}

/** The figure: netem-style 30 ms jitter (±30 ms) and 2 % loss, 20 ms frames. */
export function measureJitterGoal(seed = 1, durationMs = 300_000): ScenarioFigures {
  return runJitterScenario({ network: { seed, baseDelayMs: 50, jitterMs: 30, lossRate: 0.02 }, durationMs });
}
