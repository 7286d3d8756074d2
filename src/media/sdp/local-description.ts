/**
 * Writes our SDP: one session with our origin and connection address, our
 * audio m= line, and rejected m= lines (port 0) where an answer must mirror
 * streams of the offer that we do not take (RFC 3264 §6).
 */
import { isIPv6 } from "node:net";
import { write, type MediaDescription, type SessionDescription } from "sdp-transform";
import type { StreamDescription } from "./read-description.js";
import { TELEPHONE_EVENT } from "./formats.js";
import type { CodecSpec, CryptoAttribute, Direction, OfferOptions } from "./types.js";

export const DEFAULT_PTIME_MS = 20;

export interface AudioLine {
  readonly port: number;
  readonly protocol: string;
  /** In the order to list them. */
  readonly codecs: readonly CodecSpec[];
  readonly telephoneEvent?: { readonly payloadType: number; readonly events: string; readonly clockRate: number };
  readonly ptimeMs: number;
  readonly direction: Direction;
  readonly crypto: readonly CryptoAttribute[];
}

export function audioMedia(line: AudioLine): MediaDescription {
  const rtp: MediaDescription["rtp"] = line.codecs.map((c) => ({
    payload: c.payloadType, codec: c.name, rate: c.clockRate, ...((c.channels ?? 1) > 1 ? { encoding: c.channels } : {}),
  }));
  const fmtp: MediaDescription["fmtp"] = line.codecs.flatMap((c) => (c.fmtp === undefined ? [] : [{ payload: c.payloadType, config: c.fmtp }]));
  const te = line.telephoneEvent;
  if (te) {
    rtp.push({ payload: te.payloadType, codec: TELEPHONE_EVENT, rate: te.clockRate });
    fmtp.push({ payload: te.payloadType, config: te.events });
  }
  const media: MediaDescription = {
    type: "audio",
    port: line.port,
    protocol: line.protocol,
    payloads: [...line.codecs.map((c) => c.payloadType), ...(te ? [te.payloadType] : [])].join(" "),
    rtp,
    fmtp,
    ptime: line.ptimeMs,
    direction: line.direction,
  };
  if (line.crypto.length > 0) {
    media.crypto = line.crypto.map((c) => ({
      id: c.tag, suite: c.suite, config: c.keyParams, ...(c.sessionParams === undefined ? {} : { sessionConfig: c.sessionParams }),
    }));
  }
  return media;
}

/** RFC 3264 §6: a rejected stream keeps its type, profile and formats, with port 0. */
export function rejectedMedia(stream: StreamDescription): MediaDescription {
  return { type: stream.type, port: 0, protocol: stream.protocol, payloads: stream.payloads === "" ? "0" : stream.payloads, rtp: [], fmtp: [] };
}

export function writeDescription(options: Pick<OfferOptions, "origin" | "sessionName" | "address">, media: MediaDescription[]): string {
  const ipVer = isIPv6(options.address) ? 6 : 4;
  const description: SessionDescription = {
    version: 0,
    origin: {
      username: options.origin.username ?? "-",
      sessionId: options.origin.sessionId,
      sessionVersion: options.origin.sessionVersion,
      netType: "IN",
      ipVer,
      address: options.address,
    },
    name: options.sessionName ?? "dialtone",
    connection: { version: ipVer, ip: options.address },
    timing: { start: 0, stop: 0 },
    media,
  };
  return write(description);
}
