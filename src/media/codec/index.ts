/** Public surface of the audio codecs, their loss concealment, and comfort noise. */
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
