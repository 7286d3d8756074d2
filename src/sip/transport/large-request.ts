/**
 * RFC 3261 §18.1.1: a request within 200 bytes of the path MTU (taken as 1500,
 * Ethernet) or larger than 1300 bytes when the MTU is unknown must use a
 * congestion-controlled transport: it goes over TCP to the same address and
 * port, with the top Via saying TCP and our TCP sent-by. Responses are exempt.
 */
import type { SipMessage, SipRequest } from "../message/index.js";
import type { Endpoint } from "./types.js";
import { editTopVia } from "./via-routing.js";

const PATH_MTU = 1500;
/** Largest request we send over UDP: min(1300, MTU - 200). */
export const UDP_REQUEST_LIMIT = Math.min(1300, PATH_MTU - 200);

export function mustAvoidUdp(message: SipMessage, serializedBytes: number): message is SipRequest {
  return message.type === "request" && serializedBytes > UDP_REQUEST_LIMIT;
}

/**
 * A copy of `request` whose top Via names TCP and our TCP endpoint; the caller's
 * message is untouched (it may be retransmitted over UDP if TCP fails).
 * Undefined when the top Via cannot be read.
 */
export function viaOverTcp(request: SipRequest, tcp: Endpoint): SipRequest | undefined {
  const copy: SipRequest = { ...request, headers: request.headers.clone() };
  const edited = editTopVia(copy, (via) => {
    via.transport = "TCP";
    via.host = tcp.address;
    via.port = tcp.port;
  });
  return edited ? copy : undefined;
}
