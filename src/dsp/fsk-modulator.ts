/**
 * Binary FSK at 1200 baud for caller ID and message waiting, as 16-bit PCM:
 * - Bell 202 (Telcordia GR-30-CORE §2.5, Table 2-2): mark (1) 1200 Hz, space (0) 2200 Hz.
 * - ITU-T V.23 forward channel (ETSI EN 300 659-1): mark 1300 Hz, space 2100 Hz.
 * The phase is continuous across bit changes and across calls, and bit edges fall on the
 * exact 1200-baud grid (8000/1200 = 6⅔ samples per bit, rounded per edge, never drifting).
 * Levels are in dBm0 on the scale of measure.ts. Asynchronous framing (start bit, eight
 * data bits LSB first, stop bits) is in `bytes()`.
 */
import { sineAmplitudeForDbm0 } from "./measure.js";

export type FskStandard = "bell202" | "v23";

export interface FskSpec {
  readonly markHz: number;
  readonly spaceHz: number;
  readonly baud: number;
}

export const FSK_SPECS: Readonly<Record<FskStandard, FskSpec>> = {
  bell202: { markHz: 1200, spaceHz: 2200, baud: 1200 },
  v23: { markHz: 1300, spaceHz: 2100, baud: 1200 },
};

export interface FskModulatorOptions {
  standard: FskStandard;
  /** Signal level in dBm0 (the same whether mark or space is sent). */
  levelDbm0: number;
  sampleRateHz?: number;
}

export type Bit = 0 | 1;

export class FskModulator {
  readonly spec: FskSpec;
  private readonly sampleRateHz: number;
  private readonly amplitude: number;
  private phase = 0;
  private bitsSent = 0;
  private samplesSent = 0;

  constructor(options: FskModulatorOptions) {
    this.spec = FSK_SPECS[options.standard];
    this.sampleRateHz = options.sampleRateHz ?? 8000;
    if (!(this.spec.spaceHz < this.sampleRateHz / 2)) throw new RangeError(`${options.standard} needs more than ${this.sampleRateHz} samples/s`);
    this.amplitude = sineAmplitudeForDbm0(options.levelDbm0);
  }

  /** Audio for these bits, continuing the previous call's phase and bit clock. */
  bits(bits: ArrayLike<Bit>): Int16Array {
    const endSample = Math.round(((this.bitsSent + bits.length) * this.sampleRateHz) / this.spec.baud);
    const out = new Int16Array(endSample - this.samplesSent);
    let at = 0;
    for (let b = 0; b < bits.length; b++) {
      this.bitsSent++;
      const edge = Math.round((this.bitsSent * this.sampleRateHz) / this.spec.baud);
      const step = (2 * Math.PI * (bits[b] ? this.spec.markHz : this.spec.spaceHz)) / this.sampleRateHz;
      for (; this.samplesSent < edge; this.samplesSent++, at++) {
        out[at] = Math.max(-32768, Math.min(32767, Math.round(this.amplitude * Math.sin(this.phase))));
        this.phase = (this.phase + step) % (2 * Math.PI);
      }
    }
    return out;
  }

  /** Channel seizure: `count` bits alternating 0, 1, 0, 1 … (GR-30-CORE §2.4, EN 300 659-1). */
  seizure(count: number): Int16Array {
    return this.bits(Array.from({ length: count }, (_, i) => (i % 2) as Bit));
  }

  /** Mark signal: `count` continuous 1 bits (GR-30-CORE §2.4, EN 300 659-1). */
  mark(count: number): Int16Array {
    return this.bits(new Array<Bit>(count).fill(1));
  }

  /** Each byte as one start bit (0), eight data bits LSB first, then `stopBits` stop bits (1). */
  bytes(data: ArrayLike<number>, stopBits = 1): Int16Array {
    return this.bits(frameBytes(data, stopBits));
  }
}

/** The asynchronous bit sequence of `data` (GR-30-CORE §2.4: 1 start, 8 data LSB first, 1 stop). */
export function frameBytes(data: ArrayLike<number>, stopBits = 1): Bit[] {
  const out: Bit[] = [];
  for (let i = 0; i < data.length; i++) {
    const byte = data[i]!;
    if (!Number.isInteger(byte) || byte < 0 || byte > 255) throw new RangeError(`not a byte: ${byte}`);
    out.push(0);
    for (let k = 0; k < 8; k++) out.push(((byte >> k) & 1) as Bit);
    for (let k = 0; k < stopBits; k++) out.push(1);
  }
  return out;
}
