/**
 * Writes RTCP packets (RFC 3550 §6.4–§6.6) one after the other, as a compound
 * packet when given several. Nothing is padded beyond what SDES and BYE need
 * for their 32-bit boundaries. A malformed packet object is a caller bug and
 * throws RangeError.
 */
import type { ReportBlock, RtcpPacket, SdesChunk } from "./rtcp-types.js";
import { RTCP_BYE, RTCP_RR, RTCP_SDES, RTCP_SR } from "./rtcp-types.js";

export function serializeRtcp(packets: readonly RtcpPacket[]): Buffer {
  return Buffer.concat(packets.map(serializeOne));
}

function serializeOne(packet: RtcpPacket): Buffer {
  switch (packet.type) {
    case "sr": {
      const body = Buffer.alloc(24);
      body.writeUInt32BE(packet.ssrc >>> 0, 0);
      body.writeUInt32BE(packet.sender.ntp.seconds >>> 0, 4);
      body.writeUInt32BE(packet.sender.ntp.fraction >>> 0, 8);
      body.writeUInt32BE(packet.sender.rtpTimestamp >>> 0, 12);
      body.writeUInt32BE(packet.sender.packetCount >>> 0, 16);
      body.writeUInt32BE(packet.sender.octetCount >>> 0, 20);
      return withHeader(RTCP_SR, countOf(packet.reports.length), [body, ...packet.reports.map(reportBlock), aligned(packet.extension, "SR extension")]);
    }
    case "rr": {
      const body = Buffer.alloc(4);
      body.writeUInt32BE(packet.ssrc >>> 0, 0);
      return withHeader(RTCP_RR, countOf(packet.reports.length), [body, ...packet.reports.map(reportBlock), aligned(packet.extension, "RR extension")]);
    }
    case "sdes":
      return withHeader(RTCP_SDES, countOf(packet.chunks.length), packet.chunks.map(sdesChunk));
    case "bye": {
      const ssrcs = Buffer.alloc(4 * packet.ssrcs.length);
      packet.ssrcs.forEach((ssrc, i) => ssrcs.writeUInt32BE(ssrc >>> 0, 4 * i));
      const parts: Uint8Array[] = [ssrcs];
      if (packet.reason !== undefined) {
        const text = Buffer.from(packet.reason, "utf8");
        if (text.length > 255) throw new RangeError(`RTCP BYE reason of ${text.length} bytes`);
        parts.push(padTo4(Buffer.concat([Buffer.from([text.length]), text])));
      }
      return withHeader(RTCP_BYE, countOf(packet.ssrcs.length), parts);
    }
    case "other":
      if (packet.count < 0 || packet.count > 31) throw new RangeError(`RTCP count ${packet.count}`);
      return withHeader(packet.packetType, packet.count, [aligned(packet.body, `RTCP packet type ${packet.packetType}`)]);
  }
}

function withHeader(packetType: number, count: number, parts: readonly Uint8Array[]): Buffer {
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(4);
  header[0] = 0x80 | count;
  header[1] = packetType;
  header.writeUInt16BE(body.length / 4, 2); // RFC 3550 §6.4.1: length in 32-bit words minus one
  return Buffer.concat([header, body]);
}

function reportBlock(block: ReportBlock): Buffer {
  const out = Buffer.alloc(24);
  out.writeUInt32BE(block.ssrc >>> 0, 0);
  out.writeUInt32BE((((block.fractionLost & 0xff) << 24) | (block.cumulativeLost & 0xffffff)) >>> 0, 4);
  out.writeUInt32BE(block.highestSequence >>> 0, 8);
  out.writeUInt32BE(block.jitter >>> 0, 12);
  out.writeUInt32BE(block.lastSr >>> 0, 16);
  out.writeUInt32BE(block.delaySinceLastSr >>> 0, 20);
  return out;
}

/** RFC 3550 §6.5: SSRC, items, then at least one null octet up to a 32-bit boundary. */
function sdesChunk(chunk: SdesChunk): Buffer {
  const parts: Uint8Array[] = [Buffer.alloc(4)];
  (parts[0] as Buffer).writeUInt32BE(chunk.ssrc >>> 0, 0);
  for (const item of chunk.items) {
    if (item.type < 1 || item.type > 255 || item.data.length > 255) throw new RangeError(`SDES item type ${item.type} of ${item.data.length} bytes`);
    parts.push(Buffer.from([item.type, item.data.length]), item.data);
  }
  parts.push(Buffer.alloc(1));
  return padTo4(Buffer.concat(parts));
}

function padTo4(bytes: Buffer): Buffer {
  const extra = (4 - (bytes.length % 4)) % 4;
  return extra === 0 ? bytes : Buffer.concat([bytes, Buffer.alloc(extra)]);
}

function aligned(bytes: Uint8Array, what: string): Uint8Array {
  if (bytes.length % 4 !== 0) throw new RangeError(`${what} of ${bytes.length} bytes is not a multiple of 4`);
  return bytes;
}

function countOf(n: number): number {
  if (n > 31) throw new RangeError(`${n} items in one RTCP packet (at most 31)`);
  return n;
}
