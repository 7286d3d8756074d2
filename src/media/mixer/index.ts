/** Public surface of mixing and gain: the N-party mix-minus mixer for three-way calls. */
export { ConferenceMixer, type ConferenceMixerOptions } from "./conference-mixer.js";
export { dbToGain, GainControl, MUTE_DB, saturate16 } from "./gain.js";
