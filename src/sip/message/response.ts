/** Building a response to a request (RFC 3261 §8.2.6). */
import { Headers } from "./headers.js";
import { splitNameAddr } from "./name-addr.js";
import { reasonPhrase } from "./reason.js";
import type { SipRequest, SipResponse } from "./types.js";

/**
 * §8.2.6.2: copies every Via (in order), From, To, Call-ID and CSeq; adds `toTag`
 * to To when given and To has no tag yet. §8.2.6.1: a 100 also copies Timestamp.
 */
export function createResponse(request: SipRequest, status: number, options?: { reason?: string; toTag?: string }): SipResponse {
  const headers = new Headers();
  for (const field of request.headers.all()) {
    switch (field.name) {
      case "To":
        headers.append("To", options?.toTag === undefined ? field.value : withTag(field.value, options.toTag));
        break;
      case "Timestamp":
        if (status === 100) headers.append(field.name, field.value);
        break;
      case "Via": case "From": case "Call-ID": case "CSeq":
        headers.append(field.name, field.value);
        break;
      default:
        break;
    }
  }
  return { type: "response", status, reason: options?.reason ?? reasonPhrase(status), version: "SIP/2.0", headers, body: Buffer.alloc(0) };
}

function withTag(to: string, tag: string): string {
  const parts = splitNameAddr(to);
  if (parts.ok && parts.value.params["tag"] != null) return to;
  return `${to};tag=${tag}`;
}
