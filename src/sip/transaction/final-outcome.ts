/**
 * The final outcome of a request sent through a RequestSender, as one value:
 * the final response, or 408 for a timeout and 503 for a transport error
 * (RFC 3261 §8.1.3.1). Provisional responses are not outcomes.
 */
import type { SipResponse } from "../message/index.js";
import type { ClientTransactionUser } from "./types.js";

export interface FinalOutcome {
  status: number;
  reason: string;
  /** Undefined for a timeout or transport error. */
  response: SipResponse | undefined;
}

/** A transaction user that calls `onFinal` once with the request's final outcome. */
export function finalOutcomeUser(onFinal: (outcome: FinalOutcome) => void): ClientTransactionUser {
  return {
    onResponse: (response) => {
      if (response.status >= 200) onFinal({ status: response.status, reason: response.reason, response });
    },
    onTimeout: () => onFinal({ status: 408, reason: "Request Timeout", response: undefined }),
    onTransportError: (error) => onFinal({ status: 503, reason: error.message, response: undefined }),
  };
}
