/**
 * What the handset hears when an outgoing call fails, by the final status (or the
 * 408/503 the SIP layer reports for a timeout or a transport failure):
 * - busy: the person is busy or does not want the call (486 Busy Here, 600 Busy
 *   Everywhere, 603 Decline: RFC 3261 §21.4.24, §21.6.1, §21.6.2);
 * - sit: the number cannot exist, so the special information tone comes before reorder
 *   (ITU-T E.180 §7): 404 (ISUP cause 1 "unallocated number", RFC 3398 §8.2.6.1),
 *   484 (cause 28 "invalid number format") and 604 Does Not Exist Anywhere (§21.6.3);
 * - reorder: everything else (480, 408 and timeouts, 5xx, other 4xx and 6xx).
 */
export type FailureTone = "busy" | "sit" | "reorder";

const BUSY = new Set([486, 600, 603]);
const CANNOT_EXIST = new Set([404, 484, 604]);

export function failureTone(status: number): FailureTone {
  if (BUSY.has(status)) return "busy";
  if (CANNOT_EXIST.has(status)) return "sit";
  return "reorder";
}
