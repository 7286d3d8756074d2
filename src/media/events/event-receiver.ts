/**
 * Receives RFC 4733 telephone events and reports each one once, with its final
 * duration (§2.5.2). An event is known by its RTP timestamp, so a second press
 * of the same digit is a new event. The receiver copes with:
 * - a lost start packet: any packet with a new timestamp starts an event;
 * - the three end packets and late updates: once an event is reported, later
 *   packets with its timestamp are ignored;
 * - reordering: the duration only grows; packets older than the current event are ignored;
 * - lost end packets: the event ends when the next event starts, or after
 *   `endTimeoutMs` without packets;
 * - long events (§2.5.2.3): a packet without the marker that continues the
 *   same event right after a segment that reached the maximum duration extends it.
 *
 * States: no event ─packet→ in event ─E bit / next event / timeout→ reported (no event).
 */
import type { Clock, Timer } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { decodeTelephoneEvent, eventName, MAX_DURATION, type TelephoneEventName } from "./telephone-event.js";

export interface EventStart {
  readonly event: number;
  /** The digit or "flash", for codes 0–16. */
  readonly name: TelephoneEventName | undefined;
  readonly timestamp: number;
  readonly volume: number;
}

export interface ReceivedEvent extends EventStart {
  readonly durationUnits: number;
  readonly durationMs: number;
  /** How the end was known: the E bit, the next event starting, or silence. */
  readonly endedBy: "end-bit" | "next-event" | "timeout";
}

export interface EventListener {
  /** As soon as an event begins, e.g. to start playing its tone. */
  onEventStart?(start: EventStart): void;
  /** Exactly once per event, with its final duration. */
  onEvent(event: ReceivedEvent): void;
}

export interface EventReceiverOptions {
  clock: Clock;
  listener: EventListener;
  /** Default 8000. */
  clockRateHz?: number;
  /** An event without packets for this long has ended; default 1000 ms. */
  endTimeoutMs?: number;
  logger?: Logger;
}

/** The fields of an RTP packet the receiver needs. */
export interface EventPacket {
  readonly timestamp: number;
  readonly marker: boolean;
  readonly payload: Uint8Array;
}

/** A segment this close to the maximum duration (in units) may be continued by the next (§2.5.2.3). */
const SEGMENT_FULL_SLACK = 2000;
/** Timestamps of reported events remembered, to ignore their late packets. */
const REPORTED_MEMORY = 16;

interface Current {
  start: EventStart;
  segmentTimestamp: number;
  segmentDuration: number;
  /** Units of the earlier, full segments of a long event. */
  earlierUnits: number;
  timer: Timer | undefined;
}

export class TelephoneEventReceiver {
  private current: Current | undefined;
  private readonly reported: number[] = [];
  private malformed = 0;

  constructor(private readonly options: EventReceiverOptions) {}

  /** Packets whose payload could not be read. */
  get malformedPackets(): number {
    return this.malformed;
  }

  receive(packet: EventPacket): void {
    const decoded = decodeTelephoneEvent(packet.payload);
    if (!decoded.ok) {
      this.malformed++;
      this.options.logger?.debug(`ignored: ${decoded.error}`);
      return;
    }
    const { event, end, volume, duration } = decoded.value;
    const timestamp = packet.timestamp >>> 0;
    if (this.reported.includes(timestamp)) return; // end-packet copies, late updates
    const current = this.current;
    if (current && timestamp !== current.segmentTimestamp) {
      const delta = (timestamp - current.segmentTimestamp) | 0;
      if (delta < 0) return; // a late packet from before the current event
      if (this.continuesSegment(current, event, delta, packet.marker)) {
        current.earlierUnits += delta;
        this.reported.push(current.segmentTimestamp);
        current.segmentTimestamp = timestamp;
        current.segmentDuration = 0;
      } else {
        this.finish("next-event");
      }
    }
    if (!this.current) {
      const start: EventStart = { event, name: eventName(event), timestamp, volume };
      this.current = { start, segmentTimestamp: timestamp, segmentDuration: 0, earlierUnits: 0, timer: undefined };
      this.options.listener.onEventStart?.(start);
    }
    const live = this.current!;
    live.segmentDuration = Math.max(live.segmentDuration, duration);
    if (end) {
      this.finish("end-bit");
      return;
    }
    live.timer?.cancel();
    live.timer = this.options.clock.setTimer(this.options.endTimeoutMs ?? 1000, () => this.finish("timeout"));
  }

  /** Stops the end timer; an event in progress is reported as ended now. */
  close(): void {
    if (this.current) this.finish("timeout");
  }

  /** RFC 4733 §2.5.2.3: same event, no marker, the earlier segment (nearly) full, the new one starting where it ended. */
  private continuesSegment(current: Current, event: number, delta: number, marker: boolean): boolean {
    return (
      !marker &&
      event === current.start.event &&
      current.segmentDuration >= MAX_DURATION - SEGMENT_FULL_SLACK &&
      delta >= current.segmentDuration &&
      delta <= MAX_DURATION
    );
  }

  private finish(endedBy: ReceivedEvent["endedBy"]): void {
    const current = this.current!;
    this.current = undefined;
    current.timer?.cancel();
    this.reported.push(current.segmentTimestamp);
    if (this.reported.length > REPORTED_MEMORY) this.reported.splice(0, this.reported.length - REPORTED_MEMORY);
    const durationUnits = current.earlierUnits + current.segmentDuration;
    const rate = this.options.clockRateHz ?? 8000;
    const event: ReceivedEvent = { ...current.start, durationUnits, durationMs: (durationUnits * 1000) / rate, endedBy };
    this.options.logger?.debug(`event ${event.name ?? event.event} ${event.durationMs} ms (${endedBy})`);
    this.options.listener.onEvent(event);
  }
}
