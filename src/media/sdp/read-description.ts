/**
 * Reads an SDP body (the peer's, or our own offer when its answer comes) into
 * what negotiation needs, per m= line: type, port,
 * profile, formats, connection address (media level over session level,
 * RFC 4566 §5.7), direction (media over session, default sendrecv, RFC 3264
 * §5.1), ptime, a=rtcp and a=crypto. Hostile input gives a failure, never an
 * exception.
 */
import { parse, type MediaDescription, type SessionDescription } from "sdp-transform";
import { err, ok, type Result } from "../../util/result.js";
import { isDirection } from "./direction.js";
import { formatsOf, type Format } from "./formats.js";
import type { CryptoAttribute, Direction, SdpFailure } from "./types.js";

export interface StreamDescription {
  readonly index: number;
  readonly type: string;
  readonly port: number;
  readonly protocol: string;
  /** The m= line's format list as written, echoed when the stream is rejected. */
  readonly payloads: string;
  readonly formats: readonly Format[];
  readonly address: string | undefined;
  readonly direction: Direction;
  readonly ptimeMs: number | undefined;
  readonly rtcpPort: number | undefined;
  readonly crypto: readonly CryptoAttribute[];
}

function malformed(detail: string): Result<never, SdpFailure> {
  return err({ reason: "malformed", detail });
}

function isPort(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 65535;
}

function readStream(media: MediaDescription, index: number, session: SessionDescription): StreamDescription | undefined {
  if (typeof media.type !== "string" || media.type === "" || !isPort(media.port) || typeof media.protocol !== "string") return undefined;
  const direction = isDirection(media.direction) ? media.direction : isDirection(session.direction) ? session.direction : "sendrecv";
  const ptime = Number(media.ptime);
  return {
    index,
    type: media.type,
    port: media.port,
    protocol: media.protocol,
    payloads: String(media.payloads ?? "").trim(),
    formats: formatsOf(media),
    address: media.connection?.ip ?? session.connection?.ip,
    direction,
    ptimeMs: Number.isInteger(ptime) && ptime >= 10 && ptime <= 200 ? ptime : undefined,
    rtcpPort: isPort(media.rtcp?.port) && media.rtcp.port > 0 ? media.rtcp.port : undefined,
    crypto: (media.crypto ?? []).map((c) => ({
      tag: Number(c.id), suite: String(c.suite), keyParams: String(c.config),
      ...(c.sessionConfig === undefined ? {} : { sessionParams: String(c.sessionConfig) }),
    })),
  };
}

export function readDescription(sdp: string): Result<readonly StreamDescription[], SdpFailure> {
  let session: SessionDescription;
  try {
    session = parse(sdp);
  } catch (e) {
    return malformed(`unparsable SDP: ${(e as Error).message}`);
  }
  if (session.version !== 0) return malformed("missing or unknown v= line");
  if (!session.origin || typeof session.origin.address !== "string") return malformed("missing o= line");
  const streams: StreamDescription[] = [];
  for (const [index, media] of (session.media ?? []).entries()) {
    const stream = readStream(media, index, session);
    if (!stream) return malformed(`unreadable m= line ${index}`);
    streams.push(stream);
  }
  return ok(streams);
}

/** RFC 3264 §8.4: c=0.0.0.0 (RFC 2543 hold) means the peer does not want to receive. */
export function isNullAddress(address: string | undefined): boolean {
  return address === "0.0.0.0" || address === "::";
}
