/**
 * Maps the controller's 32-bit millisecond counter onto the host's Clock scale
 * (docs/line-protocol.md §6): unwrap the counter, estimate the offset from ping round trips
 * (the shortest of the last few wins), map events with that offset so their spacing is
 * kept, and never place an event after the moment it arrived.
 */

const WRAP = 2 ** 32;
const HALF_WRAP = 2 ** 31;

interface Sample {
  readonly roundTripMs: number;
  readonly offsetMs: number;
}

export class ControllerTime {
  private lastRaw: number | undefined;
  private wraps = 0;
  private readonly samples: Sample[] = [];
  private offset: number | undefined;

  constructor(private readonly keepSamples = 8) {}

  /** The offset in use (host ms − controller ms), or undefined before the first ping. */
  get offsetMs(): number | undefined {
    return this.offset;
  }

  /** The round trip of the sample the offset came from. */
  get bestRoundTripMs(): number | undefined {
    return this.best()?.roundTripMs;
  }

  /** A ping left at host time `sentMs`, its answer carrying `rawMs` came back at `receivedMs`. */
  addPing(sentMs: number, receivedMs: number, rawMs: number): void {
    const ms = this.unwrap(rawMs);
    this.samples.push({ roundTripMs: receivedMs - sentMs, offsetMs: (sentMs + receivedMs) / 2 - ms });
    if (this.samples.length > this.keepSamples) this.samples.shift();
    this.offset = this.best()!.offsetMs;
  }

  /**
   * Host time of an event the controller stamped `rawMs`, which arrived at host time
   * `arrivedMs`. Before any ping, the arrival time is all there is.
   */
  toHost(rawMs: number, arrivedMs: number): number {
    const ms = this.unwrap(rawMs);
    if (this.offset === undefined) return arrivedMs;
    const mapped = ms + this.offset;
    if (mapped <= arrivedMs) return mapped;
    // §6: it cannot have happened after it arrived; the offset was too high by this much.
    this.offset -= mapped - arrivedMs;
    return arrivedMs;
  }

  /** The controller restarted (or was reconnected): its counter has a new origin. */
  reset(): void {
    this.lastRaw = undefined;
    this.wraps = 0;
    this.samples.length = 0;
    this.offset = undefined;
  }

  private unwrap(raw: number): number {
    // A stamp from just before the wrap, arriving after one from just after it.
    if (this.lastRaw !== undefined && raw > this.lastRaw + HALF_WRAP) return raw + (this.wraps - 1) * WRAP;
    if (this.lastRaw !== undefined && raw < this.lastRaw - HALF_WRAP) this.wraps++;
    this.lastRaw = raw;
    return raw + this.wraps * WRAP;
  }

  private best(): Sample | undefined {
    let best: Sample | undefined;
    for (const s of this.samples) if (!best || s.roundTripMs < best.roundTripMs) best = s;
    return best;
  }
}
