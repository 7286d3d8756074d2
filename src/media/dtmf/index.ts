/** Public surface of DTMF sending helpers: in-band tones, SIP INFO bodies, the per-account method. */
export { DTMF_METHODS, isDtmfMethod, type DtmfMethod } from "./dtmf-method.js";
export {
  buildDtmfRelay,
  DTMF_RELAY_CONTENT_TYPE,
  DTMF_RELAY_DEFAULT_DURATION_MS,
  parseDtmfRelay,
  type DtmfRelay,
} from "./dtmf-relay.js";
export {
  DTMF_GAP_MS,
  DTMF_HIGH_LEVEL_DBM0,
  DTMF_LOW_LEVEL_DBM0,
  DTMF_TONE_MS,
  dtmfFrequencies,
  InbandDtmfGenerator,
  type InbandDtmfOptions,
} from "./inband-dtmf-generator.js";
