/**
 * DTMF caller ID digit strings (sent before the first ring):
 * - "etsi" (ETSI EN 300 659-1, DTMF-based transmission): 'A' + number + 'C'; without a number 'D' + a
 *   two-digit code + 'C': "00" unavailable, "10" private.
 * - "sweden-finland" (Telia/Televerket CLIP specification, 1992): 'A' + number + 'C';
 *   without a number 'B' + the information code + 'C' ("00" unavailable, "10" private).
 * - "denmark" (Tele Danmark; also the Netherlands): 'A' + number + '#'; without a number
 *   "D1#" private (restricted by the caller), "D3#" unavailable (technical reasons).
 */
import type { CallerIdInfo } from "../../dsp/index.js";

export type DtmfCallerIdVariant = "etsi" | "sweden-finland" | "denmark";

export const DTMF_CALLER_ID_VARIANTS: readonly DtmfCallerIdVariant[] = ["etsi", "sweden-finland", "denmark"];

export function dtmfCallerIdDigits(info: CallerIdInfo, variant: DtmfCallerIdVariant): string {
  const number = info.number?.replace(/\D/g, "");
  const privateNumber = info.numberAbsent === "private";
  if (variant === "denmark") {
    if (number) return `A${number}#`;
    return privateNumber ? "D1#" : "D3#";
  }
  if (number) return `A${number}C`;
  const code = privateNumber ? "10" : "00";
  return variant === "etsi" ? `D${code}C` : `B${code}C`;
}
