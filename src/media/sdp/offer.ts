/**
 * RFC 3264 §5: the offer lists our codecs in preference order, then
 * telephone-event with its own payload type, our ptime and direction.
 */
import { audioMedia, DEFAULT_PTIME_MS, writeDescription } from "./local-description.js";
import type { OfferOptions } from "./types.js";

export function createOffer(options: OfferOptions): string {
  const crypto = options.crypto ?? [];
  const te = options.telephoneEvent;
  const media = audioMedia({
    port: options.port,
    // RFC 4568 §3.1.1: a=crypto belongs to the RTP/SAVP profile.
    protocol: crypto.length > 0 ? "RTP/SAVP" : "RTP/AVP",
    codecs: options.codecs,
    ...(te ? { telephoneEvent: { payloadType: te.payloadType, events: te.events, clockRate: te.clockRate ?? 8000 } } : {}),
    ptimeMs: options.ptimeMs ?? DEFAULT_PTIME_MS,
    direction: options.direction ?? "sendrecv",
    crypto,
  });
  return writeDescription(options, [media]);
}
