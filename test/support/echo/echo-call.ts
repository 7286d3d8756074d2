/**
 * One simulated call through a hybrid, for measuring an echo canceller: the far party's
 * speech is played to the phone, the hybrid returns its echo, and the phone adds line
 * noise and, from a given moment, its user's own speech (double talk). Keeps the parts
 * apart so the residual echo in a canceller's output can be measured exactly:
 * residual = output − (near speech + noise), valid while the output is linear (no NLP).
 */
import { echoOf, impulseResponse, lineNoise, type EchoPath } from "./hybrid.js";

export const FRAME = 160;
export const RATE = 8000;

export interface EchoCall {
  /** What is played to the phone (the canceller's reference). */
  reference: Int16Array;
  /** What the phone sends: round(echo + nearSpeech + noise), clipped. */
  capture: Int16Array;
  echo: Float64Array;
  nearSpeech: Float64Array;
  noise: Float64Array;
}

export interface EchoCallOptions {
  path: EchoPath;
  far: Int16Array;
  /** Near-end speech and the second at which it starts. */
  near?: { speech: Int16Array; startS: number };
  noiseDbm0: number;
  seconds: number;
  /** An echo path change (G.168 Test 2C's kind): from `atS` on the echo goes through `path`. */
  change?: { path: EchoPath; atS: number };
}

export function echoCall(options: EchoCallOptions): EchoCall {
  const length = Math.round(options.seconds * RATE);
  const reference = new Int16Array(length);
  reference.set(options.far.subarray(0, length));
  const echo = echoOf(reference, impulseResponse(options.path));
  if (options.change) {
    const changed = echoOf(reference, impulseResponse(options.change.path));
    echo.set(changed.subarray(Math.round(options.change.atS * RATE)), Math.round(options.change.atS * RATE));
  }
  const nearSpeech = new Float64Array(length);
  if (options.near) {
    const start = Math.round(options.near.startS * RATE);
    nearSpeech.set(options.near.speech.subarray(0, Math.max(0, length - start)), start);
  }
  const noise = lineNoise(length, options.noiseDbm0, options.path.seed + 1000);
  const capture = Int16Array.from(echo, (e, i) => Math.max(-32768, Math.min(32767, Math.round(e + nearSpeech[i]! + noise[i]!))));
  return { reference, capture, echo, nearSpeech, noise };
}

/** Anything that cleans a capture frame given the reference frame played at the same time. */
export type FrameCanceller = (reference: Int16Array, capture: Int16Array) => Int16Array;

/** Runs `cancel` over the call in 20 ms frames; the output, same length as the capture. */
export function runCall(call: EchoCall, cancel: FrameCanceller): Int16Array {
  const out = new Int16Array(call.capture.length);
  for (let at = 0; at + FRAME <= out.length; at += FRAME) {
    out.set(cancel(call.reference.subarray(at, at + FRAME), call.capture.subarray(at, at + FRAME)), at);
  }
  return out;
}

function span(fromS: number, toS: number): [number, number] {
  return [Math.round(fromS * RATE), Math.round(toS * RATE)];
}

function energy(signal: (i: number) => number, fromS: number, toS: number): number {
  const [from, to] = span(fromS, toS);
  let sum = 0;
  for (let i = from; i < to; i++) sum += signal(i) ** 2;
  return sum;
}

function ratioDb(numerator: number, denominator: number): number {
  return 10 * Math.log10(numerator / denominator);
}

/** What the output holds beyond the near end's own speech and noise: residual echo (and distortion). */
function residualEnergy(call: EchoCall, out: Int16Array, fromS: number, toS: number): number {
  return energy((i) => out[i]! - call.nearSpeech[i]! - call.noise[i]!, fromS, toS);
}

/** Echo return loss enhancement over [fromS, toS) (G.168 §3.13): echo over residual echo. Linear output only. */
export function erleDb(call: EchoCall, out: Int16Array, fromS: number, toS: number): number {
  return ratioDb(energy((i) => call.echo[i]!, fromS, toS), residualEnergy(call, out, fromS, toS));
}

/** Near-end speech over everything else in the output, [fromS, toS): how intact it passes. */
export function nearSpeechSnrDb(call: EchoCall, out: Int16Array, fromS: number, toS: number): number {
  return ratioDb(energy((i) => call.nearSpeech[i]!, fromS, toS), residualEnergy(call, out, fromS, toS));
}

/** Echo over the whole output in [fromS, toS): how far below the echo what is sent lies (NLP on). */
export function echoLossDb(call: EchoCall, out: Int16Array, fromS: number, toS: number): number {
  return ratioDb(energy((i) => call.echo[i]!, fromS, toS), energy((i) => out[i]!, fromS, toS));
}

/** Echo over the line noise in [fromS, toS): the most any echo loss can show on this line. */
export function echoOverNoiseDb(call: EchoCall, fromS: number, toS: number): number {
  return ratioDb(energy((i) => call.echo[i]!, fromS, toS), energy((i) => call.noise[i]!, fromS, toS));
}

/** Output over the line noise in [fromS, toS): 0 dB when nothing but (comfort) noise is sent. */
export function overNoiseDb(call: EchoCall, out: Int16Array, fromS: number, toS: number): number {
  return ratioDb(energy((i) => out[i]!, fromS, toS), energy((i) => call.noise[i]!, fromS, toS));
}
