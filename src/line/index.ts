/**
 * Public surface of the line layer: the telephone meaning of one analog port's raw
 * signals (hal/line.ts). The call controller wires the parts per port:
 *
 *   const loop = new LoopMonitor(line, clock, {
 *     onOffHook, onOnHook, onFlash, onPulseDigit,
 *     onPulsing: (active) => active ? dtmf.mute("pulsing") : dtmf.unmute("pulsing"),
 *   }, { digitMap: pulseDigitMapFor(region) });
 *   const dtmf = new DtmfReceiver({ onDigitBegin, onDigit });
 *   line.audio.onCapture((frame, atMs) => dtmf.frame(frame, atMs));
 *   const ring = new RingPlayer(line, clock, { regionCadence: plan.ring, log,
 *     onAlerting: (active) => loop.ringing(active), onTrip });
 *   const tones = new TonePlayer(plan);           // tones.start("dial"); each capture tick:
 *   line.audio.play(tones.next(line.audio.frameSamples));
 *   dtmf.playingTone(frequencies of the dial tone) while the user may dial over it.
 *
 * test/unit/line/port-wiring.test.ts runs exactly this wiring.
 */
export { DtmfReceiver } from "./dtmf/dtmf-receiver.js";
export type { DtmfDigit, DtmfReceiverUser } from "./dtmf/dtmf-receiver.js";
export { HookFilter } from "./hook/hook-filter.js";
export type { HookFilterOptions, HookFilterState, HookFilterUser } from "./hook/hook-filter.js";
export { LoopMonitor } from "./hook/loop-monitor.js";
export type { LoopMonitorOptions, LoopMonitorUser } from "./hook/loop-monitor.js";
export { PULSE_DIGIT_MAPS, pulseDigitMapFor, pulsesToDigit } from "./pulse/digit-maps.js";
export type { PulseDigitMapName } from "./pulse/digit-maps.js";
export type { PulseDigit } from "./pulse/pulse-decoder.js";
export { DISTINCTIVE_RINGS, ringNameFromAlertInfo } from "./ring/ring-cadences.js";
export type { RingPattern } from "./ring/ring-cadences.js";
export { RingPlayer } from "./ring/ring-player.js";
export type { RingPlayerOptions } from "./ring/ring-player.js";
export { TONE_NAMES } from "./tones/tone-plan.js";
export type { RingCadence, ToneName, TonePattern, TonePlan, ToneSegment } from "./tones/tone-plan.js";
export { TONE_PLANS, tonePlanFor } from "./tones/tone-plans.js";
export { TonePlayer } from "./tones/tone-player.js";
export { LineEchoCanceller } from "./echo/index.js";
export type { LineEchoCancellerOptions } from "./echo/index.js";
