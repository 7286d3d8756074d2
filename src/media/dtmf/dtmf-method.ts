/**
 * How a line sends the digits dialled during a call, chosen per account as commercial
 * ATAs offer it: RFC 4733 telephone events in the RTP stream, tones in the audio
 * itself, or SIP INFO requests carrying `application/dtmf-relay`.
 */
export type DtmfMethod = "rfc4733" | "inband" | "info";

export const DTMF_METHODS: readonly DtmfMethod[] = ["rfc4733", "inband", "info"];

export function isDtmfMethod(value: unknown): value is DtmfMethod {
  return typeof value === "string" && (DTMF_METHODS as readonly string[]).includes(value);
}
