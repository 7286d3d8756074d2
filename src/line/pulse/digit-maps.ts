/**
 * Which digit a train of dial pulses means, by country. Most of the world sends n pulses
 * for digit n and 10 for 0 (ITU-T Q.400-series decadic signalling). New Zealand's dials
 * are numbered backwards (digit = 10 − n, so 0 is 10 pulses… and 1 is 9); Swedish dials
 * send one pulse more than the digit (0 = 1 pulse, 9 = 10 pulses).
 */
export type PulseDigitMapName = "standard" | "newZealand" | "sweden";

/** Digit for 1…10 pulses (index 0 is one pulse). */
export const PULSE_DIGIT_MAPS: Readonly<Record<PulseDigitMapName, readonly string[]>> = {
  standard: ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"],
  newZealand: ["9", "8", "7", "6", "5", "4", "3", "2", "1", "0"],
  sweden: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
};

/** The digit map a region's dials use (ISO 3166 code, as in the line's `region`). */
export function pulseDigitMapFor(region: string): PulseDigitMapName {
  switch (region.toUpperCase()) {
    case "NZ":
      return "newZealand";
    case "SE":
      return "sweden";
    default:
      return "standard";
  }
}

/** The digit for `pulses`, or undefined when the map has none (0 or more than 10). */
export function pulsesToDigit(map: PulseDigitMapName, pulses: number): string | undefined {
  return PULSE_DIGIT_MAPS[map][pulses - 1];
}
