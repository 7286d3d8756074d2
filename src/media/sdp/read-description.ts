/**
 * Reads an SDP body (the peer's, or our own offer when its answer comes) into
 * what negotiation needs, per m= line: type, port,
 * profile, formats, connection address (media level over session level,
 * RFC 4566 §5.7), direction (media over session, default sendrecv, RFC 3264
 * §5.1), ptime, a=rtcp and a=crypto. Hostile input gives a failure, never an
 * exception. a=crypto lines are read from the text here, since sdp-transform
 * keeps only the first session parameter (RFC 4568 §9.1 allows several).
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

/** RFC 4568 §9.1: a=crypto:<tag> <crypto-suite> <key-params> *(<session-param>), per m= section, as written. */
function cryptoLines(sdp: string): CryptoAttribute[][] {
  const sections: CryptoAttribute[][] = [];
  for (const line of sdp.split(/\r\n|\r|\n/)) {
    if (line.startsWith("m=")) sections.push([]);
    const m = /^a=crypto:(\S*)[ \t]*(\S*)[ \t]*(\S*)[ \t]*(.*?)\s*$/.exec(line);
    if (!m || sections.length === 0) continue;
    sections[sections.length - 1]!.push({
      tag: /^\d{1,9}$/.test(m[1]!) ? Number(m[1]) : NaN, suite: m[2]!, keyParams: m[3]!, ...(m[4] ? { sessionParams: m[4] } : {}),
    });
  }
  return sections;
}

function readStream(media: MediaDescription, index: number, session: SessionDescription, crypto: CryptoAttribute[]): StreamDescription | undefined {
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
    crypto,
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
  const crypto = cryptoLines(sdp);
  for (const [index, media] of (session.media ?? []).entries()) {
    const stream = readStream(media, index, session, crypto[index] ?? []);
    if (!stream) return malformed(`unreadable m= line ${index}`);
    streams.push(stream);
  }
  return ok(streams);
}

/** RFC 3264 §8.4: c=0.0.0.0 (RFC 2543 hold) means the peer does not want to receive. */
export function isNullAddress(address: string | undefined): boolean {
  return address === "0.0.0.0" || address === "::";
}
