/**
 * On-hook caller ID signalling as a timetable: what to do to the line and when, in ms from
 * the start of alerting. The port controller runs it (schedule-runner.ts) and takes over
 * ordinary ringing at `ringingFromMs`. Times chosen inside the spec windows:
 * - Bell, after the first ring (GR-30-CORE §2.2, Figure 2-1): data starts ≥ 500 ms after
 *   the first ring ends (550 here) and must end ≥ 200 ms before the second ring.
 * - ETSI before the first ring (EN 300 659-1):
 *   DT-AS: optional line reversal, DT-AS 100 ms starting ≥ 100 ms after it (150 here),
 *   data 45–500 ms after DT-AS ends (100 here), first ring ≥ 200 ms after data (250 here).
 *   RP-AS: a ring burst of 200–300 ms (250 here), data 500–800 ms after it (650 here).
 * - ETSI after the first ring (EN 300 659-1): as Bell, with V.23.
 * - DTMF before the first ring (EN 300 659-1, DTMF-based transmission): optional line
 *   reversal, digits from 250 ms, first ring 250 ms after the last digit.
 * - BT SIN 227: line reversal, idle state tone alert 88–110 ms (100) starting ≥ 100 ms
 *   after it (150 here), data 45–75 ms after the alert (60 here), ringing ≥ 200 ms after
 *   data (250 here).
 * - Data without ringing (message waiting): the same openings with `ring: false`, or the
 *   FSK alone (`dataOnly`, how US exchanges send MDMF VMWI to displays that always listen).
 * A reversed line is set forward again when ringing starts (or when a schedule without
 * ringing ends).
 */
import type { Polarity } from "../../../hal/line.js";
import { err, ok, type Result } from "../../util/result.js";
import { dtmfDigits, dualToneAlert } from "./alert-signals.js";
import { FSK_FORMATS, fskBurst, type FskBurstFormat } from "./fsk-burst.js";

export type CallerIdAction =
  | { readonly kind: "ring"; readonly on: boolean }
  | { readonly kind: "polarity"; readonly polarity: Polarity }
  | { readonly kind: "audio"; readonly what: "alert" | "fsk" | "dtmf"; readonly samples: Int16Array };

export interface TimedAction {
  readonly atMs: number;
  readonly action: CallerIdAction;
}

export interface CallerIdSchedule {
  readonly actions: readonly TimedAction[];
  /** When ordinary ringing (the region's cadence) takes over; undefined for data without ringing. */
  readonly ringingFromMs: number | undefined;
  /** When the last action's effect is over (the end of the last audio). */
  readonly endMs: number;
}

/** The first ring of the region's cadence: on for `onMs`, then silent for `offMs`. */
export interface FirstRing {
  onMs: number;
  offMs: number;
}

export interface FskOptions {
  /** The message: type, length, body, checksum (messages.ts). */
  message: Uint8Array;
  format?: FskBurstFormat;
  levelDbm0?: number;
}

const audioMs = (samples: Int16Array): number => samples.length / 8;

function burst(options: FskOptions, fallback: FskBurstFormat): Int16Array {
  return fskBurst(options.message, options.format ?? fallback, options.levelDbm0);
}

/** Builds the schedule from actions in time order, ending ringing at `ringingFromMs`. */
function schedule(actions: TimedAction[], ringingFromMs: number | undefined): CallerIdSchedule {
  const endMs = Math.max(0, ...actions.map((a) => a.atMs + (a.action.kind === "audio" ? audioMs(a.action.samples) : 0)));
  return { actions, ringingFromMs, endMs };
}

/** Bell 202 (or V.23 with an ETSI format) in the silence after the first ring. */
export function afterFirstRing(options: FskOptions, firstRing: FirstRing): Result<CallerIdSchedule> {
  const samples = burst(options, FSK_FORMATS.bellOnHook);
  const startMs = firstRing.onMs + 550;
  const nextRingMs = firstRing.onMs + firstRing.offMs;
  if (startMs + audioMs(samples) + 200 > nextRingMs) {
    return err(`caller ID of ${audioMs(samples).toFixed(0)} ms does not fit a ${firstRing.offMs} ms silence after the first ring`);
  }
  return ok(
    schedule(
      [
        { atMs: 0, action: { kind: "ring", on: true } },
        { atMs: firstRing.onMs, action: { kind: "ring", on: false } },
        { atMs: startMs, action: { kind: "audio", what: "fsk", samples } },
      ],
      nextRingMs,
    ),
  );
}

