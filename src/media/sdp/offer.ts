/**
 * RFC 3264 §5: the offer lists our codecs in preference order, then
 * telephone-event with its own payload type, our ptime and direction, and
 * our SRTP keys as the account's policy says.
 */
import { audioMedia, DEFAULT_PTIME_MS, writeDescription } from "./local-description.js";
import { offeredSecurity } from "./srtp-policy.js";
import type { OfferOptions } from "./types.js";

export function createOffer(options: OfferOptions): string {
  const { protocol, crypto } = offeredSecurity(options.srtp);
  const te = options.telephoneEvent;
  const media = audioMedia({
    port: options.port,
    protocol,
    codecs: options.codecs,
    ...(te ? { telephoneEvent: { payloadType: te.payloadType, events: te.events, clockRate: te.clockRate ?? 8000 } } : {}),
    ptimeMs: options.ptimeMs ?? DEFAULT_PTIME_MS,
    direction: options.direction ?? "sendrecv",
    crypto,
  });
  return writeDescription(options, [media]);
}
