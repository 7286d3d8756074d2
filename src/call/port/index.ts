/** Public surface of a port's call controller (basic calls) and the boundaries it is wired through. */
export { PortController } from "./port-controller.js";
export { ALLOWED, checkMove, PortState, PortStateError } from "./states.js";
export { failureTone, type FailureTone } from "./failure-tones.js";
export { callerIdentity, type InviteIdentity } from "./caller-identity.js";
export { DEFAULT_TIMINGS } from "./port-deps.js";
export type {
  AlertLine, CallerIdRunner, CallPlacer, DialVerdict, DigitCollector, MediaFactory, OfferedCall, OfferedCallUser, PlacedCall,
  PlacedCallUser, PortControllerOptions, PortMedia, PortTimings, RingOutput, ToneOutput,
} from "./port-deps.js";
