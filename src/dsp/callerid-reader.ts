/**
 * A caller ID display in software: reads line audio frame by frame (any frame length,
 * 160 samples on a line) and reports what a display would show: a call's number, name,
 * time and reasons, or the message waiting indicator.
 * Bell 202 and V.23 FSK are demodulated side by side (a display of either kind); a message
 * starts with the first character after at least MIN_IDLE_MARK_BITS of mark signal and ends
 * when its length byte says; it counts only with a good checksum. The same message heard
 * by both demodulators (the tones are close) is reported once.
 * Not read here: DTMF caller ID and Japan's NTT format.
 */
import { describeMessage, type CallerIdEvent } from "./callerid-info.js";
import { MESSAGE_TYPE, parseMessage } from "./callerid-message.js";
import { FskDemodulator } from "./fsk-demodulator.js";
import type { FskStandard } from "./fsk-modulator.js";

/**
 * Mark bits before the message type byte. More than the 10 mark bits a sender may put
 * between the words of one message (GR-30-CORE §3.2.3), fewer than the shortest mark
 * signal (55 bits, BT SIN 227); channel seizure characters never show this many.
 */
export const MIN_IDLE_MARK_BITS = 11;

const MESSAGE_TYPES: ReadonlySet<number> = new Set(Object.values(MESSAGE_TYPE));

export interface CallerIdReaderOptions {
  standards?: readonly FskStandard[];
  sampleRateHz?: number;
  /** Carrier detect threshold of the demodulators (default −43 dBm0). */
  carrierOnDbm0?: number;
}

export interface CallerIdReading {
  readonly event: CallerIdEvent;
  /** The whole message: type, length, body, checksum. */
  readonly message: Uint8Array;
  /** Sample index (from the reader's first sample) at which the checksum arrived. */
  readonly atSample: number;
}

interface Channel {
  /** The message being assembled, from its type byte on. */
  bytes: number[] | undefined;
}

export class CallerIdReader {
  private readonly channels: { channel: Channel; demodulator: FskDemodulator }[];
  private readonly sampleRateHz: number;
  private samples = 0;
  private last: { hex: string; atSample: number } | undefined;

  constructor(private readonly onReading: (reading: CallerIdReading) => void, options: CallerIdReaderOptions = {}) {
    this.sampleRateHz = options.sampleRateHz ?? 8000;
    const carrier = options.carrierOnDbm0 === undefined ? {} : { carrierOnDbm0: options.carrierOnDbm0 };
    this.channels = (options.standards ?? ["bell202", "v23"]).map((standard) => {
      const channel: Channel = { bytes: undefined };
      const demodulator = new FskDemodulator(
        { standard, sampleRateHz: this.sampleRateHz, ...carrier },
        {
          onByte: (byte, idleMarkBits) => this.onByte(channel, byte, idleMarkBits),
          onBreak: () => {
            channel.bytes = undefined;
          },
        },
      );
      return { channel, demodulator };
    });
  }

  process(frame: ArrayLike<number>): void {
    for (const { demodulator } of this.channels) demodulator.process(frame);
    this.samples += frame.length;
  }

  private onByte(entry: Channel, byte: number, idleMarkBits: number): void {
    if (idleMarkBits >= MIN_IDLE_MARK_BITS) entry.bytes = MESSAGE_TYPES.has(byte) ? [] : undefined;
    if (!entry.bytes) return;
    entry.bytes.push(byte);
    if (entry.bytes.length < 2 || entry.bytes.length < entry.bytes[1]! + 3) return;
    const message = Uint8Array.from(entry.bytes);
    entry.bytes = undefined;
    const parsed = parseMessage(message);
    if (!parsed.ok) return;
    const hex = Array.from(message, (b) => b.toString(16).padStart(2, "0")).join("");
    // The same message from the other demodulator arrives within a few samples.
    if (this.last && this.last.hex === hex && this.samples - this.last.atSample < this.sampleRateHz) return;
    this.last = { hex, atSample: this.samples };
    this.onReading({ event: describeMessage(parsed.value), message, atSample: this.samples });
  }
}
