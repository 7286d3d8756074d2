/** Public surface of a port's call controller and the boundaries it is wired through. */
export { PortController } from "./port-controller.js";
export { ALLOWED, checkMove, PortState, PortStateError } from "./states.js";
export { failureTone, type FailureTone } from "./failure-tones.js";
export { callerIdentity, type InviteIdentity } from "./caller-identity.js";
export { HotLine } from "./hot-line.js";
export { incomingDecision, type IncomingDecision } from "./incoming-policy.js";
export { DEFAULT_TIMINGS, memoryFeatures } from "./port-deps.js";
export type {
  AlertLine, CallerIdRunner, CallPlacer, CallSignalling, DialVerdict, DigitCollector, FeatureStore, MediaFactory, OfferedCall,
  OfferedCallUser, PlaceOptions, PlacedCall, PlacedCallUser, PortControllerOptions, PortFeatures, PortMedia, PortTimings, RingOutput,
  ToneOutput, TransferRequest, TransferUser,
} from "./port-deps.js";
