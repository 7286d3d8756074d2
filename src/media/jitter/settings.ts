/** The jitter buffer's options with their defaults filled in and checked. */
import type { JitterBufferOptions } from "./types.js";

export type Settings = Required<Omit<JitterBufferOptions, "logger">>;

const DEFAULTS: Settings = {
  clockRateHz: 8000,
  frameMs: 20,
  minDelayMs: 0,
  maxDelayMs: 200,
  initialDelayMs: 40,
  windowPackets: 500,
  quantile: 0.995,
  shrinkMsPerSecond: 10,
  shrinkIntervalMs: 1000,
  resyncThresholdMs: 1000,
  comfortNoisePayloadType: 13,
};

export function settingsFrom(options: JitterBufferOptions): Settings {
  const s: Settings = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof Settings)[]) {
    const value = options[key];
    if (value !== undefined) s[key] = value;
  }
  if (!(s.clockRateHz > 0 && s.frameMs > 0 && Number.isInteger(s.windowPackets) && s.windowPackets >= 1)) throw new RangeError("jitter buffer: clock rate, frame and window must be positive");
  if (!(s.minDelayMs >= 0 && s.maxDelayMs >= s.minDelayMs)) throw new RangeError("jitter buffer: need 0 <= minDelayMs <= maxDelayMs");
  if (!(s.quantile > 0 && s.quantile <= 1)) throw new RangeError("jitter buffer: quantile must be in (0, 1]");
  return s;
}
