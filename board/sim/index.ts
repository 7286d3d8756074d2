/** Public surface of the simulated board. */
export { sim2Board, simBoard } from "./sim-board.js";
export { openSimPort, type SimPort, type SimPortOptions } from "./sim-port.js";
export { SimHandset, DEFAULT_FLASH_MS, type DialMethod, type HandsetError, type SimHandsetOptions, type SimHandsetState } from "./sim-handset.js";
export type { CallerIdDisplay, CallerIdEntry, LineConditions } from "./caller-id-display.js";
export { ReaderDisplay } from "./reader-display.js";
export { DEFAULT_DTMF_TIMING, type DtmfTiming } from "./dtmf-keypad.js";
export { DEFAULT_PULSE_TIMING, pulseTrain, type PulseTiming } from "./pulse-dialer.js";
export { ALERTING_QUIET_MS } from "./ringing-tracker.js";
