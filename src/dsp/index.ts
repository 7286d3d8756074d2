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
