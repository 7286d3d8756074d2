/**
 * The figures bench/echo.bench.ts prints for one canceller on one simulated call (far
 * speech throughout, double talk in [DT_FROM_S, DT_TO_S)): from its linear output (NLP
 * off) and from what it would send (NLP on), with the call's echo, near speech and noise
 * known apart (test/support/echo/echo-call.ts).
 */
import { echoLossDb, echoOverNoiseDb, erleDb, nearSpeechSnrDb, type EchoCall } from "../../test/support/echo/echo-call.js";

export const DT_FROM_S = 3;
export const DT_TO_S = 5.5;
export const CALL_S = 7.5;
const STEP_S = 0.05;
const WINDOW_S = 0.2;

export interface EchoFigures {
  /** Filter ERLE over [1 s, 2 s). */
  erleAfter1s: number;
  /** First window start from which the filter's ERLE reaches 20 dB, s (NaN if never before double talk). */
  convergeTo20dB: number;
  /** Echo loss of what is sent over [1 s, 3 s). */
  sentLossAfter1s: number;
  /** Filter ERLE during double talk. */
  erleDuringDt: number;
  /** Near speech over everything else in what is sent, during double talk. */
  nearSnrDuringDt: number;
  /** Filter ERLE from double talk's end to the end of the call. */
  erleAfterDt: number;
  /** Time after double talk until every later 200 ms window sent is suppressed, s. */
  recoveryAfterDt: number;
}

/** 30 dB, or within 3 dB of the line noise where the echo is not 33 dB above it. */
function suppressed(call: EchoCall, sent: Int16Array, fromS: number, toS: number): boolean {
  const echoOverNoise = echoOverNoiseDb(call, fromS, toS);
  return echoOverNoise < 10 || echoLossDb(call, sent, fromS, toS) >= Math.min(30, echoOverNoise - 3);
}

function starts(fromS: number, toS: number): number[] {
  const out: number[] = [];
  for (let t = fromS; t + WINDOW_S <= toS + 1e-9; t += STEP_S) out.push(t);
  return out;
}

export function echoFigures(call: EchoCall, linear: Int16Array, sent: Int16Array): EchoFigures {
  const converged = starts(0, DT_FROM_S).find((t) => echoOverNoiseDb(call, t, t + WINDOW_S) > 20 && erleDb(call, linear, t, t + WINDOW_S) >= 20);
  const recovered = starts(DT_TO_S, CALL_S).find((t) => starts(t, CALL_S).every((u) => suppressed(call, sent, u, u + WINDOW_S)));
  return {
    erleAfter1s: erleDb(call, linear, 1, 2),
    convergeTo20dB: converged ?? Number.NaN,
    sentLossAfter1s: echoLossDb(call, sent, 1, DT_FROM_S),
    erleDuringDt: erleDb(call, linear, DT_FROM_S, DT_TO_S),
    nearSnrDuringDt: nearSpeechSnrDb(call, sent, DT_FROM_S, DT_TO_S),
    erleAfterDt: erleDb(call, linear, DT_TO_S, CALL_S),
    recoveryAfterDt: recovered === undefined ? Number.NaN : recovered - DT_TO_S,
  };
}
