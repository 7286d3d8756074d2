/**
 * Takes the SDP out of a message body. Sessions do not interpret SDP; they only
 * make sure what they hand to the user parses as a session description (RFC 4566
 * v=, o=, s=, t=) so a garbage body is refused here, not deep in the media code.
 */
import { parse } from "sdp-transform";
import { err, ok, type Result } from "../../util/result.js";
import type { SipMessage } from "../message/index.js";

export type SdpProblem = "not-sdp" | "bad-sdp";

/** ok(undefined) for an empty body; the SDP text for a valid application/sdp body. */
export function sdpOf(message: SipMessage): Result<string | undefined, SdpProblem> {
  if (message.body.length === 0) return ok(undefined);
  const type = (message.headers.get("Content-Type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/sdp") return err("not-sdp");
  const text = message.body.toString("utf8");
  return looksLikeSdp(text) ? ok(text) : err("bad-sdp");
}

/** True if `text` parses as an SDP session description with version 0 and an origin. */
export function looksLikeSdp(text: string): boolean {
  if (!text.startsWith("v=")) return false;
  try {
    const session = parse(text);
    return session.version === 0 && session.origin !== undefined && session.timing !== undefined;
  } catch {
    return false;
  }
}
