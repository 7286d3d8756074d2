/**
 * Reads a compound RTCP packet (RFC 3550 §6.1, §6.4–§6.6) with the validity
 * checks of §A.2: version 2 throughout, the first packet an SR or RR, padding
 * only on the last packet, and lengths that add up to the datagram exactly.
 * Never throws on hostile input. RFC 5506 reduced-size RTCP is not accepted.
 */
import { err, ok, type Result } from "../../util/result.js";
import type { Goodbye, ReportBlock, RtcpPacket, SdesChunk, SdesItem, SourceDescription } from "./rtcp-types.js";
import { RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR } from "./rtcp-types.js";

const REPORT_BLOCK = 24;
const SENDER_INFO = 20;

/** RFC 5761 §4: on a multiplexed port, the second octet of RTCP is 192–223 (RTP payload types avoid that range). */
export function looksLikeRtcp(datagram: Uint8Array): boolean {
  return datagram.length >= 8 && datagram[0]! >> 6 === 2 && datagram[1]! >= 192 && datagram[1]! <= 223;
}

export function parseRtcp(datagram: Uint8Array): Result<RtcpPacket[]> {
  const packets: RtcpPacket[] = [];
  let offset = 0;
  while (offset < datagram.length) {
    if (datagram.length - offset < 4) return err(`RTCP: ${datagram.length - offset} stray bytes at the end`);
    const first = datagram[offset]!;
    if (first >> 6 !== 2) return err(`RTCP: version ${first >> 6} in packet ${packets.length + 1}`);
    const packetType = datagram[offset + 1]!;
    const size = 4 * (((datagram[offset + 2]! << 8) | datagram[offset + 3]!) + 1);
    if (offset + size > datagram.length) return err(`RTCP: packet ${packets.length + 1} of ${size} bytes runs past the datagram`);
    let body = datagram.subarray(offset + 4, offset + size);
    offset += size;
    if (first & 0x20) {
      // RFC 3550 §A.2: only the last packet of a compound may be padded.
      if (offset !== datagram.length) return err("RTCP: padding on a packet that is not the last");
      const padding = body.length > 0 ? body[body.length - 1]! : 0;
      if (padding === 0 || padding > body.length) return err(`RTCP: bad padding count ${padding}`);
      body = body.subarray(0, body.length - padding);
    }
    const packet = parseOne(packetType, first & 0x1f, body);
    if (!packet.ok) return packet;
    packets.push(packet.value);
  }
  if (packets.length === 0) return err("RTCP: empty datagram");
  // RFC 3550 §6.1, §A.2: a compound packet starts with an SR or an RR.
  if (packets[0]!.type !== "sr" && packets[0]!.type !== "rr") return err(`RTCP: compound starts with ${describe(packets[0]!)}, not SR or RR`);
  return ok(packets);
}

function parseOne(packetType: number, count: number, body: Uint8Array): Result<RtcpPacket> {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  switch (packetType) {
    case RTCP_SR: {
      const need = 4 + SENDER_INFO + REPORT_BLOCK * count;
      if (body.length < need) return err(`RTCP SR: ${body.length} bytes for ${count} report blocks`);
      return ok({
        type: "sr",
        ssrc: view.getUint32(0),
        sender: {
          ntp: { seconds: view.getUint32(4), fraction: view.getUint32(8) },
          rtpTimestamp: view.getUint32(12),
          packetCount: view.getUint32(16),
          octetCount: view.getUint32(20),
        },
        reports: reportBlocks(view, 4 + SENDER_INFO, count),
        extension: body.subarray(need),
      });
    }
    case RTCP_RR: {
      const need = 4 + REPORT_BLOCK * count;
      if (body.length < need) return err(`RTCP RR: ${body.length} bytes for ${count} report blocks`);
      return ok({ type: "rr", ssrc: view.getUint32(0), reports: reportBlocks(view, 4, count), extension: body.subarray(need) });
    }
    case RTCP_SDES:
      return parseSdes(body, count);
    case RTCP_BYE:
      return parseBye(body, count);
    default:
      return ok({ type: "other", packetType, count, body });
  }
}

function reportBlocks(view: DataView, start: number, count: number): ReportBlock[] {
  const blocks: ReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const at = start + REPORT_BLOCK * i;
    const lossWord = view.getUint32(at + 4);
    blocks.push({
      ssrc: view.getUint32(at),
      fractionLost: lossWord >>> 24,
      cumulativeLost: ((lossWord & 0xffffff) << 8) >> 8, // sign-extend the 24-bit field
      highestSequence: view.getUint32(at + 8),
      jitter: view.getUint32(at + 12),
      lastSr: view.getUint32(at + 16),
      delaySinceLastSr: view.getUint32(at + 20),
    });
  }
  return blocks;
}

/** RFC 3550 §6.5: chunks of an SSRC and items, each chunk ended by null octets up to a 32-bit boundary. */
function parseSdes(body: Uint8Array, count: number): Result<SourceDescription> {
  const chunks: SdesChunk[] = [];
  let at = 0;
  for (let c = 0; c < count; c++) {
    if (body.length - at < 4) return err(`RTCP SDES: chunk ${c + 1} truncated`);
    const ssrc = new DataView(body.buffer, body.byteOffset + at, 4).getUint32(0);
    at += 4;
    const items: SdesItem[] = [];
    for (;;) {
      if (at >= body.length) return err(`RTCP SDES: chunk ${c + 1} not terminated`);
      const type = body[at]!;
      if (type === 0) break;
      if (at + 2 > body.length) return err(`RTCP SDES: item header truncated in chunk ${c + 1}`);
      const length = body[at + 1]!;
      if (at + 2 + length > body.length) return err(`RTCP SDES: item of ${length} bytes truncated in chunk ${c + 1}`);
      items.push({ type, data: body.subarray(at + 2, at + 2 + length) });
      at += 2 + length;
    }
    at = (at + 4) & ~3; // the null octet, then up to the next 32-bit boundary
    if (at > body.length) return err(`RTCP SDES: chunk ${c + 1} padding truncated`);
    chunks.push({ ssrc, items });
  }
  return ok({ type: "sdes", chunks });
}

/** RFC 3550 §6.6: SSRCs, then an optional length-prefixed reason. */
function parseBye(body: Uint8Array, count: number): Result<Goodbye> {
  if (body.length < 4 * count) return err(`RTCP BYE: ${body.length} bytes for ${count} sources`);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const ssrcs: number[] = [];
  for (let i = 0; i < count; i++) ssrcs.push(view.getUint32(4 * i));
  let reason: string | undefined;
  if (body.length > 4 * count) {
    const length = body[4 * count]!;
    if (4 * count + 1 + length > body.length) return err(`RTCP BYE: reason of ${length} bytes truncated`);
    reason = Buffer.from(body.subarray(4 * count + 1, 4 * count + 1 + length)).toString("utf8");
  }
  return ok({ type: "bye", ssrcs, reason });
}

function describe(packet: RtcpPacket): string {
  return packet.type === "other" ? `packet type ${packet.packetType}` : packet.type.toUpperCase();
}
