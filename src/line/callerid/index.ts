/** Public surface of caller ID and message waiting signalling toward the phone. */
export { callerIdSignalling, CALLER_ID_METHODS, defaultMethod, messageWaitingSignalling } from "./caller-id-signalling.js";
export type { CallerIdMethod } from "./caller-id-signalling.js";
export { ACK_TO_DATA_MS, ACK_WINDOW_MS, CallWaitingCallerId, CAS_MS } from "./call-waiting.js";
export type { CallWaitingOptions, CallWaitingOutcome, CallWaitingState } from "./call-waiting.js";
export { ALERT_TONE_HZ, DTMF_CALLER_ID_TIMING, dtmfDigits, dtmfFrequencies, dualToneAlert } from "./alert-signals.js";
export type { DtmfTiming } from "./alert-signals.js";
export { DTMF_CALLER_ID_VARIANTS, dtmfCallerIdDigits } from "./dtmf-callerid.js";
export type { DtmfCallerIdVariant } from "./dtmf-callerid.js";
export { DEFAULT_FSK_LEVEL_DBM0, FSK_FORMATS, fskBurst, fskBurstMs } from "./fsk-burst.js";
export type { FskBurstFormat } from "./fsk-burst.js";
export { mdmfCallSetup, mdmfMessageWaiting, sdmfCallerId, sdmfMessageWaiting } from "./messages.js";
export type { MessageProfile } from "./messages.js";
export { afterFirstRing, btSin227, dataOnly, dtmfBeforeRing, etsiBeforeRing } from "./schedule.js";
export type { BeforeRingOptions, CallerIdAction, CallerIdSchedule, EtsiAlert, FirstRing, FskOptions, TimedAction } from "./schedule.js";
export { lineOutput, ScheduleRunner } from "./schedule-runner.js";
export type { CallerIdOutput, RunOutcome } from "./schedule-runner.js";
