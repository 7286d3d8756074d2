/**
 * One caller ID data transmission as audio: channel seizure, mark signal, the message
 * bytes back to back (1 start, 8 data LSB first, 1 stop), then a few mark bits so the
 * last stop bit leaves the line before the carrier ends.
 * Presets (bits):
 * - Bell on-hook (GR-30-CORE §2.4): 300 seizure, 180 mark, Bell 202.
 * - Bell off-hook / call waiting (GR-30-CORE §2.2, Table 2-1): no seizure, 80 mark, Bell 202.
 * - ETSI on-hook (EN 300 659-1): 300 seizure, 80 mark (80 ± 25), V.23.
 * - ETSI off-hook (EN 300 659-2): no seizure, 80 mark, V.23.
 * - BT SIN 227: seizure 96–315 and mark 55–150: 300 and 80 here, V.23.
 * - NTT number display (Japan): no seizure, 72 mark bits (60 ms), V.23.
 * Default level −13.5 dBm0, the nominal sending level (GR-30-CORE §2.5, Table 2-2;
 * EN 300 659-1).
 */
import { FskModulator, frameBytes, type Bit, type FskStandard } from "../../dsp/index.js";

export interface FskBurstFormat {
  standard: FskStandard;
  seizureBits: number;
  markBits: number;
  /** Mark bits after the last byte (default 5). */
  trailingMarkBits?: number;
  /** Stop bits after each byte (default 1). */
  stopBits?: number;
}

export const FSK_FORMATS = {
  bellOnHook: { standard: "bell202", seizureBits: 300, markBits: 180 },
  bellOffHook: { standard: "bell202", seizureBits: 0, markBits: 80 },
  etsiOnHook: { standard: "v23", seizureBits: 300, markBits: 80 },
  etsiOffHook: { standard: "v23", seizureBits: 0, markBits: 80 },
  btSin227: { standard: "v23", seizureBits: 300, markBits: 80 },
  ntt: { standard: "v23", seizureBits: 0, markBits: 72 },
} as const satisfies Record<string, FskBurstFormat>;

export const DEFAULT_FSK_LEVEL_DBM0 = -13.5;

/** The whole burst for `message` (type, length, body, checksum), 8000 samples per second. */
export function fskBurst(message: Uint8Array, format: FskBurstFormat, levelDbm0 = DEFAULT_FSK_LEVEL_DBM0): Int16Array {
  const bits: Bit[] = [
    ...Array.from({ length: format.seizureBits }, (_, i) => (i % 2) as Bit),
    ...new Array<Bit>(format.markBits).fill(1),
    ...frameBytes(message, format.stopBits ?? 1),
    ...new Array<Bit>(format.trailingMarkBits ?? 5).fill(1),
  ];
  return new FskModulator({ standard: format.standard, levelDbm0 }).bits(bits);
}

/** Duration of the burst in milliseconds (1200 baud). */
export function fskBurstMs(messageBytes: number, format: FskBurstFormat): number {
  const bits = format.seizureBits + format.markBits + (9 + (format.stopBits ?? 1)) * messageBytes + (format.trailingMarkBits ?? 5);
  return (bits * 1000) / 1200;
}