export type EtsiAlert = "dt-as" | "rp-as";

export interface BeforeRingOptions extends FskOptions {
  alert: EtsiAlert;
  lineReversal: boolean;
  /** False for data without ringing (message waiting). Default true. */
  ring?: boolean;
  alertLevelDbm0?: number;
}

/** ETSI EN 300 659-1 data before the first ring (or without ringing). */
export function etsiBeforeRing(options: BeforeRingOptions): CallerIdSchedule {
  const actions: TimedAction[] = [];
  if (options.lineReversal) actions.push({ atMs: 0, action: { kind: "polarity", polarity: "reverse" } });
  const alertAt = options.lineReversal ? 150 : 0;
  let dataAt: number;
  if (options.alert === "dt-as") {
    const alert = dualToneAlert(100, options.alertLevelDbm0);
    actions.push({ atMs: alertAt, action: { kind: "audio", what: "alert", samples: alert } });
    dataAt = alertAt + audioMs(alert) + 100;
  } else {
    actions.push({ atMs: alertAt, action: { kind: "ring", on: true } }, { atMs: alertAt + 250, action: { kind: "ring", on: false } });
    dataAt = alertAt + 250 + 650;
  }
  const samples = burst(options, FSK_FORMATS.etsiOnHook);
  actions.push({ atMs: dataAt, action: { kind: "audio", what: "fsk", samples } });
  return finish(actions, dataAt + audioMs(samples), options);
}

/** BT SIN 227: line reversal, idle state tone alert, V.23 data, then ringing. */
export function btSin227(options: FskOptions & { ring?: boolean; alertLevelDbm0?: number }): CallerIdSchedule {
  const alert = dualToneAlert(100, options.alertLevelDbm0);
  const samples = burst(options, FSK_FORMATS.btSin227);
  const dataAt = 150 + audioMs(alert) + 60;
  const actions: TimedAction[] = [
    { atMs: 0, action: { kind: "polarity", polarity: "reverse" } },
    { atMs: 150, action: { kind: "audio", what: "alert", samples: alert } },
    { atMs: dataAt, action: { kind: "audio", what: "fsk", samples } },
  ];
  return finish(actions, dataAt + audioMs(samples), { lineReversal: true, ring: options.ring });
}

/** DTMF caller ID before the first ring; `digits` from dtmf-callerid.ts. */
export function dtmfBeforeRing(digits: string, options: { lineReversal: boolean; ring?: boolean }): CallerIdSchedule {
  const samples = dtmfDigits(digits);
  const actions: TimedAction[] = [];
  if (options.lineReversal) actions.push({ atMs: 0, action: { kind: "polarity", polarity: "reverse" } });
  actions.push({ atMs: 250, action: { kind: "audio", what: "dtmf", samples } });
  return finish(actions, 250 + audioMs(samples), options);
}

/** The FSK alone at once, optionally inside a line reversal; no ringing. */
export function dataOnly(options: FskOptions & { lineReversal: boolean }): CallerIdSchedule {
  const samples = burst(options, FSK_FORMATS.bellOnHook);
  const actions: TimedAction[] = [];
  const dataAt = options.lineReversal ? 150 : 0;
  if (options.lineReversal) actions.push({ atMs: 0, action: { kind: "polarity", polarity: "reverse" } });
  actions.push({ atMs: dataAt, action: { kind: "audio", what: "fsk", samples } });
  return finish(actions, dataAt + audioMs(samples), { lineReversal: options.lineReversal, ring: false });
}

/** Ringing (or the end) after the data, and the line set forward again if it was reversed. */
function finish(actions: TimedAction[], dataEndMs: number, options: { lineReversal: boolean; ring?: boolean | undefined }): CallerIdSchedule {
  const at = dataEndMs + (options.ring === false ? 0 : 250);
  if (options.lineReversal) actions.push({ atMs: at, action: { kind: "polarity", polarity: "forward" } });
  return schedule(actions, options.ring === false ? undefined : at);
}
