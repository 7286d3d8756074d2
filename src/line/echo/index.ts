/** Public surface of the line echo canceller (one per analog port, on the capture before it is sent). */
export { LineEchoCanceller } from "./line-echo-canceller.js";
export type { LineEchoCancellerOptions } from "./line-echo-canceller.js";
