/**
 * Sends RFC 4733 telephone events: for "event X now, lasting d ms" it emits,
 * one packet per packetization interval on the injected Clock, a start packet
 * with the marker bit, updates with the same RTP timestamp and a growing
 * duration, and the final packet with the E bit three times (§2.5.1.2,
 * §2.5.1.4). Each packet stands in for the audio frame of its interval, so the
 * first carries one interval of duration and the last the full d.
 *
 * Events longer than the 16-bit duration field are cut into segments
 * (§2.5.1.3): a segment ends at the largest whole number of intervals that
 * fits in 0xFFFF, its last packet is sent three times, and the next segment
 * continues with the timestamp advanced by that duration, without the marker.
 *
 * Events asked for while one is playing wait in a queue; consecutive events
 * are at least `minGapMs` apart (end of one to start of the next).
 *
 *   Idle ─send()→ Playing ─final packet→ Ending ─third end packet→ Gap ─gap over, queue empty→ Idle
 *                    ↑                                                 │
 *                    └──────────────── gap over, next queued ──────────┘
 *   any ─close()→ Closed
 */
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { encodeTelephoneEvent, eventCode, MAX_DURATION, MAX_VOLUME } from "./telephone-event.js";

export enum EventSenderState {
  Idle = "Idle",
  Playing = "Playing",
  Ending = "Ending",
  Gap = "Gap",
  Closed = "Closed",
}

const ALLOWED: Readonly<Record<EventSenderState, readonly EventSenderState[]>> = {
  [EventSenderState.Idle]: [EventSenderState.Playing, EventSenderState.Closed],
  [EventSenderState.Playing]: [EventSenderState.Ending, EventSenderState.Closed],
  [EventSenderState.Ending]: [EventSenderState.Gap, EventSenderState.Closed],
  [EventSenderState.Gap]: [EventSenderState.Playing, EventSenderState.Idle, EventSenderState.Closed],
  [EventSenderState.Closed]: [],
};

/** Where event packets go: the RTP sender of the audio stream (same SSRC and sequence space, §2.1). */
export interface EventOutput {
  /** The media stream's RTP timestamp for this instant: the start timestamp of an event beginning now. */
  timestampNow(): number;
  send(packet: { marker: boolean; timestamp: number; payload: Uint8Array }): void;
}

export interface EventSenderOptions {
  clock: Clock;
  output: EventOutput;
  /** Interval between packets of an event: the audio ptime; default 20 ms. */
  packetIntervalMs?: number;
  /** Default 8000. */
  clockRateHz?: number;
  /** Default −10 dBm0 (written as 10). */
  volume?: number;
  /** Minimum silence between the end of one event and the start of the next; default 50 ms. */
  minGapMs?: number;
  logger?: Logger;
}

export interface EventRequest {
  /** An event code (0–255) or a digit / "flash". */
  event: number | string;
  durationMs: number;
  /** −dBm0, 0–63; default from the options. */
  volume?: number;
}

export class EventSenderStateError extends Error {
  override readonly name = "EventSenderStateError";
}

/** Copies of the last packet of an event or segment still to be sent. */
const END_PACKETS = 3;

interface Playing {
  event: number;
  volume: number;
  totalUnits: number;
  durationMs: number;
  startMs: number;
  ticks: number;
  segmentTimestamp: number;
  segmentStartUnits: number;
  coveredUnits: number;
}

export class TelephoneEventSender {
  private current: EventSenderState = EventSenderState.Idle;
  private readonly queue: Array<{ event: number; durationMs: number; volume: number }> = [];
  private playing: Playing | undefined;
  private repeats: Array<{ payload: Uint8Array; timestamp: number; left: number }> = [];
  private timer: Timer | undefined;
  private readonly intervalMs: number;
  private readonly intervalUnits: number;
  /** The longest segment: whole intervals that fit in the duration field. */
  private readonly segmentUnits: number;
  private readonly rateHz: number;

  constructor(private readonly options: EventSenderOptions) {
    this.intervalMs = options.packetIntervalMs ?? 20;
    this.rateHz = options.clockRateHz ?? 8000;
    this.intervalUnits = Math.round((this.intervalMs * this.rateHz) / 1000);
    this.segmentUnits = Math.floor(MAX_DURATION / this.intervalUnits) * this.intervalUnits;
  }

  get state(): EventSenderState {
    return this.current;
  }

  /** True while an event is sounding: the media path should not send audio frames meanwhile. */
  get active(): boolean {
    return this.current === EventSenderState.Playing;
  }

