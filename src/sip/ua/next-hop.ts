/**
 * Which URI a request is sent towards (RFC 3261 §8.1.2, §12.2.1.1, §16.12):
 * the first Route if any, else the account's outbound proxy, else the Request-URI.
 */
import { parseNameAddr, parseUri } from "../message/index.js";
import type { SipRequest, SipUri } from "../message/index.js";
import type { Result } from "../../util/result.js";
import { err, ok } from "../../util/result.js";

export function nextHopUri(request: SipRequest, outboundProxy: SipUri | undefined): Result<SipUri> {
  const routes = request.headers.list("Route");
  if (routes.length > 0) {
    const first = parseNameAddr(routes[0]!);
    return first.ok ? ok(first.value.uri) : err(`bad Route header: ${first.error}`);
  }
  if (outboundProxy) return ok(outboundProxy);
  return parseUri(request.uri);
}
