/**
 * A caller ID display in software: reads line audio frame by frame (any frame length,
 * 160 samples on a line) and reports what a display would show: a call's number, name,
 * time and reasons, or the message waiting indicator. It reads, side by side:
 * - Bell 202 and V.23 FSK (one demodulator each; the same message heard by both, as
 *   happens since the tones are close, is reported once). A message starts with the first
 *   character after more than MIN_IDLE_MARK_BITS of mark: a Bell/ETSI message (type,
 *   length, body, checksum: callerid-message.ts) or an NTT frame (callerid-ntt.ts), and
 *   counts only with a good checksum or CRC.
 * - DTMF caller ID (callerid-dtmf.ts), through the Q.24 DTMF detector.
 */
import { DtmfCallerIdCollector } from "./callerid-dtmf.js";
import { describeMessage, type CallerIdEvent } from "./callerid-info.js";
import { MESSAGE_TYPE, parseMessage } from "./callerid-message.js";
import { isCompleteNttFrame, NTT, parseNttFrame, withParity } from "./callerid-ntt.js";
import { DtmfDetector } from "./dtmf-detector.js";
import { FskDemodulator } from "./fsk-demodulator.js";
import type { FskStandard } from "./fsk-modulator.js";

/**
 * Mark bits before the first byte of a message. More than the 10 mark bits a sender may
 * put between the words of one message (GR-30-CORE §2.4), fewer than the shortest mark
 * signal (55 bits, BT SIN 227); channel seizure characters never show this many.
 */
export const MIN_IDLE_MARK_BITS = 11;

const MESSAGE_TYPES: ReadonlySet<number> = new Set(Object.values(MESSAGE_TYPE));
const NTT_START = withParity(NTT.dle);
const NTT_MAX_BYTES = 128;

export interface CallerIdReaderOptions {
  standards?: readonly FskStandard[];
  /** Read DTMF caller ID too (default true). */
  dtmf?: boolean;
  /** Carrier detect threshold of the demodulators (default −43 dBm0). */
  carrierOnDbm0?: number;
}

export interface CallerIdReading {
  readonly event: CallerIdEvent;
  readonly format: "fsk" | "ntt" | "dtmf";
  /** The message as received: all its bytes (FSK), or the keys as ASCII (DTMF). */
  readonly message: Uint8Array;
  /** Index (from the reader's first sample) of the first sample of the frame that completed it. */
  readonly atSample: number;
}

interface Channel {
  /** The message being assembled, from its first byte on. */
  bytes: number[] | undefined;
  format: "fsk" | "ntt";
}

export class CallerIdReader {
  private readonly demodulators: FskDemodulator[];
  private readonly dtmf: { detector: DtmfDetector; collector: DtmfCallerIdCollector } | undefined;
  private samples = 0;
  private last: { hex: string; atSample: number } | undefined;

  constructor(private readonly onReading: (reading: CallerIdReading) => void, options: CallerIdReaderOptions = {}) {
    const carrier = options.carrierOnDbm0 === undefined ? {} : { carrierOnDbm0: options.carrierOnDbm0 };
    this.demodulators = (options.standards ?? ["bell202", "v23"]).map((standard) => {
      const channel: Channel = { bytes: undefined, format: "fsk" };
      return new FskDemodulator(
        { standard, ...carrier },
        {
          onByte: (byte, idleMarkBits) => this.onByte(channel, byte, idleMarkBits),
          onBreak: () => {
            channel.bytes = undefined;
          },
        },
      );
    });
    this.dtmf = options.dtmf === false ? undefined : { detector: new DtmfDetector(), collector: new DtmfCallerIdCollector() };
  }

  /** 8000 samples per second. */
  process(frame: ArrayLike<number>): void {
    for (const demodulator of this.demodulators) demodulator.process(frame);
    if (this.dtmf) {
      for (const event of this.dtmf.detector.process(frame)) {
        if (event.type !== "begin") continue;
        const info = this.dtmf.collector.add(event.key, event.startSample);
        if (info) this.report({ kind: "call", info }, "dtmf", Uint8Array.from(this.dtmf.collector.lastKeys, (c) => c.charCodeAt(0)));
      }
    }
    this.samples += frame.length;
  }

  private onByte(channel: Channel, byte: number, idleMarkBits: number): void {
    if (idleMarkBits >= MIN_IDLE_MARK_BITS) {
      channel.bytes = MESSAGE_TYPES.has(byte) || byte === NTT_START ? [] : undefined;
      channel.format = byte === NTT_START ? "ntt" : "fsk";
    }
    if (!channel.bytes) return;
    const bytes = channel.bytes;
    bytes.push(byte);
    if (channel.format === "ntt") {
      if (bytes.length > NTT_MAX_BYTES) channel.bytes = undefined;
      if (!channel.bytes || !isCompleteNttFrame(bytes)) return;
      const parsed = parseNttFrame(bytes);
      if (!parsed.ok) return;
      channel.bytes = undefined;
      this.report({ kind: "call", info: parsed.value }, "ntt", Uint8Array.from(bytes));
      return;
    }
    if (bytes.length < 2 || bytes.length < bytes[1]! + 3) return;
    channel.bytes = undefined;
    const parsed = parseMessage(Uint8Array.from(bytes));
    if (parsed.ok) this.report(describeMessage(parsed.value), "fsk", Uint8Array.from(bytes));
  }

  private report(event: CallerIdEvent, format: CallerIdReading["format"], message: Uint8Array): void {
    const hex = Array.from(message, (b) => b.toString(16).padStart(2, "0")).join("");
    // The same message from the other demodulator arrives within a few samples.
    if (this.last && this.last.hex === hex && this.samples - this.last.atSample < 8000) return;
    this.last = { hex, atSample: this.samples };
    this.onReading({ event, format, message, atSample: this.samples });
  }
}
