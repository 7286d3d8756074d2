/**
 * Sending digits on a session's stream: RFC 4733 events through a TelephoneEventSender
 * that shares the audio's SSRC and sequence space (RFC 4733 §2.1), or in-band tones
 * when the peer did not negotiate the event (or in-band is asked for). Also answers
 * the audio path's question "does an event cover this packet's time?".
 */
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/log.js";
import { err, ok, type Result } from "../../util/result.js";
import { InbandDtmfGenerator, type InbandDtmfOptions } from "../dtmf/index.js";
import { decodeTelephoneEvent, eventCode, eventName, TelephoneEventSender } from "../events/index.js";
import type { OutgoingFields } from "../rtp/index.js";
import type { NegotiatedAudio } from "../sdp/index.js";
import { parseEventList } from "../sdp/telephone-events.js";
import type { DigitMethod, SendDigitOptions } from "./media-session-options.js";

const DEFAULT_DIGIT_MS = 100;

export interface DigitSenderOptions {
  clock: Clock;
  logger: Logger;
  /** The audio stream's RTP timestamp of the next frame: where an event starting now begins. */
  timestampNow: () => number;
  /** Sends an event packet on the audio stream (numbered there), if sending is allowed. */
  transmit: (fields: OutgoingFields) => void;
  inband?: InbandDtmfOptions;
}

export class DigitSender {
  /** Renders queued in-band digits over the outgoing audio. */
  readonly inband: InbandDtmfGenerator;
  private events: TelephoneEventSender | undefined;
  private negotiated: NegotiatedAudio | undefined;
  private allowed: ReadonlySet<number> = new Set();
  /** RTP timestamp where the last event sent so far ends. */
  private eventEnd: number | undefined;

  constructor(private readonly options: DigitSenderOptions) {
    this.inband = new InbandDtmfGenerator(options.inband);
  }

  /** A new negotiation; a new event payload type or ptime needs a new event sender. */
  configure(negotiated: NegotiatedAudio): void {
    const before = this.negotiated;
    this.negotiated = negotiated;
    const te = negotiated.telephoneEvent;
    this.allowed = te ? parseEventList(te.events) : new Set();
    const same = before?.telephoneEvent?.sendPayloadType === te?.sendPayloadType && before?.ptimeMs === negotiated.ptimeMs;
    if (this.events && same) return;
    this.events?.close();
    this.events = te ? this.eventSender(te.sendPayloadType, negotiated.ptimeMs) : undefined;
  }

  /** The method used, or why the digit cannot be sent (checked by the caller: the session runs and may send). */
  send(digit: string, options: SendDigitOptions): Result<DigitMethod> {
    const code = eventCode(digit);
    if (code === undefined) return err(`"${digit}" is not a DTMF digit or flash`);
    const durationMs = options.durationMs ?? DEFAULT_DIGIT_MS;
    if (!(durationMs > 0) || !Number.isFinite(durationMs)) return err(`digit duration ${durationMs} ms`);
    if ((options.method ?? "rfc4733") === "rfc4733" && this.events && this.allowed.has(code)) {
      this.events.send({ event: code, durationMs });
      return ok("rfc4733");
    }
    const queued = this.inband.enqueue(eventName(code)!, durationMs);
    return queued.ok ? ok("inband") : err(`${queued.error}; the peer did not negotiate telephone-event for it`);
  }

  /**
   * RFC 4733 §2.5.1.2: audio covering the event's time is not sent. An event packet
   * covers the interval after it is sent, a captured frame the one before, so the
   * event's timestamp span decides, not whether it is still being sent.
   */
  replacedByEvent(timestamp: number): boolean {
    if (this.events?.active) return true;
    return this.eventEnd !== undefined && ((this.eventEnd - timestamp) | 0) > 0;
  }

  /** Hang-up: nothing more is sent. */
  close(): void {
    this.events?.close();
    this.inband.clear();
  }

  private eventSender(payloadType: number, ptimeMs: number): TelephoneEventSender {
    return new TelephoneEventSender({
      clock: this.options.clock,
      packetIntervalMs: ptimeMs,
      logger: this.options.logger,
      output: {
        timestampNow: this.options.timestampNow,
        send: (packet) => {
          const decoded = decodeTelephoneEvent(packet.payload);
          if (decoded.ok) this.eventEnd = (packet.timestamp + decoded.value.duration) >>> 0;
          this.options.transmit({ payloadType, ...packet });
        },
      },
    });
  }
}