  /** Queues an event; it starts now if nothing is playing. Unknown names and bad durations throw RangeError. */
  send(request: EventRequest): void {
    const event = typeof request.event === "number" ? request.event : eventCode(request.event);
    const volume = request.volume ?? this.options.volume ?? 10;
    if (event === undefined || !Number.isInteger(event) || event < 0 || event > 255) throw new RangeError(`unknown telephone event ${String(request.event)}`);
    if (!(request.durationMs > 0) || !Number.isFinite(request.durationMs)) throw new RangeError(`event duration ${request.durationMs} ms`);
    if (!Number.isInteger(volume) || volume < 0 || volume > MAX_VOLUME) throw new RangeError(`event volume ${volume}`);
    if (this.current === EventSenderState.Closed) throw new EventSenderStateError("event sender is closed");
    this.queue.push({ event, durationMs: request.durationMs, volume });
    if (this.current === EventSenderState.Idle) this.startNext();
  }

  /** Stops at once (hang-up): no further packets, the queue is dropped. */
  close(): void {
    if (this.current === EventSenderState.Closed) return;
    this.timer?.cancel();
    this.queue.length = 0;
    this.transition(EventSenderState.Closed);
  }

  private startNext(): void {
    const next = this.queue.shift()!;
    const now = this.options.clock.now();
    this.playing = {
      event: next.event,
      volume: next.volume,
      totalUnits: Math.max(1, Math.round((next.durationMs * this.rateHz) / 1000)),
      durationMs: next.durationMs,
      startMs: now,
      ticks: 0,
      segmentTimestamp: this.options.output.timestampNow() >>> 0,
      segmentStartUnits: 0,
      coveredUnits: 0,
    };
    this.transition(EventSenderState.Playing);
    this.onTick();
  }

  private onTick(): void {
    this.timer = undefined;
    if (this.current === EventSenderState.Gap) {
      this.endGap();
      return;
    }
    this.sendRepeats();
    if (this.current === EventSenderState.Playing) {
      this.sendNextPacket();
    } else if (this.repeats.length === 0) {
      this.enterGap(); // Ending: the third end packet is out
      return;
    }
    this.armTick();
  }

  /** One packet of the playing event; the last one of the event or of a segment is queued for repeats. */
  private sendNextPacket(): void {
    const p = this.playing!;
    if (p.coveredUnits - p.segmentStartUnits === this.segmentUnits) {
      // RFC 4733 §2.5.1.3: a new segment starts where the full one ended.
      p.segmentStartUnits = p.coveredUnits;
      p.segmentTimestamp = (p.segmentTimestamp + this.segmentUnits) >>> 0;
    }
    const marker = p.coveredUnits === 0;
    p.coveredUnits = Math.min(p.totalUnits, p.coveredUnits + this.intervalUnits);
    const end = p.coveredUnits === p.totalUnits;
    const duration = p.coveredUnits - p.segmentStartUnits;
    const payload = encodeTelephoneEvent({ event: p.event, end, reserved: false, volume: p.volume, duration });
    this.options.output.send({ marker, timestamp: p.segmentTimestamp, payload });
    if (end || duration === this.segmentUnits) this.repeats.push({ payload, timestamp: p.segmentTimestamp, left: END_PACKETS - 1 });
    if (end) this.transition(EventSenderState.Ending);
  }

  /** RFC 4733 §2.5.1.4: the final packet goes out three times, one interval apart, each a new RTP packet. */
  private sendRepeats(): void {
    for (const repeat of this.repeats) {
      this.options.output.send({ marker: false, timestamp: repeat.timestamp, payload: repeat.payload });
      repeat.left--;
    }
    this.repeats = this.repeats.filter((r) => r.left > 0);
  }

  private enterGap(): void {
    const p = this.playing!;
    this.transition(EventSenderState.Gap);
    const gapEndMs = p.startMs + p.durationMs + (this.options.minGapMs ?? 50);
    const waitMs = gapEndMs - this.options.clock.now();
    if (waitMs > 0) this.timer = this.options.clock.setTimer(waitMs, () => this.onTick());
    else this.endGap();
  }

  private endGap(): void {
    this.playing = undefined;
    if (this.queue.length > 0) this.startNext();
    else this.transition(EventSenderState.Idle);
  }

  /** Ticks stay on the grid startMs + k·interval, whatever the timer latency. */
  private armTick(): void {
    const p = this.playing!;
    p.ticks++;
    const dueMs = p.startMs + p.ticks * this.intervalMs;
    this.timer = this.options.clock.setTimer(Math.max(0, dueMs - this.options.clock.now()), () => this.onTick());
  }

  private transition(to: EventSenderState): void {
    if (!ALLOWED[this.current].includes(to)) throw new EventSenderStateError(`telephone-event sender: ${this.current} -> ${to}`);
    this.options.logger?.debug(`${this.current} -> ${to}`);
    this.current = to;
  }
}
