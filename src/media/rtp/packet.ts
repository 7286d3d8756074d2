/**
 * The RTP fixed header, CSRC list, header extension and padding (RFC 3550 §5.1,
 * §5.3.1), read from and written to bytes. Parsing never throws: hostile input
 * comes back as an error value. The parsed payload and extension data are views
 * into the datagram, not copies.
 */
import { err, ok, type Result } from "../../util/result.js";

/** RFC 3550 §5.3.1: a profile-defined 16-bit value and the extension words as bytes. */
export interface RtpHeaderExtension {
  readonly profile: number;
  /** A multiple of 4 bytes long (the header counts 32-bit words). */
  readonly data: Uint8Array;
}

export interface RtpPacket {
  readonly marker: boolean;
  /** 0–127. */
  readonly payloadType: number;
  /** 16 bits, wraps at 65536. */
  readonly sequenceNumber: number;
  /** 32 bits, wraps at 2^32. */
  readonly timestamp: number;
  readonly ssrc: number;
  /** Up to 15 contributing sources. */
  readonly csrcs: readonly number[];
  readonly extension: RtpHeaderExtension | undefined;
  readonly payload: Uint8Array;
  /** Padding octets after the payload, the count octet included; 0 means none. Written as zeros. */
  readonly paddingLength: number;
}

const FIXED_HEADER = 12;

/** RFC 3550 §5.1 (and §A.1's validity checks on the header itself). */
export function parseRtp(datagram: Uint8Array): Result<RtpPacket> {
  if (datagram.length < FIXED_HEADER) return err(`RTP packet too short: ${datagram.length} bytes`);
  const view = new DataView(datagram.buffer, datagram.byteOffset, datagram.byteLength);
  const first = datagram[0]!;
  const version = first >> 6;
  if (version !== 2) return err(`RTP version ${version}, expected 2`);
  const hasPadding = (first & 0x20) !== 0;
  const hasExtension = (first & 0x10) !== 0;
  const csrcCount = first & 0x0f;
  let offset = FIXED_HEADER + 4 * csrcCount;
  if (datagram.length < offset) return err(`RTP packet truncated in the CSRC list (${csrcCount} CSRCs)`);
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(view.getUint32(FIXED_HEADER + 4 * i));

  let extension: RtpHeaderExtension | undefined;
  if (hasExtension) {
    if (datagram.length < offset + 4) return err("RTP packet truncated in the header extension");
    const profile = view.getUint16(offset);
    const words = view.getUint16(offset + 2);
    const end = offset + 4 + 4 * words;
    if (datagram.length < end) return err(`RTP header extension of ${words} words runs past the packet`);
    extension = { profile, data: datagram.subarray(offset + 4, end) };
    offset = end;
  }

  let paddingLength = 0;
  if (hasPadding) {
    // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
    paddingLength = datagram[datagram.length - 1]!;
    if (paddingLength === 0) return err("RTP padding count is zero");
    if (paddingLength > datagram.length - offset) return err(`RTP padding of ${paddingLength} bytes exceeds the payload`);
  }

  const second = datagram[1]!;
  return ok({
    marker: (second & 0x80) !== 0,
    payloadType: second & 0x7f,
    sequenceNumber: view.getUint16(2),
    timestamp: view.getUint32(4),
    ssrc: view.getUint32(8),
    csrcs,
    extension,
    payload: datagram.subarray(offset, datagram.length - paddingLength),
    paddingLength,
  });
}

/** Writes a packet. A malformed packet object is a bug in the caller and throws RangeError. */
export function serializeRtp(packet: RtpPacket): Buffer {
  checkWritable(packet);
  const extensionBytes = packet.extension ? 4 + packet.extension.data.length : 0;
  const headerLength = FIXED_HEADER + 4 * packet.csrcs.length + extensionBytes;
  // From Node's shared pool (one allocation per packet would be a fresh ArrayBuffer): every byte is written below.
  const out = Buffer.allocUnsafe(headerLength + packet.payload.length + packet.paddingLength);
  out[0] = 0x80 | (packet.paddingLength > 0 ? 0x20 : 0) | (packet.extension ? 0x10 : 0) | packet.csrcs.length;
  out[1] = (packet.marker ? 0x80 : 0) | packet.payloadType;
  out.writeUInt16BE(packet.sequenceNumber, 2);
  out.writeUInt32BE(packet.timestamp >>> 0, 4);
  out.writeUInt32BE(packet.ssrc >>> 0, 8);
  let offset = FIXED_HEADER;
  for (const csrc of packet.csrcs) {
    out.writeUInt32BE(csrc >>> 0, offset);
    offset += 4;
  }
  if (packet.extension) {
    out.writeUInt16BE(packet.extension.profile, offset);
    out.writeUInt16BE(packet.extension.data.length / 4, offset + 2);
    out.set(packet.extension.data, offset + 4);
    offset += extensionBytes;
  }
  out.set(packet.payload, offset);
  if (packet.paddingLength > 0) {
    out.fill(0, out.length - packet.paddingLength);
    out[out.length - 1] = packet.paddingLength;
  }
  return out;
}

function checkWritable(p: RtpPacket): void {
  const problems: string[] = [];
  if (!Number.isInteger(p.payloadType) || p.payloadType < 0 || p.payloadType > 127) problems.push(`payload type ${p.payloadType}`);
  if (!Number.isInteger(p.sequenceNumber) || p.sequenceNumber < 0 || p.sequenceNumber > 0xffff) problems.push(`sequence ${p.sequenceNumber}`);
  if (p.csrcs.length > 15) problems.push(`${p.csrcs.length} CSRCs`);
  if (p.extension && (p.extension.data.length % 4 !== 0 || p.extension.data.length > 4 * 0xffff)) problems.push(`extension of ${p.extension.data.length} bytes`);
  if (p.extension && (p.extension.profile < 0 || p.extension.profile > 0xffff)) problems.push(`extension profile ${p.extension.profile}`);
  if (!Number.isInteger(p.paddingLength) || p.paddingLength < 0 || p.paddingLength > 255) problems.push(`padding ${p.paddingLength}`);
  if (problems.length > 0) throw new RangeError(`cannot write RTP packet: ${problems.join(", ")}`);
}
