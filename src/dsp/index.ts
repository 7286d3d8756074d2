/** Public surface of the pure signal code shared by media, line and the simulated handset. */
export {
  DBM0_MINUS_DBOV,
  dbm0ToDbov,
  dbovToDbm0,
  dominantFrequency,
  FULL_SCALE,
  goertzelPower,
  rms,
  rmsDbm0,
  rmsDbov,
  sineAmplitudeForDbm0,
  toneDbov,
} from "./measure.js";
export type { FrequencySearch } from "./measure.js";
export { ToneGenerator } from "./tone-generator.js";
export type { ToneComponent } from "./tone-generator.js";
export { FSK_SPECS, FskModulator, frameBytes } from "./fsk-modulator.js";
export type { Bit, FskModulatorOptions, FskSpec, FskStandard } from "./fsk-modulator.js";
export { ascii, checksum, encodeMdmf, encodeMessage, isMdmf, MESSAGE_TYPE, PARAMETER, parseMessage, text } from "./callerid-message.js";
export type { CallerIdMessage, CallerIdParameter } from "./callerid-message.js";
export { ABSENCE_CODE, callerIdTime, describeMessage, formatTime, parseTime } from "./callerid-info.js";
export type { AbsenceReason, CallerIdEvent, CallerIdInfo, CallerIdTime } from "./callerid-info.js";
export { FskDemodulator } from "./fsk-demodulator.js";
export type { FskDemodulatorOptions, FskDemodulatorUser } from "./fsk-demodulator.js";
export { CallerIdReader, MIN_IDLE_MARK_BITS } from "./callerid-reader.js";
export type { CallerIdReaderOptions, CallerIdReading } from "./callerid-reader.js";
export { DEFAULT_DTMF_LIMITS } from "./dtmf-analysis.js";
export type { DtmfLimits } from "./dtmf-analysis.js";
export { DtmfDetector } from "./dtmf-detector.js";
export type { DtmfDetectorOptions, DtmfEvent } from "./dtmf-detector.js";
export { DTMF_HIGH_HZ, DTMF_LOW_HZ, dtmfComponents, dtmfKey, dtmfPosition } from "./dtmf-keys.js";
export type { DtmfToneOptions } from "./dtmf-keys.js";
export { DtmfToneNotch } from "./dtmf-tone-notch.js";
export { GoertzelBank, phaseOffsetHz } from "./goertzel-bank.js";
export type { GoertzelValue } from "./goertzel-bank.js";
export { crc16, isCompleteNttFrame, NTT, parseNttFrame, withParity } from "./callerid-ntt.js";
export { DtmfCallerIdCollector, parseDtmfCallerId } from "./callerid-dtmf.js";
