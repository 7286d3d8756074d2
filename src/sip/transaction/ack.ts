/**
 * The ACK an INVITE client transaction sends for a non-2xx final response
 * (RFC 3261 §17.1.1.3). The ACK for a 2xx is the UA core's, not built here.
 */
import { err, ok, type Result } from "../../util/result.js";
import { Headers, parseCSeq, type SipRequest, type SipResponse } from "../message/index.js";

/**
 * Same Request-URI, Call-ID and From as the INVITE; To from the response (with its
 * tag); only the INVITE's top Via; CSeq number of the INVITE with method ACK; the
 * INVITE's Route header fields.
 */
export function buildAckForFailure(invite: SipRequest, response: SipResponse): Result<SipRequest> {
  const topVia = invite.headers.list("Via")[0];
  const cseq = parseCSeq(invite.headers.get("CSeq") ?? "");
  const from = invite.headers.get("From");
  const callId = invite.headers.get("Call-ID");
  const to = response.headers.get("To");
  if (topVia === undefined || !cseq.ok || from === undefined || callId === undefined || to === undefined) {
    return err("INVITE or response lacks Via, CSeq, From, Call-ID or To");
  }
  const headers = new Headers([["Via", topVia]]);
  for (const route of invite.headers.getAll("Route")) headers.append("Route", route);
  headers.append("Max-Forwards", "70");
  headers.append("From", from);
  headers.append("To", to);
  headers.append("Call-ID", callId);
  headers.append("CSeq", `${cseq.value.seq} ACK`);
  return ok({ type: "request", method: "ACK", uri: invite.uri, version: invite.version, headers, body: Buffer.alloc(0) });
}
