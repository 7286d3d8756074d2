/**
 * One entry point for the port controller: the caller ID (or message waiting) schedule for
 * a line's method, from what the display should show. Methods:
 * - "bell": Bell 202 MDMF between the first and second ring (GR-30-CORE).
 * - "bell-sdmf": the same with SDMF (number and time only), for old displays.
 * - "etsi-dt-as", "etsi-rp-as": V.23 before the first ring after a dual-tone or ring-pulse
 *   alert, with a line reversal (EN 300 659-1).
 * - "etsi-after-ring": V.23 between the first and second ring (EN 300 659-1).
 * - "bt": BT SIN 227.
 * - "dtmf-etsi", "dtmf-sweden-finland", "dtmf-denmark": DTMF before the first ring.
 * `defaultMethod` maps the configuration's coarse choice (bell202, v23, dtmf) and the
 * line's region to one of these.
 */
import { err, ok, type Result } from "../../util/result.js";
import type { CallerIdInfo } from "../../dsp/index.js";
import { dtmfCallerIdDigits, type DtmfCallerIdVariant } from "./dtmf-callerid.js";
import { FSK_FORMATS } from "./fsk-burst.js";
import { mdmfCallSetup, mdmfMessageWaiting, sdmfCallerId } from "./messages.js";
import { afterFirstRing, btSin227, dataOnly, dtmfBeforeRing, etsiBeforeRing, type CallerIdSchedule, type FirstRing } from "./schedule.js";

export const CALLER_ID_METHODS = [
  "bell",
  "bell-sdmf",
  "etsi-dt-as",
  "etsi-rp-as",
  "etsi-after-ring",
  "bt",
  "dtmf-etsi",
  "dtmf-sweden-finland",
  "dtmf-denmark",
] as const;
export type CallerIdMethod = (typeof CALLER_ID_METHODS)[number];

/** The method for the configuration's `callerId` ("bell202" | "v23" | "dtmf") in `region`. */
export function defaultMethod(mode: "bell202" | "v23" | "dtmf", region: string): CallerIdMethod {
  if (mode === "bell202") return "bell";
  if (mode === "v23") return region === "UK" || region === "GB" ? "bt" : "etsi-dt-as";
  if (region === "DK" || region === "NL") return "dtmf-denmark";
  return region === "SE" || region === "FI" ? "dtmf-sweden-finland" : "dtmf-etsi";
}

/**
 * The schedule that alerts the phone and shows `info`. `firstRing` is the region's first
 * ring burst and the silence after it; methods that send in that silence fail (a value,
 * not an exception) when the message does not fit.
 */
export function callerIdSignalling(method: CallerIdMethod, info: CallerIdInfo, firstRing: FirstRing): Result<CallerIdSchedule> {
  switch (method) {
    case "bell":
      return afterFirstRing({ message: mdmfCallSetup(info, "bell") }, firstRing);
    case "bell-sdmf":
      if (!info.time) return err("SDMF caller ID needs the time of the call");
      return afterFirstRing({ message: sdmfCallerId({ ...info, time: info.time }) }, firstRing);
    case "etsi-dt-as":
    case "etsi-rp-as":
      return ok(etsiBeforeRing({ message: mdmfCallSetup(info, "etsi"), alert: method === "etsi-dt-as" ? "dt-as" : "rp-as", lineReversal: true }));
    case "etsi-after-ring":
      return afterFirstRing({ message: mdmfCallSetup(info, "etsi"), format: FSK_FORMATS.etsiOnHook }, firstRing);
    case "bt":
      return ok(btSin227({ message: mdmfCallSetup(info, "etsi") }));
    default:
      return ok(dtmfBeforeRing(dtmfCallerIdDigits(info, method.slice("dtmf-".length) as DtmfCallerIdVariant), { lineReversal: false }));
  }
}

/**
 * Visual message waiting on an idle line, without ringing: MDMF 0x82 with the indicator.
 * Bell sends the FSK alone; ETSI and BT open with their alert. DTMF methods have no
 * message waiting indication: the value says so.
 */
export function messageWaitingSignalling(method: CallerIdMethod, on: boolean): Result<CallerIdSchedule> {
  const message = mdmfMessageWaiting(on);
  if (method === "bell" || method === "bell-sdmf") return ok(dataOnly({ message, lineReversal: false }));
  if (method === "bt") return ok(btSin227({ message, ring: false }));
  if (method === "etsi-dt-as" || method === "etsi-rp-as" || method === "etsi-after-ring") {
    return ok(etsiBeforeRing({ message, alert: method === "etsi-rp-as" ? "rp-as" : "dt-as", lineReversal: true, ring: false }));
  }
  return err(`${method} caller ID has no message waiting indication`);
}
