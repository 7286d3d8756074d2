/** Public surface of the audio codecs, their loss concealment, comfort noise and level measurement. */
export type { AudioCodec } from "./audio-codec.js";
export { G711Codec, PCMA, PCMU } from "./g711-codec.js";
export type { G711Name } from "./g711-codec.js";
export {
  alawToLinear,
  decodeAlaw,
  decodeUlaw,
  encodeAlaw,
  encodeUlaw,
  linearToAlaw,
  linearToUlaw,
  ulawToLinear,
} from "./g711.js";
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
export { G711Plc } from "./g711-plc.js";
export {
  COMFORT_NOISE_PAYLOAD_TYPE,
  dequantizeReflection,
  parseComfortNoise,
  quantizeReflection,
  serializeComfortNoise,
} from "./comfort-noise-payload.js";
export type { ComfortNoise } from "./comfort-noise-payload.js";
export { ComfortNoiseGenerator, describeComfortNoise, MAX_COMFORT_NOISE_ORDER } from "./comfort-noise.js";
export type { ComfortNoiseGeneratorOptions } from "./comfort-noise.js";
