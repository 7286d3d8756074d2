/**
 * What a session offers and where it says it is: our codecs in preference order, CN,
 * telephone-event, ptime, and the address written in the SDP.
 */
import { isIPv6 } from "node:net";
import { networkInterfaces } from "node:os";
import { type AudioCodec, COMFORT_NOISE_PAYLOAD_TYPE, type G711Name, PCMA, PCMU } from "../codec/index.js";
import type { MediaOptions } from "../sdp/index.js";

export const CODECS: Readonly<Record<G711Name, AudioCodec>> = { PCMU, PCMA };
/** RFC 4733 §3.2: the DTMF digits and flash. */
const EVENTS_OFFERED = "0-16";

export function localMediaOptions(o: {
  address: string;
  port: number;
  codecs: readonly G711Name[];
  telephoneEventPayloadType: number;
  ptimeMs: number;
}): MediaOptions {
  return {
    address: o.address,
    port: o.port,
    codecs: [
      ...o.codecs.map((name) => ({ name, payloadType: CODECS[name].payloadType, clockRate: 8000 })),
      // RFC 3389 §5: the peer may send comfort noise only if we list CN.
      { name: "CN", payloadType: COMFORT_NOISE_PAYLOAD_TYPE, clockRate: 8000 },
    ],
    telephoneEvent: { payloadType: o.telephoneEventPayloadType, events: EVENTS_OFFERED },
    ptimeMs: o.ptimeMs,
  };
}

/** The codec for an rtpmap encoding name, if we can play it. */
export function codecNamed(name: string): AudioCodec | undefined {
  const upper = name.toUpperCase();
  return upper === "PCMU" || upper === "PCMA" ? CODECS[upper] : undefined;
}

/** RFC 3264 §8.4: c=0.0.0.0 (and its IPv6 twin) means "send nothing here". */
export function isNullAddress(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}

/** A wildcard bind is advertised as the first external IPv4 address (loopback if there is none). */
export function advertisableAddress(bindAddress: string): string {
  if (!isNullAddress(bindAddress)) return bindAddress;
  for (const entries of Object.values(networkInterfaces())) {
    const external = entries?.find((e) => e.family === "IPv4" && !e.internal);
    if (external) return external.address;
  }
  return isIPv6(bindAddress) ? "::1" : "127.0.0.1";
}
